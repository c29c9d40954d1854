/**
 * HTTPS (issue 11 item 11): with a certificate and key the hall server speaks
 * TLS only — sign-in over https, Socket.IO over wss, HSTS — and plain HTTP
 * to that port gets nothing; an optional plain port only redirects. Plain
 * HTTP beyond loopback starts with a warning in the log.
 *
 * The certificate is self-signed, made by the openssl CLI in a temporary
 * folder; the clients trust it as their CA.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type RunningHallServer } from '../../server/hall-server.ts';
import type { HallSnapshot } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import { DEMO_CONFIG_PATH, SUPERVISOR } from '../support/demo.ts';
import { httpFrom } from '../support/http-from.ts';
import { logLines } from '../support/log-lines.ts';
import { tempDataDir } from '../support/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'yc-tls-'));
const certPath = join(dir, 'cert.pem');
const keyPath = join(dir, 'key.pem');
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    keyPath,
    '-out',
    certPath,
  ],
  { stdio: 'ignore' },
);
const ca = readFileSync(certPath, 'utf8');

describe('TLS', () => {
  let server: RunningHallServer;
  beforeAll(async () => {
    server = await startHallServer({
      port: 0,
      host: '127.0.0.1',
      configPath: DEMO_CONFIG_PATH,
      dataDir: tempDataDir(),
      logLevel: 'silent',
      tls: { certPath, keyPath },
      httpRedirectPort: 0,
    });
  });
  afterAll(() => server?.close());

  it('signs a supervisor in over https, with HSTS; an untrusted certificate is refused by the client', async () => {
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);
    const res = await httpFrom(`${server.url}/api/session`, { method: 'POST', body: SUPERVISOR, ca });
    expect(res.status).toBe(201);
    expect(res.json.token).toEqual(expect.any(String));
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    await expect(httpFrom(`${server.url}/healthz`)).rejects.toThrow(/self.signed|certificate/i);
  });

  it('Socket.IO runs over wss with the certificate as CA', async () => {
    const { token } = (await httpFrom(`${server.url}/api/session`, { method: 'POST', body: SUPERVISOR, ca })).json as { token: string };
    const socket = io(`${server.url}/admin`, {
      transports: ['websocket'],
      ca,
      auth: { protocol: PROTOCOL_VERSION, token },
      reconnection: false,
      forceNew: true,
    });
    try {
      const snapshot = await new Promise<HallSnapshot>((resolve, reject) => {
        socket.once('hall:snapshot', resolve);
        socket.once('connect_error', reject);
      });
      expect(snapshot.identity).toMatchObject({ role: 'admin', staffId: '9001' });
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.close();
    }
  });

  it('plain HTTP to the TLS port gets no page', async () => {
    const outcome = await httpFrom(`http://127.0.0.1:${server.port}/healthz`, { timeoutMs: 5000 }).then(
      (r) => `status ${r.status}`,
      (err: Error) => `error ${err.message}`,
    );
    expect(outcome).toMatch(/^error /);
  });

  it('the plain redirect port sends every request to https, path and query kept', async () => {
    const res = await httpFrom(`http://127.0.0.1:${server.redirectPort}/window-panel/?window=5`);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`https://127.0.0.1:${server.port}/window-panel/?window=5`);
  });
});

describe('plain HTTP beyond loopback', () => {
  const start = async (host: string, tls: boolean) => {
    const log = logLines();
    const s = await startHallServer({
      port: 0,
      host,
      configPath: DEMO_CONFIG_PATH,
      dataDir: tempDataDir(),
      logLevel: 'warn',
      logStream: log.stream,
      tls: tls ? { certPath, keyPath } : undefined,
    });
    await s.close();
    return log.lines().filter((l) => l.level === 40 && /plain HTTP/.test(l.msg));
  };

  it('warns at start that PINs and tokens cross the LAN in clear; not on loopback, not with TLS', async () => {
    const warned = await start('0.0.0.0', false);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.msg).toContain('PINs, session and device tokens cross the LAN in clear');
    expect(await start('127.0.0.1', false)).toHaveLength(0);
    expect(await start('0.0.0.0', true)).toHaveLength(0);
  });
});
