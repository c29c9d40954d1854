/** HTTP for devices: `/metrics` (Prometheus text), the ticket phone page `/t/<day>/<number>` (the QR target) and the device part of `/healthz`. */
import { Router } from 'express';
import type { DeviceHealth } from '../../state-machines/devices/device-types.ts';
import { metricsText, needsAttention } from '../../devices/registry.ts';
import type { HallService } from '../hall/hall-service.ts';
import { LIMITS, rateLimited } from '../sockets/limits.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';
import { ticketPage } from './ticket-page.ts';

export interface DeviceHealthSource {
  health(): DeviceHealth[];
}

/** The `devices` field of /healthz. A printer out of paper does not make the hall server unhealthy. */
export function devicesHealthz(source: DeviceHealthSource) {
  const list = source.health();
  const attention = list.filter(needsAttention).map((d) => d.id);
  return { status: attention.length === 0 ? 'ok' : 'attention', attention, list };
}

export function deviceRoutes(source: DeviceHealthSource, hall: HallService, now: () => number = Date.now): Router {
  const router = Router();
  router.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(
      metricsText(source.health(), { yichuang_hall_last_seq: hall.seq, yichuang_storage_ok: hall.storageOk ? 1 : 0 }, now()),
    );
  });
  // The phone page is public (guest Wi-Fi): limited per address, generously (a phone reloads it every 30 s).
  const pages = new TokenBuckets(LIMITS.ticketPage.perMinute, LIMITS.ticketPage.burst);
  router.get('/t/:day/:number', (req, res, next) => {
    const wait = pages.admit(req.socket.remoteAddress ?? 'unknown', Date.now());
    if (wait === 0) return next();
    res.setHeader('Retry-After', String(wait));
    res.status(429).type('text/plain; charset=utf-8').send(rateLimited(wait, '刷新', 'page loads').message);
  });
  router.get('/t/:day/:number', ticketPage(hall));
  return router;
}
