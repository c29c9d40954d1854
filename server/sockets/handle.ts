/**
 * Register a request handler on a socket: parse the payload with its schema,
 * answer a typed BAD_REQUEST if it does not match, and never throw into
 * Socket.IO. A client that sends no ack callback simply gets no answer. The
 * event is recorded as one this connection may send; the hall sockets answer
 * any other event FORBIDDEN.
 */
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import type { Ack, ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { SocketData } from './handshake.ts';

export type HallSocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

export function handle<S extends z.ZodType, R>(socket: HallSocket, event: string, schema: S, run: (req: z.infer<S>) => Ack<R>): void {
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
    try {
      reply(run(parsed.data));
    } catch (err) {
      reply({ ok: false, error: protocolError('INTERNAL', '系统内部错误，请联系工作人员', `Internal error: ${(err as Error).message}`) });
    }
  });
}
