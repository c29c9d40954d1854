/**
 * A kiosk's or display's way in: with a token it connects; with none, or one
 * the server refuses as UNAUTHORIZED (unknown, revoked, replaced), it shows
 * the pairing screen until a supervisor approves it, stores the new token
 * (device-token.ts) and connects with it. While the pairing screen shows, the
 * old link keeps retrying: if an administrator restores the old token the
 * device simply goes back to work.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PairingKind } from '../../protocol/messages.ts';
import { deviceToken, saveDeviceToken } from './device-token.ts';
import { attachHallLink, connectHall, type HallLink, type LinkState, type RoleSocket } from './hall-link.ts';
import { PairingScreen } from './pairing-screen.tsx';

interface Props<R extends PairingKind> {
  kind: R;
  children: (socket: RoleSocket<R>, link: HallLink) => ComponentChildren;
}

export function DeviceGate<R extends PairingKind>({ kind, children }: Props<R>) {
  const [token, setToken] = useState(() => deviceToken(kind));
  const connection = useMemo(() => {
    if (token === undefined) return undefined;
    const socket = connectHall(kind, token);
    return { socket, link: attachHallLink(socket, { unattended: true }) };
  }, [token]);
  useEffect(() => () => connection?.link.close(), [connection]);
  const state = useLinkState(connection?.link);

  const refused = state?.kind === 'refused' && state.code === 'UNAUTHORIZED';
  if (!connection || refused) {
    return (
      <PairingScreen
        kind={kind}
        refused={refused}
        onPaired={(fresh) => {
          saveDeviceToken(kind, fresh);
          setToken(fresh);
        }}
      />
    );
  }
  return <>{children(connection.socket, connection.link)}</>;
}

function useLinkState(link: HallLink | undefined): LinkState | undefined {
  const [state, setState] = useState(link?.state);
  useEffect(() => {
    setState(link?.state);
    if (!link) return undefined;
    const off = link.onState(setState);
    return () => void off();
  }, [link]);
  return state;
}
