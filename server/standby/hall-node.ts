/**
 * 双机热备: one of the hall's two servers (README § Standby). It is either the primary — the whole hall server, its
 * log shipped to the other before each write — or the standby, which only keeps the log (standby-receiver.ts) and
 * answers /healthz on the hall's port; every other request gets 503 NOT_PRIMARY, so clients go to the other server.
 *
 *   start ─ ask the other (/healthz): primary? → standby. Standby or silent? → the older term stands down;
 *           equal terms: the preferred role (STANDBY_ROLE).
 *   standby ─ its primary silent for takeoverAfterMs after it was in sync → primary (hall.taken_over, term + 1)
 *   primary ─ the other reports a higher term, or the link is fenced → standby (its unacknowledged tail set aside)
 */
import { createServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import pino from 'pino';
import { loadHallConfig } from '../config/load-config.ts';
import { startHallServer, type HallServerOptions, type RunningHallServer } from '../hall-server.ts';
import { openDatabase, SqliteEventStore } from '../store/sqlite-event-store.ts';
import type { StandbyOptions } from './standby-options.ts';
import { leads, type PairMemberView } from './pair-order.ts';
import { StandbyReceiver } from './standby-receiver.ts';

export interface HallNode {
  readonly role: 'primary' | 'standby';
  /** The running hall server while primary. */
  readonly primary: RunningHallServer | undefined;
  /** Resolves when the role next changes (tests). */
  roleChange(): Promise<'primary' | 'standby'>;
  close(): Promise<void>;
}

interface PeerView extends PairMemberView {
  role: 'primary' | 'standby';
}

/** The other server's view of itself, or undefined when it does not answer within a moment. */
async function askPeer(peerUrl: string, timeoutMs = 800): Promise<PeerView | undefined> {
  try {
    const res = await fetch(`${peerUrl}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json()) as { standby?: { role?: unknown; term?: unknown; preferredRole?: unknown; name?: unknown } };
    const { role, term, preferredRole, name } = body.standby ?? {};
    const roleOk = (r: unknown): r is 'primary' | 'standby' => r === 'primary' || r === 'standby';
    if (roleOk(role) && typeof term === 'number' && roleOk(preferredRole) && typeof name === 'string') return { role, term, preferredRole, name };
  } catch {
    // down, cut off, or not (yet) a hall server
  }
  return undefined;
}

/** The newest takeover term this server's own log holds. */
function termOfLog(dataDir: string): number {
  const db = openDatabase(join(dataDir, 'hall.sqlite'));
  try {
    // The store makes the tables of a new file.
    new SqliteEventStore(db);
    const payload = db.prepare("SELECT payload FROM events WHERE type = 'hall.taken_over' ORDER BY seq DESC LIMIT 1").pluck().get() as string | undefined;
    return payload === undefined ? 0 : (JSON.parse(payload) as { term: number }).term;
  } finally {
    db.close();
  }
}

export async function startHallNode(
  options: HallServerOptions,
  standby: StandbyOptions,
  onFatal: (err: unknown) => void = () => process.exit(1),
): Promise<HallNode> {
  const logOptions = { level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info', base: { svc: 'hall-node', server: standby.name } };
  const log = options.logStream ? pino(logOptions, options.logStream) : pino(logOptions);
  let role: 'primary' | 'standby' = 'standby';
  let primary: RunningHallServer | undefined;
  let receiver: StandbyReceiver | undefined;
  let stub: HttpServer | undefined;
  let watch: NodeJS.Timeout | undefined;
  let closed = false;
  let changing: Promise<void> = Promise.resolve();
  const waiters: ((role: 'primary' | 'standby') => void)[] = [];
  const became = (r: 'primary' | 'standby') => {
    role = r;
    for (const w of waiters.splice(0)) w(r);
  };

  const runPrimary = async (tookOver: boolean) => {
    const running = await startHallServer({ ...options, standby: { options: standby, tookOver } });
    primary = running;
    became('primary');
    // Stand down when the other server holds the hall at a newer term (it took over while this one was cut off or
    // frozen), or when both came up as primary and the other leads (pair-order.ts).
    watch = setInterval(() => {
      void askPeer(standby.peerUrl).then((peer) => {
        const mine = primary?.hall.state.takeover?.term ?? 0;
        const fenced = primary?.standbyLink?.fenced === true;
        const otherLeads = peer?.role === 'primary' && !leads(me(mine), peer);
        if (closed || primary !== running || !(fenced || otherLeads)) return;
        log.warn({ mine, peer, fenced }, 'the other server holds the hall: standing down to standby');
        change(() => standDown());
      });
    }, 1000);
  };

  const standDown = async () => {
    clearInterval(watch);
    // Socket.IO's close ends each connection without a disconnect packet ('server shutting down'): clients see
    // 'transport close', reconnect and follow the hall to the other server; a clerk's session is not ended.
    const p = primary;
    primary = undefined;
    await p?.close();
    await runStandby();
  };

  const runStandby = async () => {
    const config = loadHallConfig(options.configPath);
    const db = openDatabase(join(options.dataDir, 'hall.sqlite'));
    const store = new SqliteEventStore(db);
    const r = new StandbyReceiver(db, store, config, standby, log.child({ part: 'standby' }), () => change(() => takeOver()));
    receiver = r;
    await r.listen(options.host);
    // Both up as standby (they started together, or each stood down): the one that leads becomes primary. It
    // acknowledges nothing until the other holds its log, so a wrong lead costs time, never a ticket.
    watch = setInterval(() => {
      if (r.status().connected) return;
      void askPeer(standby.peerUrl).then((peer) => {
        if (closed || role !== 'standby' || receiver !== r || r.status().connected || peer?.role !== 'standby') return;
        if (!leads(me(r.term), peer)) return;
        log.warn({ term: r.term, peer }, 'both servers are standby: this one leads, starting as primary');
        change(() => leadFromStandby());
      });
    }, 1000);
    stub = createServer((req, res) => {
      const status = r.status();
      if (req.url === '/healthz') {
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: 'standby', hall: config.hall.id, lastSeq: status.lastSeq, standby: status }));
        return;
      }
      // A browser opening a page here (a kiosk pointed at this server) is sent to the primary, which serves it.
      if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        res.writeHead(307, { Location: `${standby.peerUrl}${req.url ?? '/'}`, 'Cache-Control': 'no-store' }).end();
        return;
      }
      // Kiosks, displays and panels try the other server on this answer (state-machines/client/web/hall-link.ts).
      res
        .writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' })
        .end(
          JSON.stringify({ error: { code: 'NOT_PRIMARY', message: '本机为备用服务器', messageEn: 'This is the standby server', primary: standby.peerUrl } }),
        );
    });
    await new Promise<void>((ok, fail) => {
      stub!.once('error', fail);
      stub!.listen(options.port, options.host, ok);
    });
    became('standby');
  };

  const me = (term: number): PairMemberView => ({ term, preferredRole: standby.preferredRole, name: standby.name });

  const closeStandby = async () => {
    clearInterval(watch);
    const r = receiver;
    receiver = undefined;
    await r?.close();
    r?.closeStore();
    await new Promise<void>((ok) => (stub ? stub.close(() => ok()) : ok()));
    stub?.closeAllConnections();
    stub = undefined;
  };

  const leadFromStandby = async () => {
    await closeStandby();
    await runPrimary(false);
  };

  const takeOver = async () => {
    await closeStandby();
    await runPrimary(true);
  };

  /** Role changes one at a time, never during close. */
  const change = (work: () => Promise<void>) => {
    changing = changing.then(async () => {
      if (closed) return;
      try {
        await work();
      } catch (err) {
        // Neither role now (e.g. the port taken): leave it to the service manager to start this server again.
        log.fatal({ err }, 'changing role failed: exiting to be restarted');
        onFatal(err);
      }
    });
  };

  const mine = termOfLog(options.dataDir);
  // A busy primary may answer slowly: ask a few times before deciding alone (a wrong guess is corrected by the
  // watch below — a primary that finds a newer term stands down — but costs the hall a few refused seconds).
  let peer: PeerView | undefined;
  for (let attempt = 0; attempt < 3 && peer === undefined; attempt++) peer = await askPeer(standby.peerUrl, 2000);
  // Silent: the preferred role (a primary refuses until a standby holds its log, so guessing wrong is safe).
  // Otherwise the newer term leads; at equal terms a running primary stays primary; else the pair's order.
  const first: 'primary' | 'standby' =
    peer === undefined
      ? standby.preferredRole
      : peer.term !== mine
        ? mine > peer.term
          ? 'primary'
          : 'standby'
        : peer.role === 'primary'
          ? 'standby'
          : leads(me(mine), peer)
            ? 'primary'
            : 'standby';
  log.info({ peer, term: mine, role: first }, `starting as the pair’s ${first}`);
  if (first === 'primary') await runPrimary(false);
  else await runStandby();

  return {
    get role() {
      return role;
    },
    get primary() {
      return primary;
    },
    roleChange: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      await changing.catch(() => {});
      closed = true;
      clearInterval(watch);
      await primary?.close();
      await receiver?.close();
      receiver?.closeStore();
      await new Promise<void>((ok) => (stub ? stub.close(() => ok()) : ok()));
      stub?.closeAllConnections();
    },
  };
}
