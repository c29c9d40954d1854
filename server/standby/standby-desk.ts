/**
 * 双机热备 on the supervisor desk: the primary's link to its standby (standby:status on /admin), on connect and
 * whenever it changes — looked at every second, sent only on a change.
 */
import type { Server } from 'socket.io';
import type { StandbyView } from '../../state-machines/protocol/socket-events.ts';
import type { HallNamespace as Nsp } from '../sockets/handshake.ts';
import type { PrimaryLink } from './primary-link.ts';

export function attachStandbyDesk(io: Server, link: PrimaryLink, lastSeq: () => number): () => void {
  const admin = io.of('/admin') as unknown as Nsp;
  const view = (): StandbyView => {
    const s = link.status(lastSeq(), undefined);
    return { server: s.name, peer: s.peer, link: s.link, lag: Math.max(0, lastSeq() - s.standbySeq), alone: s.alone, whenLost: s.whenLost };
  };
  admin.on('connection', (socket) => {
    if (socket.data.identity?.role !== 'admin') return;
    socket.emit('standby:status', view());
  });
  let last = JSON.stringify(view());
  const timer = setInterval(() => {
    const now = view();
    const json = JSON.stringify(now);
    if (json === last) return;
    last = json;
    admin.emit('standby:status', now);
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
