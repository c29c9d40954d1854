/**
 * A real PostgreSQL for the hub's tests, started by the test itself: Debian's
 * server binaries (`apt-get install postgresql`, which tests/support/ensure-system.mjs
 * does as root), a cluster made with initdb in a temp folder, listening on a
 * free loopback port and a socket in that folder, stopped and removed
 * afterwards. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user (runuser); otherwise as the current user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './free-port.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url: string;
  port: number;
  /** Stop the server (`immediate`: as a crash would, no checkpoint). */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Start it again on the same port and data. */
  start(): void;
  /** A fresh database on this server (one per test keeps tests apart); its URL. */
  newDatabase(name: string): Promise<string>;
  /** Stop and remove everything. */
  destroy(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
  if (!found) throw new Error('PostgreSQL server binaries not found: apt-get install -y postgresql (npm test does this as root)');
  return found;
}

export async function startPostgres(database = 'yichuang_hub'): Promise<RunningPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  // As root the folder must be reachable by `postgres`: the test run's own TMPDIR is private to root, /tmp is not.
  const dir = mkdtempSync(join(asRoot ? '/tmp' : tmpdir(), 'yichuang-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  }
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, cmd), args, { stdio: 'pipe' });
  // --no-sync: a test cluster need not survive a power cut while it is made; the server itself keeps fsync on.
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  start();
  const newDatabase = async (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}`);
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return `postgres://postgres@127.0.0.1:${port}/${name}`;
  };
  let running = true;
  // A test process that dies leaves no server behind.
  const stopOnExit = () => {
    if (running)
      spawnSync(
        asRoot ? 'runuser' : join(bin, 'pg_ctl'),
        asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop'],
      );
  };
  process.once('exit', stopOnExit);
  const url = await newDatabase(database);
  return {
    url,
    port,
    newDatabase,
    stop(mode = 'fast') {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    start() {
      if (running) return;
      start();
      running = true;
    },
    destroy() {
      process.off('exit', stopOnExit);
      try {
        if (running) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already gone
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
