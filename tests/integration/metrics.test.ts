/**
 * /metrics for the IT person (issue 13 item 5), over the real server: the
 * exposition text parsed back, counts after known commands, the ack latency
 * histogram, clients per role, queue lengths and longest waits, the device
 * figures /metrics had before prom-client, and who may read it (this machine,
 * or another with the bearer token; 403/401 otherwise).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_TOKENS, TEN_AM } from '../support/demo.ts';
import { connect, newRequestId, until, type TestClient } from '../support/hall-client.ts';
import { httpFrom, lanAddress } from '../support/http-from.ts';
import { demoHallVariant, tempDataDir } from '../support/server.ts';

const LAN = lanAddress();
const TOKEN = 'metrics-token-for-the-it-person';

/** One sample of the exposition text: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text format 0.0.4, parsed back (comments skipped, label values unescaped). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample matching name and labels (0 when absent: a counter not yet incremented). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

const sum = (samples: Sample[], name: string) => samples.filter((s) => s.name === name).reduce((n, s) => n + s.value, 0);

describe('/metrics', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function hall(options: { host?: string; now?: () => number; hallToken?: string } = {}): Promise<RunningHallServer> {
    const configPath = demoHallVariant((h) => {
      if (options.hallToken) h.metrics = { token: options.hallToken };
      // 建议增开窗口 after 15 minutes for 综合受理; the hall default (20) elsewhere.
      const q = h.queues.find((x) => x.id === 'comprehensive');
      if (q) q.longWaitMinutes = 15;
    });
    const s = await startHallServer({ port: 0, host: options.host ?? '127.0.0.1', configPath, dataDir: tempDataDir(), logLevel: 'silent', now: options.now });
    cleanups.push(() => s.close());
    return s;
  }
  const open = async (url: string, nsp: '/kiosk' | '/display', token: string): Promise<TestClient> => {
    const c = await connect(url, nsp, token);
    cleanups.push(() => c.close());
    return c;
  };
  const scrape = async (url: string) => {
    const res = await httpFrom(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toContain('text/plain');
    return parse(res.text);
  };

  it('counts commands by event and result, one latency observation per answer, clients per role, queues and their longest wait', async () => {
    const clock = { now: TEN_AM };
    const s = await hall({ now: () => clock.now });
    const kiosk = await open(s.url, '/kiosk', DEMO_TOKENS.kiosk);
    await open(s.url, '/display', DEMO_TOKENS.display);
    await open(s.url, '/display', DEMO_TOKENS.windowScreen5);

    for (let i = 0; i < 3; i++) {
      const r = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
      expect(r.ok).toBe(true);
      clock.now += 60_000;
    }
    const refused = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'no-such-queue' });
    expect(refused.ok).toBe(false);
    const code = refused.ok ? '' : refused.error.code;
    clock.now = TEN_AM + 32 * 60_000;

    const m = await scrape(s.url);
    expect(value(m, 'yichuang_commands_total', { role: 'kiosk', event: 'ticket:take', result: 'accepted' })).toBe(3);
    expect(value(m, 'yichuang_commands_total', { role: 'kiosk', event: 'ticket:take', result: code })).toBe(1);
    // Every answered command is one observation, and nothing else is.
    expect(sum(m, 'yichuang_commands_total')).toBe(4);
    expect(value(m, 'yichuang_command_ack_seconds_count', { role: 'kiosk', event: 'ticket:take' })).toBe(4);
    expect(value(m, 'yichuang_command_ack_seconds_bucket', { role: 'kiosk', event: 'ticket:take', le: '+Inf' })).toBe(4);
    expect(value(m, 'yichuang_command_ack_seconds_sum', { role: 'kiosk', event: 'ticket:take' })).toBeGreaterThan(0);

    expect(value(m, 'yichuang_connected_clients', { role: 'display' })).toBe(2);
    expect(value(m, 'yichuang_connected_clients', { role: 'kiosk' })).toBe(1);
    expect(value(m, 'yichuang_connected_clients', { role: 'window' })).toBe(0);
    expect(value(m, 'yichuang_connected_clients', { role: 'admin' })).toBe(0);

    // A001 was issued at 10:00 and it is 10:32: the oldest of 3 waiting has waited 32 minutes, over 综合受理's 15.
    expect(value(m, 'yichuang_queue_waiting', { queue: 'comprehensive' })).toBe(3);
    expect(value(m, 'yichuang_queue_longest_wait_seconds', { queue: 'comprehensive' })).toBe(32 * 60);
    expect(value(m, 'yichuang_queue_wait_threshold_seconds', { queue: 'comprehensive' })).toBe(15 * 60);
    expect(value(m, 'yichuang_queue_waiting', { queue: 'tax' })).toBe(0);
    expect(value(m, 'yichuang_queue_longest_wait_seconds', { queue: 'tax' })).toBe(0);
    expect(value(m, 'yichuang_queue_wait_threshold_seconds', { queue: 'tax' })).toBe(20 * 60);
    expect(value(m, 'yichuang_served_today')).toBe(0);

    // What /metrics had before prom-client, same names and labels.
    expect(value(m, 'yichuang_hall_last_seq')).toBe(s.hall.seq);
    expect(value(m, 'yichuang_storage_ok')).toBe(1);
    expect(value(m, 'yichuang_device_up', { id: 'kiosk-1f-1', kind: 'kiosk' })).toBe(1);
    expect(value(m, 'yichuang_device_state', { id: 'kiosk-1f-1', kind: 'kiosk', state: 'connected' })).toBe(1);
    expect(value(m, 'yichuang_device_up', { id: 'kiosk-2f', kind: 'kiosk' })).toBe(0);
    expect(m.some((x) => x.name === 'yichuang_device_last_seen_seconds' && x.labels.id === 'kiosk-1f-1')).toBe(true);

    // Bounded labels: no ticket id, request id, actor or address anywhere.
    for (const x of m) {
      for (const v of Object.values(x.labels)) {
        expect(v).not.toMatch(/\d{4}-\d{2}-\d{2}\/|^[0-9a-f]{8}-|kiosk:|127\.0\.0\.1/);
      }
    }

    // A state left is not kept as a second series: the kiosk disconnects, its state series moves.
    kiosk.close();
    await until(() => s.devices.health().find((d) => d.id === 'kiosk-1f-1')?.state === 'disconnected');
    const after = await scrape(s.url);
    expect(value(after, 'yichuang_device_state', { id: 'kiosk-1f-1', state: 'disconnected' })).toBe(1);
    expect(value(after, 'yichuang_device_state', { id: 'kiosk-1f-1', state: 'connected' })).toBe(0);
    expect(value(after, 'yichuang_connected_clients', { role: 'kiosk' })).toBe(0);
  });

  it.skipIf(!LAN)('from another machine: 403 without a token configured, 401 without or with a wrong token, 200 with it', async () => {
    const open = await hall({ host: '0.0.0.0' });
    const lanUrl = `http://${LAN}:${open.port}`;
    const none = await httpFrom(`${lanUrl}/metrics`, { from: LAN });
    expect(none.status).toBe(403);
    expect(none.json.error.message).toContain('只对本机开放');
    expect(none.text).not.toContain('yichuang_');
    // This machine by a loopback name: always.
    expect((await httpFrom(`http://127.0.0.1:${open.port}/metrics`)).status).toBe(200);

    const guarded = await hall({ host: '0.0.0.0', hallToken: TOKEN });
    const url = `http://${LAN}:${guarded.port}/metrics`;
    const bare = await httpFrom(url, { from: LAN });
    expect(bare.status).toBe(401);
    expect(bare.headers['www-authenticate']).toContain('Bearer');
    expect(bare.json.error.messageEn).toContain('Authorization: Bearer');
    expect((await httpFrom(url, { from: LAN, headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    const ok = await httpFrom(url, { from: LAN, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(parse(ok.text).some((x) => x.name === 'yichuang_hall_last_seq')).toBe(true);
    // The token is in no public answer.
    for (const path of ['/', '/api/hall', '/healthz', '/kiosk/'])
      expect((await httpFrom(`http://${LAN}:${guarded.port}${path}`, { from: LAN })).text).not.toContain(TOKEN);
  });
});
