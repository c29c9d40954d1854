/**
 * 办件 REST API for the departments' approval systems (README § Cases):
 *
 *   POST /api/cases/:receiptNo/ready      办结待取 → 200 { receiptNo, status: "ready", statusText, promisedDay, readyAt }
 *
 * The same channel tokens, limits and typed errors as the booking API
 * (channel-auth.ts). Idempotent by 办件编号: a case already ready is answered
 * as it stands and nothing is appended (server/hall/case-desk.ts). An unknown
 * 办件编号 is 404, a malformed one 400, a case not ready to be (容缺 papers
 * missing, 即办, 不予受理) 409 — nothing appended on any refusal.
 */
import { Router } from 'express';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { CaseDesk } from '../hall/case-desk.ts';
import { answer, channelDoor } from './channel-auth.ts';

export function caseRoutes(desk: CaseDesk, now: () => number): Router {
  const router = Router();
  const authenticate = channelDoor(desk.hall.config.channels, now, protocolError('UNAUTHORIZED', '渠道未授权', 'Unknown or missing channel token'));

  router.post('/api/cases/:receiptNo/ready', (req, res) => {
    const channel = authenticate(req, res);
    if (!channel) return;
    answer(res, desk.readyByChannel(String(req.params.receiptNo ?? ''), channel.id));
  });

  return router;
}
