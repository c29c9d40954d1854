/**
 * The front door (issue 11 items 1 and 23): what `/` shows to whom, that no
 * other public answer carries a device or channel token, and the demo's
 * 全天演示 mode.
 *
 * The server listens on all interfaces, as `npm start` does. "LAN" requests
 * connect to this machine's non-loopback address (e.g. 192.0.2.2) from that
 * address, so the server sees a client that is not itself.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { localInstant } from '../../state-machines/domain/appointment.ts';
import { DEMO_CONFIG_PATH, DEMO_TOKENS, SHIPPED_DEMO_PATH, SUPERVISOR, writeHallVariant } from '../support/demo.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { httpFrom, lanAddress } from '../support/http-from.ts';
import { spawnServer } from '../support/child-server.ts';
import { tempDataDir } from '../support/server.ts';

/** Monday 2026-11-23, 18:11 in Asia/Shanghai: after the demo hall's hours. */
const EVENING = localInstant('2026-11-23', '18:11', 'Asia/Shanghai');
const shipped = loadHallConfig(SHIPPED_DEMO_PATH);
/** Every secret the shipped hall file holds. */
const SECRETS = [
  ...shipped.devices.flatMap((d) => (d.token ? [d.token] : [])),
  ...shipped.channels.map((c) => c.token),
  ...shipped.staff.map((s) => s.pinHash),
];
const LAN = lanAddress();

function start(configPath: string, demoAllDay: boolean, host = '0.0.0.0', dataDir = tempDataDir()): Promise<RunningHallServer> {
  return startHallServer({ port: 0, host, configPath, dataDir, logLevel: 'silent', now: () => EVENING, demoAllDay });
}

describe('the shipped demo hall, run by npm start (all-day demo), on all interfaces', () => {
  let server: RunningHallServer;
  beforeAll(async () => {
    server = await start(SHIPPED_DEMO_PATH, true);
  });
  afterAll(() => server.close());

  it('shows this machine the one-click devices, every demo account with where it signs in, and the mode', async () => {
    const page = await httpFrom(`http://127.0.0.1:${server.port}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/kiosk/?token=${DEMO_TOKENS.kiosk}`);
    expect(page.text).toContain('全天演示模式');
    expect(page.text).toContain('npm start -- --real-hours');
    expect(page.text).toMatch(/所有账号密码均为 <strong data-testid="demo-pin">123456<\/strong>/);
    // Each listed account signs in where the page says: 9001 to the supervisor desk, 8001 to the guide desk, each clerk to their window.
    const rows = [...page.text.matchAll(/data-testid="demo-account-(\d+)"><td>(?:<strong>)?\d+(?:<\/strong>)?<\/td><td>[^<]*<\/td><td>([^<]*)</g)];
    expect(rows.length).toBe(shipped.windows.length + 2);
    expect(rows[0]).toMatchObject({ 1: '9001', 2: '值班主任台 ' });
    expect(rows[1]).toMatchObject({ 1: '8001', 2: '导办台 ' });
    for (const [, staffId, target] of rows) {
      const window = /^(\d+) 号窗口/.exec(target!)?.[1];
      const res = await httpFrom(`http://127.0.0.1:${server.port}/api/session`, {
        method: 'POST',
        body: { staffId, pin: '123456', ...(window ? { window: Number(window) } : {}) },
      });
      expect([staffId, res.status, res.json.window]).toEqual([staffId, 201, window ? Number(window) : null]);
    }
  });

  it('a page on the internet that rebinds its own name to 127.0.0.1 gets no tokens (the Host must be a loopback name)', async () => {
    const page = await httpFrom(`http://127.0.0.1:${server.port}/`, { headers: { host: `attacker.example:${server.port}` } });
    for (const secret of SECRETS) expect(page.text).not.toContain(secret);
    expect(page.text).toContain('设备管理');
  });

  it.skipIf(!LAN)('shows a client on the LAN no token, no 工号 and no PIN: the pages and how pairing works', async () => {
    const page = await httpFrom(`http://${LAN}:${server.port}/`, { from: LAN });
    expect(page.status).toBe(200);
    for (const secret of SECRETS) expect(page.text).not.toContain(secret);
    for (const s of shipped.staff) expect(page.text).not.toContain(s.id);
    expect(page.text).not.toContain('123456');
    expect(page.text).not.toContain('token=');
    for (const link of ['href="/kiosk/"', 'href="/display/"', 'href="/window-panel/"']) expect(page.text).toContain(link);
    expect(page.text).toContain('6 位配对码');
    expect(page.text).toContain('设备管理');
  });

  it.skipIf(!LAN)('no other public answer carries a device or channel token, to loopback or the LAN', async () => {
    for (const base of [`http://127.0.0.1:${server.port}`, ...(LAN ? [`http://${LAN}:${server.port}`] : [])]) {
      for (const path of ['/api/hall', '/healthz', '/metrics', '/kiosk/', '/display/', '/window-panel/']) {
        const local = base.includes('127.0.0.1');
        const res = await httpFrom(`${base}${path}`, { from: local ? undefined : LAN });
        // /metrics answers this machine only when the hall file sets no metrics token (tests/integration/metrics.test.ts).
        expect([path, res.status]).toEqual([path, path === '/metrics' && !local ? 403 : 200]);
        for (const secret of SECRETS) expect(res.text).not.toContain(secret);
      }
    }
  });

  it("public answers name clerks (shown on window screens anyway) but never a supervisor's 工号; photos say nothing about other 工号", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const publicStaff = (await httpFrom(`${base}/api/hall`)).json.staff.map((s: { id: string }) => s.id);
    expect(publicStaff).toContain('1009');
    expect(publicStaff).not.toContain(SUPERVISOR.staffId);
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    expect(kiosk.snapshot.config.staff.map((s) => s.id)).not.toContain(SUPERVISOR.staffId);
    kiosk.close();
    const desk = await connect(server.url, '/admin', (await login(server.url, SUPERVISOR)).token);
    expect(desk.snapshot.config.staff.map((s) => s.id)).toContain(SUPERVISOR.staffId);
    desk.close();
    expect((await httpFrom(`${base}/photos/1009.svg`)).status).toBe(200);
    for (const other of [`${SUPERVISOR.staffId}.svg`, '0000.svg', `${SUPERVISOR.staffId}.jpg`])
      expect((await httpFrom(`${base}/photos/${other}`)).status, other).toBe(404);
  });

  it('the built front ends carry no token', () => {
    const root = 'dist/web';
    expect(existsSync(root), 'build the front ends first: npx vite build').toBe(true);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (/\.(js|html|css)$/.test(e.name)) files.push(join(dir, e.name));
      }
    };
    walk(root);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const f of files) for (const secret of SECRETS) expect(readFileSync(f, 'utf8').includes(secret), `${f} contains a secret`).toBe(false);
  });

  it('issues tickets at 18:11 on a Monday: the calendar is not applied in the all-day demo', async () => {
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    expect(kiosk.snapshot.config.schedule).toBeUndefined();
    kiosk.close();
    expect(await takeAtEvening(server)).toBe('ok');
  });
});

