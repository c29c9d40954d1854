/**
 * `GET /metrics`, for the IT person's Prometheus and nobody else: answered to
 * this machine (a loopback peer that asked by a loopback name), or to a
 * client that sends `Authorization: Bearer <token>` with the token of the
 * hall file's `metrics.token` or METRICS_TOKEN. Anyone else: 401 when a token
 * is set (send it), 403 when none is (the figures stay on this machine). The
 * peer is the socket's address, never a forwarded header.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import { isThisMachine } from '../http/client-address.ts';

export interface MetricsSource {
  text(): Promise<string>;
  readonly contentType: string;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsRoute(metrics: MetricsSource, token: string | undefined): Router {
  const router = Router();
  const expected = token === undefined ? undefined : digest(token);
  router.get('/metrics', async (req, res, next) => {
    const verdict = admit(req, expected);
    if (verdict === 'no-token') {
      res.status(403).json({
        error: protocolError(
          'FORBIDDEN',
          '运行指标只对本机开放；如需从其他电脑采集，请在大厅配置中设置 metrics.token',
          '/metrics answers this machine only; set metrics.token in the hall file (or METRICS_TOKEN) to scrape from elsewhere',
        ),
      });
      return;
    }
    if (verdict === 'wrong-token') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).json({
        error: protocolError('UNAUTHORIZED', '运行指标需要访问令牌', '/metrics needs "Authorization: Bearer <metrics token>" from another machine'),
      });
      return;
    }
    try {
      const text = await metrics.text();
      res.setHeader('Cache-Control', 'no-store');
      res.type(metrics.contentType).send(text);
    } catch (err) {
      next(err);
    }
  });
  return router;
}

function admit(req: Request, expected: Buffer | undefined): 'ok' | 'no-token' | 'wrong-token' {
  if (isThisMachine(req)) return 'ok';
  if (expected === undefined) return 'no-token';
  const sent = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  // Compared as digests of equal length, in constant time.
  return sent !== undefined && timingSafeEqual(digest(sent), expected) ? 'ok' : 'wrong-token';
}
