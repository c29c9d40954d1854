/**
 * 网上预约: the REST API of the online booking channels (政务服务网, 小程序).
 *
 *   GET    /api/appointments/slots?queueId=real-estate   bookable days and slots with remaining capacity
 *   POST   /api/appointments                             book → 201 { appointment } (with the code, once)
 *   DELETE /api/appointments/:code                       the visitor cancels → 200 { appointment }
 *
 * Every call carries `Authorization: Bearer <channel token>` (hall config
 * `channels[]`), compared in constant time. A channel's requests are
 * rate-limited per channel only; wrong or missing tokens per address (so a
 * neighbour guessing tokens from the same address never slows a real
 * channel). Every error is typed JSON `{ error: { code, … } }`.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ChannelConfig } from '../../state-machines/config/hall-config.ts';
import { protocolError, type ErrorCode, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import { appointmentCode, bookAppointmentRequest } from '../../state-machines/protocol/messages.ts';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { matchSecret } from '../auth/secret-match.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';

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

const STATUS: Partial<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  LIMIT_REACHED: 409,
  TOO_EARLY: 409,
  RATE_LIMITED: 429,
  STORAGE_UNAVAILABLE: 503,
};

/** The channel whose token this is, compared in constant time. */
export function channelFor(channels: readonly ChannelConfig[], token: string | undefined): ChannelConfig | undefined {
  return matchSecret(channels, (c) => c.token, token);
}

export function appointmentRoutes(desk: AppointmentDesk, now: () => number): Router {
  const router = Router();
  const channels = desk.hall.config.channels;
  /** A channel's booking backend: 2 requests a second sustained, bursts of 30. */
  const perChannel = new TokenBuckets(120, 30);
  /** Wrong or missing tokens from one address: 10 a minute, bursts of 10. */
  const perAddress = new TokenBuckets(10, 10);

  const fail = (res: Response, error: ProtocolError) => {
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(STATUS[error.code] ?? 500).json({ error });
  };
  const answer = <T>(res: Response, ack: Ack<T>, status = 200) => (ack.ok ? res.status(status).json(ack.result) : fail(res, ack.error));
  const badRequest = (res: Response, issues: z.core.$ZodIssue[]) => {
    const first = issues[0];
    fail(res, protocolError('BAD_REQUEST', '请求格式不正确', first?.message ?? 'invalid request', first?.path.map(String).join('.') || undefined));
  };
  const limited = (key: string, buckets: TokenBuckets, take: boolean): ProtocolError | undefined => {
    const wait = buckets.waitFor(key, now());
    if (wait > 0)
      return { ...protocolError('RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后再试`, `Too many requests; try again in ${wait} s`), retryAfterSeconds: wait };
    if (take) buckets.take(key, now());
    return undefined;
  };
  /**
   * The channel of the bearer token, or an answer already sent. The token is
   * looked at first: a right one is limited per channel only; a wrong or
   * missing one uses up its address's allowance (token guessing is slowed),
   * and once that is spent wrong tokens from there get 429 instead of 401.
   */
  const authenticate = (req: Request, res: Response): ChannelConfig | undefined => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const channel = channelFor(channels, token);
    if (!channel) {
      const blocked = limited(req.socket.remoteAddress ?? 'unknown', perAddress, true);
      return void fail(res, blocked ?? protocolError('UNAUTHORIZED', '预约渠道未授权', 'Unknown or missing channel token'));
    }
    const busy = limited(channel.id, perChannel, true);
    if (busy) return void fail(res, busy);
    return channel;
  };

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
