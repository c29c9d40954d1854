/**
 * 设备配对 over HTTP, for a kiosk or display that has no working token yet
 * (server/devices/device-pairing.ts):
 *
 *   POST /api/pairings { kind }   → 201 { id, code, pollSecret, expiresAt, pollSeconds }   (429 + Retry-After when too many)
 *   GET  /api/pairings/<id>       with `Authorization: Bearer <pollSecret>`
 *                                 → 200 { status: 'pending', expiresAt } | { status: 'approved', token, deviceId, deviceName }
 *                                 → 404 when unknown, expired or not this device's secret
 */
import { Router, type Response } from 'express';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import { pairingRequest } from '../../state-machines/protocol/messages.ts';
import type { DevicePairing } from '../devices/device-pairing.ts';
import { clientAddress } from './client-address.ts';

export function pairingRoutes(pairing: DevicePairing): Router {
  const router = Router();
  const fail = (res: Response, status: number, error: ProtocolError) => {
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    res.status(status).json({ error });
  };
  // The answers carry a one-time code and, once, a token: never cached anywhere.
  router.use('/api/pairings', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.post('/api/pairings', (req, res) => {
    const parsed = pairingRequest.safeParse(req.body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return fail(res, 400, protocolError('BAD_REQUEST', '请求格式不正确', first?.message ?? 'invalid body', first?.path.map(String).join('.') || undefined));
    }
    const ticket = pairing.request(parsed.data.kind, clientAddress(req.socket));
    if (!ticket.ok) return fail(res, 429, ticket.error);
    res.status(201).json(ticket.value);
  });

  router.get('/api/pairings/:id', (req, res) => {
    const secret = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const status = /^[A-Za-z0-9_-]{8,40}$/.test(req.params.id) ? pairing.poll(req.params.id, secret) : undefined;
    if (!status) return fail(res, 404, protocolError('NOT_FOUND', '配对码已过期，请重新获取', 'Pairing unknown or expired; ask for a new code'));
    res.json(status);
  });

  return router;
}
