/**
 * 登录保护 on the supervisor desk (server/auth/login-guard.ts):
 *
 *   /admin   ← signin:watch { staff, addresses } (工号 being guessed, slowed addresses; on connect and on change)
 *            (→ signin:unblock: the command registry, commands/devices.ts)
 *
 * A burst of wrong PINs sends one update, not one per PIN.
 */
import type { Server } from 'socket.io';
import type { LoginGuard } from '../auth/login-guard.ts';
import type { HallNamespace as Nsp } from './handshake.ts';

const COALESCE_MS = 300;

export function attachSignInAdminSockets(io: Server, guard: LoginGuard, now: () => number): () => void {
  const admin = io.of('/admin') as unknown as Nsp;

  admin.on('connection', (socket) => {
    if (socket.data.identity?.role !== 'admin') return;
    socket.emit('signin:watch', guard.watch(now()));
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
