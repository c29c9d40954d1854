/** HTTP for devices: the ticket phone page `/t/<day>/<number>` (the QR target; `.json` its live view, `/t/ticket-live.js` the script that keeps it live) and the device part of `/healthz` (/metrics: server/metrics/). */
import { Router } from 'express';
import type { DeviceHealth } from '../../state-machines/devices/device-types.ts';
import { needsAttention } from '../../state-machines/devices/device-health.ts';
import type { HallService } from '../hall/hall-service.ts';
import { ratingRoutes } from './rating-form.ts';
import type { TicketKeys } from './ticket-keys.ts';
import { ticketLiveScript, ticketPage } from './ticket-page.ts';

export interface DeviceHealthSource {
  health(): DeviceHealth[];
}

/** The `devices` field of /healthz. A printer out of paper does not make the hall server unhealthy. */
export function devicesHealthz(source: DeviceHealthSource) {
  const list = source.health();
  const attention = list.filter(needsAttention).map((d) => d.id);
  return { status: attention.length === 0 ? 'ok' : 'attention', attention, list };
}

export function deviceRoutes(hall: HallService, keys: TicketKeys, now: () => number = Date.now): Router {
  const router = Router();
  router.get('/t/ticket-live.js', ticketLiveScript);
  router.get('/t/:day/:number', ticketPage(hall, keys, now));
  router.use(ratingRoutes(hall, keys, now));
  return router;
}
