/**
 * 网上预约: the REST API of the online booking channels (政务服务网, 小程序).
 *
 *   GET    /api/appointments/slots?queueId=real-estate   bookable days and slots with remaining capacity
 *   POST   /api/appointments                             book → 201 { appointment } (with the code, once)
 *   DELETE /api/appointments/:code                       the visitor cancels → 200 { appointment }
 *
 * Every call carries `Authorization: Bearer <channel token>` (hall config
 * `channels[]`; channel-auth.ts: rate limits per channel and per address,
 * typed JSON errors).
 */
import { Router } from 'express';
import { z } from 'zod';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import { appointmentCode, bookAppointmentRequest } from '../../state-machines/protocol/messages.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import { answer, badRequest, channelDoor } from './channel-auth.ts';

/** Body of POST /api/appointments: the kiosk's booking request without the staff-only window. */
export const restBookingSchema = bookAppointmentRequest.omit({ window: true });
const slotsQuery = z.strictObject({ queueId: z.string().min(1).max(40) });
const cancelRequestId = z.strictObject({
  requestId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export function appointmentRoutes(desk: AppointmentDesk, now: () => number): Router {
  const router = Router();
  const authenticate = channelDoor(desk.hall.config.channels, now, protocolError('UNAUTHORIZED', '预约渠道未授权', 'Unknown or missing channel token'));

  router.get('/api/appointments/slots', (req, res) => {
    if (!authenticate(req, res)) return;
    const parsed = slotsQuery.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error.issues);
    answer(res, desk.slots(parsed.data.queueId));
  });

  router.post('/api/appointments', (req, res) => {
    const channel = authenticate(req, res);
    if (!channel) return;
    const parsed = restBookingSchema.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error.issues);
    answer(res, desk.book(parsed.data, { channel: 'online', bookedBy: channel.id, actor: `channel:${channel.id}` }), 201);
  });

  router.delete('/api/appointments/:code', (req, res) => {
    const channel = authenticate(req, res);
    if (!channel) return;
    const code = appointmentCode.safeParse(req.params.code);
    if (!code.success) return badRequest(res, code.error.issues);
    const body = cancelRequestId.safeParse(req.body ?? {});
    // A requestId makes a retried DELETE answer the first result; without one, the code names the intent.
    const requestId = body.success ? body.data.requestId : `cancel-${code.data}`;
    answer(res, desk.cancelByCode(code.data, `channel:${channel.id}`, requestId));
  });

  return router;
}
