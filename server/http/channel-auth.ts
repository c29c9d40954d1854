/**
 * The REST channels' door (网上预约 and 办件 APIs): `Authorization: Bearer
 * <channel token>` (hall config `channels[]`), compared in constant time; a
 * right token is rate-limited per channel, wrong or missing ones per address
 * (so a neighbour guessing tokens from the same address never slows a real
 * channel), and every error is typed JSON `{ error: { code, … } }`. Each
 * router makes its own door: budgets are per API.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { ChannelConfig } from '../../state-machines/config/hall-config.ts';
import { protocolError, type ErrorCode, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { Ack } from '../../state-machines/protocol/socket-events.ts';
import { matchSecret } from '../auth/secret-match.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';

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

export function fail(res: Response, error: ProtocolError): void {
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(STATUS[error.code] ?? 500).json({ error });
}

export function answer<T>(res: Response, ack: Ack<T>, status = 200): void {
  if (ack.ok) res.status(status).json(ack.result);
  else fail(res, ack.error);
}

export function badRequest(res: Response, issues: z.core.$ZodIssue[]): void {
  const first = issues[0];
  fail(res, protocolError('BAD_REQUEST', '请求格式不正确', first?.message ?? 'invalid request', first?.path.map(String).join('.') || undefined));
}

/**
 * A door for one API: `authenticate` answers the channel of the bearer token, or
 * sends the answer itself. The token is looked at first: a right one is
 * limited per channel only; a wrong or missing one uses up its address's
 * allowance (token guessing is slowed), and once that is spent wrong tokens
 * from there get 429 instead of 401.
 */
export function channelDoor(channels: readonly ChannelConfig[], now: () => number, unauthorized: ProtocolError) {
  /** A channel's backend: 2 requests a second sustained, bursts of 30. */
  const perChannel = new TokenBuckets(120, 30);
  /** Wrong or missing tokens from one address: 10 a minute, bursts of 10. */
  const perAddress = new TokenBuckets(10, 10);
  const limited = (key: string, buckets: TokenBuckets): ProtocolError | undefined => {
    const wait = buckets.waitFor(key, now());
    if (wait > 0)
      return { ...protocolError('RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后再试`, `Too many requests; try again in ${wait} s`), retryAfterSeconds: wait };
    buckets.take(key, now());
    return undefined;
  };
  return (req: Request, res: Response): ChannelConfig | undefined => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const channel = channelFor(channels, token);
    if (!channel) return void fail(res, limited(req.socket.remoteAddress ?? 'unknown', perAddress) ?? unauthorized);
    const busy = limited(channel.id, perChannel);
    if (busy) return void fail(res, busy);
    return channel;
  };
}
