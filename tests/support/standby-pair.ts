/**
 * 双机热备 in tests: the hall's two servers as separate processes on loopback (`tsx server/main.ts` with the
 * STANDBY_* settings), so a test can SIGKILL or freeze either exactly as a power cut or a hung machine would.
 */
import { spawnServer, freePort, type ChildServer } from './child-server.ts';
import type { Netns } from './netns.ts';
import { tempDataDir } from './server.ts';

export interface PairMember {
  name: string;
  host: string;
  port: number;
  url: string;
  replicationPort: number;
  dataDir: string;
  child: ChildServer | undefined;
}

export interface Healthz {
  status: string;
  lastSeq: number;
  standby: { role: 'primary' | 'standby'; term: number; link?: string; alone?: string; standbySeq?: number; inSync?: boolean; lastTakeover?: unknown };
}

export const PAIR_SECRET = 'a-test-secret-of-the-pair-0123456789abcdef';

export async function healthz(url: string): Promise<Healthz | undefined> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1500) });
    return (await res.json()) as Healthz;
  } catch {
    return undefined;
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pair on loopback; with `netns`, A runs inside that namespace (at its `inside` address) and B at its `outside` one. */
export async function makePair(
  configPath: string,
  whenLost: 'refuse' | 'continue' = 'refuse',
  netns?: Netns,
  roles: ['primary' | 'standby', 'primary' | 'standby'] = ['primary', 'standby'],
) {
  const members: PairMember[] = [];
  for (const name of ['A', 'B']) {
    const port = await freePort();
    const host = netns === undefined ? '127.0.0.1' : name === 'A' ? netns.inside : netns.outside;
    members.push({ name, host, port, url: `http://${host}:${port}`, replicationPort: await freePort(), dataDir: tempDataDir(), child: undefined });
  }
  const start = async (i: number) => {
    const me = members[i]!;
    const peer = members[1 - i]!;
    me.child = await spawnServer(me.dataDir, me.port, {
      configPath,
      host: me.host,
      wrap: netns !== undefined && i === 0 ? netns.exec : undefined,
      env: {
        STANDBY_PEER: peer.url,
        STANDBY_PEER_REPLICATION: `${peer.host}:${peer.replicationPort}`,
        REPLICATION_PORT: String(me.replicationPort),
        STANDBY_SECRET: PAIR_SECRET,
        STANDBY_NAME: me.name,
        STANDBY_ROLE: roles[i]!,
        STANDBY_WHEN_LOST: whenLost,
      },
    });
  };
  const role = async (i: number) => (await healthz(members[i]!.url))?.standby.role;
  return {
    members,
    start,
    role,
    /** The member whose /healthz says primary (waits for one). */
    primary: () =>
      waitFor('a primary', async () => {
        for (let i = 0; i < 2; i++) if ((await role(i)) === 'primary') return i;
        return undefined;
      }),
    /** Until the primary says its standby holds every event. */
    inSync: (i: number) =>
      waitFor('the standby in sync', async () => {
        const h = await healthz(members[i]!.url);
        return h?.standby.role === 'primary' && h.standby.link === 'in-sync' ? h : undefined;
      }),
    async close() {
      for (const m of members) await m.child?.kill9();
    },
  };
}
