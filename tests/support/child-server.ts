/**
 * The hall server as a separate process (`tsx server/main.ts`), so tests can
 * kill it with SIGKILL exactly as a power cut or an OOM killer would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_CONFIG_PATH } from './demo.ts';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** The server's log (pino JSON lines on stdout), parsed; filled only when spawned with `{ log: true }`. */
  log: Record<string, unknown>[];
  kill9(): Promise<void>;
  /** SIGTERM: the server closes as on `systemctl stop` (writes a checkpoint). */
  stop(): Promise<void>;
}

/** `host: null` leaves HOST unset, so the server picks its own default (as `npm start` does). */
export async function spawnServer(
  dataDir: string,
  port?: number,
  options: {
    configPath?: string;
    log?: boolean;
    host?: string | null;
    env?: Record<string, string>;
    /** Run it through this command (e.g. `ip netns exec <ns>`: a server in its own network namespace). */
    wrap?: string[];
  } = {},
): Promise<ChildServer> {
  const p = port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(p),
    HOST: options.host ?? '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: options.log ? 'info' : 'warn',
    HALL_CONFIG: options.configPath ?? DEMO_CONFIG_PATH,
    ...options.env,
  };
  if (options.host === null) delete env.HOST;
  const command = [...(options.wrap ?? []), process.execPath, '--import', 'tsx', 'server/main.ts'];
  const child = spawn(command[0]!, command.slice(1), {
    env,
    stdio: ['ignore', options.log ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const log: Record<string, unknown>[] = [];
  let partial = '';
  child.stdout?.on('data', (c: Buffer) => {
    const lines = (partial + c.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        log.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${p}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not come up: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = (sig: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(sig);
    });
  return { url, process: child, log, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