/** A kiosk of `server` takes a ticket at 18:11; the answer's code, or 'ok'. */
async function takeAtEvening(server: RunningHallServer): Promise<string> {
  const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  try {
    const answer = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'consult' });
    return answer.ok ? 'ok' : answer.error.code;
  } finally {
    kiosk.close();
  }
}

describe('the calendar where it belongs', () => {
  it('npm start -- --real-hours: the shipped demo keeps its calendar (closed at 18:11), and / says so', async () => {
    const server = await start(SHIPPED_DEMO_PATH, false, '127.0.0.1');
    try {
      expect(await takeAtEvening(server)).toBe('TICKETING_CLOSED');
      const page = await httpFrom(`${server.url}/`);
      expect(page.text).toContain('真实办公时间');
      expect(page.text).not.toContain('全天演示模式');
    } finally {
      await server.close();
    }
  });

  it('npm start after a day with --real-hours: the all-day demo forgets the calendar’s 已闭厅 (wall, desk and kiosk agree: open)', async () => {
    const dataDir = tempDataDir();
    const real = await start(SHIPPED_DEMO_PATH, false, '127.0.0.1', dataDir);
    try {
      expect(real.hall.state.phase.status).toBe('closed');
    } finally {
      await real.close();
    }
    const allDay = await start(SHIPPED_DEMO_PATH, true, '127.0.0.1', dataDir);
    try {
      const display = await connect(allDay.url, '/display', DEMO_TOKENS.display);
      // What the wall folds: no phase left for its closed sign (display/closed-sign.ts) to read.
      expect(display.snapshot.state.phase).toEqual({ status: 'unsynced', since: EVENING });
      display.close();
      const health = await httpFrom(`${allDay.url}/healthz`);
      expect(health.json.clock).toMatchObject({ phase: 'unsynced', nextDeadline: null });
      expect(await takeAtEvening(allDay)).toBe('ok');
      const removed = allDay.hall.eventsSince(0, 10_000).filter((e) => e.event.type === 'hall.calendar_removed');
      expect(removed).toHaveLength(1);
    } finally {
      await allDay.close();
    }
  });

  it('a real hall file — even an unchanged copy of the demo — is never run all day and its / shows no token, even to loopback', async () => {
    const server = await start(
      writeHallVariant(() => undefined),
      true,
      '127.0.0.1',
    );
    try {
      expect(await takeAtEvening(server)).toBe('TICKETING_CLOSED');
      const page = await httpFrom(`${server.url}/`);
      for (const secret of SECRETS) expect(page.text).not.toContain(secret);
      expect(page.text).not.toContain('123456');
      expect(page.text).not.toContain('全天演示');
    } finally {
      await server.close();
    }
  });

  it('the tests’ calendar-less demo copy stays what it was: no demo page', async () => {
    const server = await start(DEMO_CONFIG_PATH, false, '127.0.0.1');
    try {
      const page = await httpFrom(`${server.url}/`);
      expect(page.text).not.toContain(DEMO_TOKENS.kiosk);
    } finally {
      await server.close();
    }
  });
});

describe('npm start with the shipped demo hall and no HOST', () => {
  it.skipIf(!LAN)(
    'listens on this machine only: its public demo tokens are not offered to the LAN',
    async () => {
      const server = await spawnServer(tempDataDir(), undefined, { configPath: SHIPPED_DEMO_PATH, host: null });
      try {
        const port = new URL(server.url).port;
        expect((await httpFrom(`${server.url}/healthz`)).status).toBe(200);
        await expect(httpFrom(`http://${LAN}:${port}/`, { from: LAN })).rejects.toThrow(/ECONNREFUSED/);
      } finally {
        await server.stop();
      }
    },
    40_000,
  );
});
