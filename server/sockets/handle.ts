/**
 * Register a request handler on a socket: parse the payload with its schema,
 * answer a typed BAD_REQUEST if it does not match, and never throw into
 * Socket.IO. A client that sends no ack callback simply gets no answer. The
 * event is recorded as one this connection may send; the hall sockets answer
 * any other event FORBIDDEN.
 *
 * A handler that throws is a bug: the error is logged with its context
 * (namespace, event, actor, requestId, stack, a reference) and the client gets
 * a generic INTERNAL answer carrying only that reference — never the raw
 * message, which can name internals.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { Ack, ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { SocketData } from './handshake.ts';

export type HallSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

/** Where a socket's handlers log (set when the socket connects; child of the hall server's logger). */
const logs = new WeakMap<object, Logger>();

export function bindSocketLog(socket: HallSocket, log: Logger): void {
  logs.set(socket, log);
}

export function handle<S extends z.ZodType, R>(socket: HallSocket, event: string, schema: S, run: (req: z.infer<S>) => Ack<R>): void {
  // Two handlers for one event would both run (and both act): registering one twice is a bug, caught at once.
  if (socket.data.handled.has(event)) throw new Error(`${event} is already handled on ${socket.nsp.name}`);
  socket.data.handled.add(event);
  (socket as unknown as Socket).on(event, (payload: unknown, ack: unknown) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<R>) => void) : () => undefined;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const field = first ? first.path.map(String).join('.') : undefined;
      reply({
        ok: false,
        error: protocolError('BAD_REQUEST', '请求格式不正确', `Malformed ${event}: ${first?.message ?? 'invalid payload'}`, field || undefined),
      });
      return;
    }
    let answer: Ack<R>;
    try {
      answer = run(parsed.data);
      // An INTERNAL answered without a throw (a fold that failed, a code that could not be drawn): logged here with who asked.
      if (!answer.ok && answer.error.code === 'INTERNAL') logs.get(socket)?.error({ ...contextOf(socket, event, parsed.data), answer: answer.error.messageEn }, 'internal error answered');
    } catch (err) {
      const ref = randomBytes(4).toString('hex');
      logs.get(socket)?.error({ ref, ...contextOf(socket, event, parsed.data), err }, 'internal error in a socket handler');
      answer = { ok: false, error: protocolError('INTERNAL', `系统内部错误，请联系工作人员（编号 ${ref}）`, `Internal error (reference ${ref})`) };
    }
    reply(answer);
  });
}

/** Who asked what, for the log line of an internal error. */
function contextOf(socket: HallSocket, event: string, request: unknown) {
  return {
    namespace: socket.nsp.name,
    event,
    actor: socket.data.identity?.actor,
    requestId: typeof request === 'object' && request !== null && 'requestId' in request ? request.requestId : undefined,
  };
}
