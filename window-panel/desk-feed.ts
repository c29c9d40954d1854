/**
 * What the server pushes to the supervisor desk besides the hall itself:
 * how each device is credentialed (devices:enrolment), their connection
 * state (devices:health), wrong PINs at sign-in (signin:watch) and the
 * link to the standby server (standby:status). Sent right
 * after the snapshot on every connect, so the listeners are attached when the
 * socket is made — before the desk has rendered anything that could listen.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Socket } from 'socket.io-client';
import type { DeviceHealth } from '../state-machines/devices/device-types.ts';
import type { AdminClientEvents, DeviceEnrolment, ServerToClientEvents, SignInWatch, StandbyView } from '../state-machines/protocol/socket-events.ts';

export type AdminSocket = Socket<ServerToClientEvents, AdminClientEvents>;

export interface DeskFeed {
  enrolment: DeviceEnrolment[] | undefined;
  health: DeviceHealth[] | undefined;
  watch: SignInWatch | undefined;
  /** 双机热备: the link to the standby (undefined in a hall without one). */
  standby: StandbyView | undefined;
}

function listen(socket: AdminSocket) {
  let feed: DeskFeed = { enrolment: undefined, health: undefined, watch: undefined, standby: undefined };
  const subscribers = new Set<(feed: DeskFeed) => void>();
  const set = (change: Partial<DeskFeed>) => {
    feed = { ...feed, ...change };
    for (const s of subscribers) s(feed);
  };
  socket.on('devices:enrolment', (enrolment) => set({ enrolment }));
  socket.on('devices:health', (health) => set({ health }));
  socket.on('signin:watch', (watch) => set({ watch }));
  socket.on('standby:status', (standby) => set({ standby }));
  return {
    get current() {
      return feed;
    },
    subscribe(s: (feed: DeskFeed) => void) {
      subscribers.add(s);
      return () => void subscribers.delete(s);
    },
  };
}

/** Call where the socket is made (same render), so nothing sent on connect is missed. */
export function useDeskFeed(socket: AdminSocket): DeskFeed {
  const source = useMemo(() => listen(socket), [socket]);
  const [feed, setFeed] = useState(source.current);
  useEffect(() => {
    setFeed(source.current);
    return source.subscribe(setFeed);
  }, [source]);
  return feed;
}
