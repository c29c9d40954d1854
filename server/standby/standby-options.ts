/**
 * 双机热备 settings (README § Standby): the same on both servers but for the name and the preferred role.
 *
 *   STANDBY_PEER               the other server's hall address, e.g. http://10.0.0.12:8080 (unset: no standby)
 *   STANDBY_PEER_REPLICATION   the other server's replication address host:port (default: the peer's host, port 8090)
 *   REPLICATION_PORT           where this server listens for the log while it is the standby (default 8090)
 *   STANDBY_SECRET             the pair's shared secret, ≥ 32 characters (both ends prove it before any row moves)
 *   STANDBY_NAME               this server's name on the desk and in the log (default the host name)
 *   STANDBY_ROLE               primary | standby: who starts as primary when neither has taken over yet
 *   STANDBY_WHEN_LOST          refuse (default) | continue: what the primary does when its standby is gone (below)
 */
import { hostname } from 'node:os';

export type WhenStandbyLost = 'refuse' | 'continue';

export interface StandbyOptions {
  /** The other server's hall URL (what clients switch to; its /healthz says its role). */
  peerUrl: string;
  peerReplication: { host: string; port: number };
  replicationPort: number;
  secret: string;
  name: string;
  preferredRole: 'primary' | 'standby';
  /**
   * refuse: once a standby has held the log, the primary acknowledges nothing without it (commands get
   * STORAGE_UNAVAILABLE and the desk says why) — never two primaries. continue: after `ackTimeoutMs` the primary
   * carries on alone — the hall keeps issuing, but if the link (not the standby) was cut, the standby takes over
   * too and what the old primary issued alone is set aside at rejoin (README § Standby, "What can go wrong").
   */
  whenLost: WhenStandbyLost;
  /** Silence from the primary after which an in-sync standby takes the hall over. */
  takeoverAfterMs: number;
  /** How long a commit waits for the standby's answer before the link counts as lost. */
  ackTimeoutMs: number;
}

export const DEFAULT_REPLICATION_PORT = 8090;

/** The settings from the environment, or undefined when no peer is set; throws with a sentence for the installer. */
export function standbyFromEnv(env: NodeJS.ProcessEnv): StandbyOptions | undefined {
  const peerUrl = env.STANDBY_PEER;
  if (peerUrl === undefined || peerUrl === '') return undefined;
  let peer: URL;
  try {
    peer = new URL(peerUrl);
  } catch {
    throw new Error(`STANDBY_PEER is not a URL: ${peerUrl}`);
  }
  const secret = env.STANDBY_SECRET ?? '';
  if (secret.length < 32) throw new Error('STANDBY_SECRET must be set to the same secret of at least 32 characters on both servers');
  const [host, port] = (env.STANDBY_PEER_REPLICATION ?? `${peer.hostname}:${DEFAULT_REPLICATION_PORT}`).split(':');
  const role = env.STANDBY_ROLE ?? 'primary';
  if (role !== 'primary' && role !== 'standby') throw new Error('STANDBY_ROLE is primary or standby');
  const whenLost = env.STANDBY_WHEN_LOST ?? 'refuse';
  if (whenLost !== 'refuse' && whenLost !== 'continue') throw new Error('STANDBY_WHEN_LOST is refuse or continue');
  return {
    peerUrl: peer.origin,
    peerReplication: { host: host ?? peer.hostname, port: Number(port ?? DEFAULT_REPLICATION_PORT) },
    replicationPort: Number(env.REPLICATION_PORT ?? DEFAULT_REPLICATION_PORT),
    secret,
    name: (env.STANDBY_NAME ?? hostname()).slice(0, 40),
    preferredRole: role,
    whenLost,
    takeoverAfterMs: 2500,
    ackTimeoutMs: 1000,
  };
}
