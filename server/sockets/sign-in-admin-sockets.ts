/**
 * 登录保护 on the supervisor desk (server/auth/login-guard.ts):
 *
 *   /admin   ← signin:watch { staff, addresses } (工号 being guessed, slowed addresses; on connect and on change)
 *            → signin:unblock { requestId, address }
 *
 * A burst of wrong PINs sends one update, not one per PIN.
 */
import type { Namespace, Server } from 'socket.io';
import { unblockAddressRequest } from '../../state-machines/protocol/messages.ts';
import type { ServerToClientEvents } from '../../state-machines/protocol/socket-events.ts';
import type { LoginGuard } from '../auth/login-guard.ts';
import type { HallService } from '../hall/hall-service.ts';
import { handle } from './handle.ts';
import type { SocketData } from './handshake.ts';

type Nsp = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

const COALESCE_MS = 300;

export function attachSignInAdminSockets(io: Server, guard: LoginGuard, hall: HallService, now: () => number): () => void {
  const admin = io.of('/admin') as unknown as Nsp;

  admin.on('connection', (socket) => {
    const identity = socket.data.identity;
    if (identity?.role !== 'admin') return;
    socket.emit('signin:watch', guard.watch(now()));
    handle(socket, 'signin:unblock', unblockAddressRequest, (req) => {
      const cleared = guard.unblock(req.address, identity.staff?.id ?? '');
      return { ok: true, seq: hall.seq, result: { address: req.address, cleared } };
    });
  });

  let pending: ReturnType<typeof setTimeout> | undefined;
  const onChange = () => {
    pending ??= setTimeout(() => {
      pending = undefined;
      admin.emit('signin:watch', guard.watch(now()));
    }, COALESCE_MS);
    pending.unref?.();
  };
  guard.on('change', onChange);
  return () => {
    clearTimeout(pending);
    guard.off('change', onChange);
  };
}
