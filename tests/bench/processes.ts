/**
 * Child processes of the bench: the hall server (server/main.ts, exactly as
 * `npm start` runs it), the bare Socket.IO server, and the client load
 * generators. Every wait is bounded; every child is killed on the way out.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../support/child-server.ts';
import { writeHallVariant } from '../support/demo.ts';
import { sleep } from './stats.ts';

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** process.cpuUsage() of a server child: µs of CPU so far. */
export interface CpuUsage {
  user: number;
  system: number;
}

export interface ServerChild {
  url: string;
  pid: number;
  memory(): Promise<MemoryUsage>;
  cpu(): Promise<CpuUsage>;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
/** Kill whatever is still running (error paths). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}
process.once('exit', killAll);

/** Ask a server child's probe (server-probe.ts) for its memory or CPU usage over IPC. */
function probeOf<T>(child: ChildProcess, probe: 'memory' | 'cpu'): () => Promise<T> {
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${probe} probe timed out`)), 10_000);
      const onMessage = (msg: { probe?: string; usage?: T }) => {
        if (msg?.probe !== probe || !msg.usage) return;
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve(msg.usage);
      };
      child.on('message', onMessage);
      child.send({ probe });
    });
}

async function waitForHttp(url: string, child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`child exited ${child.exitCode}: ${stderr()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${url} did not come up in ${timeoutMs} ms: ${stderr()}`);
    }
    await sleep(100);
  }
}

/**
 * The demo hall with the abuse limits lifted and no ticket printers: the bench
 * measures how fast the hall decides, stores and broadcasts a ticket, not the
 * abuse limits (12 tickets a minute per kiosk, staff commands per session,
 * sockets per token) or a printer's speed.
 */
function benchHallConfig(): string {
  return writeHallVariant<Record<string, unknown>>((raw) => {
    raw.limits = {
      kioskTicketsPerMinute: 100_000,
      kioskTicketBurst: 100_000,
      kioskTicketsPerHour: 1_000_000,
      staffCommandsPerMinute: 1_000_000,
      staffCommandBurst: 1_000_000,
      // 1,000 display sockets share three display tokens.
      connectsPerMinute: 100_000,
      socketsPerToken: 10_000,
    };
    // No ticket printers: a print job is its own durable write and a device round trip, measured by the devices tests.
    delete raw.peripherals;
    delete raw.schedule; // the bench runs at any hour
  });
}

/** Ask a child to stop (`ask`), wait for it to exit, SIGKILL after 10 s. */
function stopper(child: ChildProcess, ask: () => void = () => child.kill('SIGTERM')): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      ask();
    });
}

/** BENCH_SERVER_PROF=<dir>: write a V8 CPU profile of every server process the bench starts (for finding what limits a figure). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_SERVER_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function startChild(script: string, env: Record<string, string>): { child: ChildProcess; stderr: () => string } {
  const child = track(
    spawn(process.execPath, [...profileFlags(), '--expose-gc', '--import', 'tsx', '--import', './tests/bench/server-probe.ts', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    }),
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 20_000) stderr += c.toString();
  });
  return { child, stderr: () => stderr };
}

/**
 * A server the bench measures or measures against — the hall, the bare Socket.IO server, a hub process — as a
 * child on loopback: `script` on `port` (a free one unless given), ready once `readyPath` answers 2xx; its memory
 * and CPU readable over IPC (server-probe.ts), profiled under BENCH_SERVER_PROF, killed on the bench's way out.
 */
export async function startServer(script: string, env: Record<string, string>, readyPath: string, port?: number): Promise<ServerChild> {
  const p = port ?? (await freePort());
  const { child, stderr } = startChild(script, { ...env, PORT: String(p) });
  const url = `http://127.0.0.1:${p}`;
  await waitForHttp(`${url}${readyPath}`, child, stderr, 30_000);
  return { url, pid: child.pid!, memory: probeOf<MemoryUsage>(child, 'memory'), cpu: probeOf<CpuUsage>(child, 'cpu'), stop: stopper(child) };
}

/** The real hall server, `server/main.ts` on loopback, with a fresh data directory. */
export function startHall(dataDir: string): Promise<ServerChild> {
  return startServer('server/main.ts', { HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', HALL_CONFIG: benchHallConfig() }, '/healthz');
}

/** tests/bench/bare-server.ts: Socket.IO and nothing else (the broadcast limit). */
export function startBare(): Promise<ServerChild> {
  return startServer('tests/bench/bare-server.ts', {}, '/ready');
}

export interface ClientsChild {
  /** Send a command and wait for the reply of the given type. */
  ask<T>(message: Record<string, unknown>, replyType: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

/** A load generator: `node --import tsx <script>`, talking to us over IPC. */
export function startClients(script: string): ClientsChild {
  const child = track(fork(script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  return {
    ask<T>(message: Record<string, unknown>, replyType: string, timeoutMs: number): Promise<T> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${script}: no ${replyType} within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (msg: { type?: string; error?: string }) => {
          if (msg?.type === 'error') {
            cleanup();
            reject(new Error(`${script}: ${msg.error}`));
          } else if (msg?.type === replyType) {
            cleanup();
            resolve(msg as T);
          }
        };
        const onExit = (code: number | null) => {
          cleanup();
          reject(new Error(`${script} exited (${code}) before ${replyType}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.send(message);
      });
    },
    stop: stopper(child, () => child.send({ cmd: 'exit' })),
  };
}
