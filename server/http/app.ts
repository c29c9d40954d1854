/**
 * HTTP surface: health, clerk sign-in, the public hall description, the demo
 * landing page, staff photos and the three built front ends.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { HubLinkStatus } from '../hub-link/log-shipper.ts';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toPublicConfig } from '../../state-machines/config/hall-config.ts';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import { postsOf } from '../../state-machines/domain/staffing.ts';
import { nextClockDeadline } from '../../state-machines/hall/hall-clock.ts';
import { loginRequest, signOutRequest, type LoginResponse } from '../../state-machines/protocol/messages.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import { dummyPinHash, verifyPin, type PinVerifier } from '../auth/pin.ts';
import type { LoginGuard } from '../auth/login-guard.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { HallService } from '../hall/hall-service.ts';
import { deviceRoutes, devicesHealthz, type DeviceHealthSource } from '../devices/device-routes.ts';
import type { TicketKeys } from '../devices/ticket-keys.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import { appointmentRoutes } from './appointments-routes.ts';
import { caseRoutes } from './cases-routes.ts';
import type { CaseDesk } from '../hall/case-desk.ts';
import type { DevicePairing } from '../devices/device-pairing.ts';
import { pairingRoutes } from './pairing-routes.ts';
import { clientAddress, isThisMachine } from './client-address.ts';
import { landingPage, type DemoHours } from './landing-page.ts';
import { staffPhotoSvg } from './staff-photo.ts';
import type { HallVoice } from '../voice/hall-voice.ts';
import { voiceRoutes } from '../voice/voice-routes.ts';
import { metricsRoute, type MetricsSource } from '../metrics/metrics-route.ts';

export interface AppOptions {
  hall: HallService;
  /** Where an internal error of a route is logged, with a reference the answer carries (the hall server's pino logger). */
  log?: Pick<Logger, 'error'>;
  sessions: SessionStore;
  webRoot: string;
  photosDir: string;
  serverVersion: string;
  loginGuard: LoginGuard;
  /** How a PIN is checked against its scrypt hash (tests count the runs). */
  verifyPin?: PinVerifier;
  now?: () => number;
  onSignOut?: (sessionId: string) => void;
  /** Printers, scanners, keypads, kiosks and displays: /healthz `devices` and /metrics. */
  devices?: DeviceHealthSource & { readonly ticketKeys: TicketKeys };
  /** 预约: the online channels' REST API. */
  appointments?: AppointmentDesk;
  /** 办件: the departments' REST API (办结待取). */
  cases?: CaseDesk;
  /** 设备配对: kiosks and displays ask for a pairing code and collect their token. */
  pairing?: DevicePairing;
  /** Set when this is the shipped demo hall: / shows its tokens and accounts, to loopback only. */
  demoHours?: DemoHours | undefined;
  /** The server speaks TLS: tell browsers to keep to HTTPS (HSTS). */
  hsts?: boolean;
  /** The server voice (call audio for displays whose browser has no Mandarin voice). */
  voice?: HallVoice;
  /** The log's way to a hub, when one is configured: /healthz `hub`. */
  hubLink?: { status(): HubLinkStatus } | undefined;
  /** 双机热备: /healthz `standby` (role, peer, link, lag, the last takeover). */
  standby?: { status(): unknown } | undefined;
  /** /metrics (prom-client) and the bearer token that opens it to other machines (server/metrics/metrics-route.ts). */
  metrics?: { source: MetricsSource; token: string | undefined };
}

export function createApp(options: AppOptions) {
  const { hall, sessions, serverVersion } = options;
  const now = options.now ?? Date.now;
  const checkPin = options.verifyPin ?? verifyPin;
  // An unknown 工号's PIN is checked against this, so it takes as long as a real one's (no 工号 enumeration by timing).
  const noSuchStaffHash = dummyPinHash(hall.config.staff.map((s) => s.pinHash));
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; frame-ancestors 'none'",
    );
    next();
  });
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_req, res) => {
    const boot = hall.bootReport;
    const integrity = boot?.integrity ?? { ok: true };
    const fault = hall.fault;
    const ok = hall.storageOk && integrity.ok && fault === undefined;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      version: serverVersion,
      protocol: PROTOCOL_VERSION,
      hall: hall.config.hall.id,
      lastSeq: hall.seq,
      storage: fault ? 'halted' : hall.storageOk ? 'ok' : 'failing',
      // A fold failed: every command is refused until a restart folds the log again.
      fault:
        fault &&
        `event ${fault.seq} (${fault.eventType}) could not be folded into the hall state: ${fault.message}; commands are refused until the server is restarted`,
      logIntegrity: integrity.ok ? 'ok' : `broken at event ${integrity.badSeq}: ${integrity.reason}`,
      boot: boot && { fromCheckpoint: boot.fromCheckpoint, replayed: boot.replayed, ms: Math.round(boot.ms) },
      // The hall's day and the clock's next deadline: what the IT person checks when a kiosk says "closed".
      clock: clockHealthz(hall, now()),
      devices: options.devices && devicesHealthz(options.devices),
      // The hall runs without it; displays whose browser cannot speak Mandarin then stay silent (and say so).
      voice: options.voice?.status(),
      // The hall never waits for its hub: shipping late is reported here, not as degraded.
      hub: options.hubLink?.status(),
      // 双机热备: this server's role, its standby's link and lag, the last takeover (README § Standby).
      standby: options.standby?.status(),
    });
  });

  if (options.metrics) app.use(metricsRoute(options.metrics.source, options.metrics.token));
  if (options.devices) app.use(deviceRoutes(hall, options.devices.ticketKeys, now));

  if (options.appointments) app.use(appointmentRoutes(options.appointments, now));
  if (options.cases) app.use(caseRoutes(options.cases, now));

  if (options.pairing) app.use(pairingRoutes(options.pairing));
  if (options.voice) app.use(voiceRoutes(options.voice, hall.config, now));

  app.get('/api/hall', (_req, res) => {
    res.json(toPublicConfig(hall.config));
  });

  app.post('/api/session', (req: Request, res: Response) => {
    const parsed = loginRequest.safeParse(req.body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      res.status(400).json({ error: protocolError('BAD_REQUEST', '请填写工号和密码', first?.message ?? 'invalid body', first?.path.join('.')) });
      return;
    }
    const { staffId, pin, window } = parsed.data;
    const address = clientAddress(req.socket);
    const check = options.loginGuard.check(staffId, address, now());
    if (!check.allowed) {
      const wait = check.retryAfterSeconds;
      const zh = wait < 60 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`;
      const en = wait < 60 ? `${wait} s` : `${Math.ceil(wait / 60)} min`;
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({
        error: {
          ...protocolError(
            'RATE_LIMITED',
            `密码错误次数过多，请 ${zh}后再试，或请值班主任解除`,
            `Too many wrong PINs; try again in ${en} or ask the supervisor`,
          ),
          retryAfterSeconds: wait,
        },
      });
      return;
    }
    const staff = hall.config.staff.find((s) => s.id === staffId);
    const pinOk = checkPin(pin, staff?.pinHash ?? noSuchStaffHash);
    if (!staff || !pinOk) {
      options.loginGuard.failed(staffId, address, now());
      res.status(401).json({ error: protocolError('UNAUTHORIZED', '工号或密码不正确', 'Wrong staff number or PIN') });
      return;
    }
    options.loginGuard.succeeded(staff.id, address);
    if (staff.role === 'clerk') {
      if (window === undefined) {
        res.status(400).json({ error: protocolError('BAD_REQUEST', '请选择窗口', 'Choose a window', 'window') });
        return;
      }
      const win = hall.config.windows.find((w) => w.number === window);
      if (!win) {
        res.status(404).json({ error: protocolError('NOT_FOUND', `没有 ${window} 号窗口`, `No window ${window}`, 'window') });
        return;
      }
      const posts = postsOf(hall.state, hall.config, window);
      if (posts?.a !== staff.id && posts?.b !== staff.id) {
        res.status(403).json({ error: protocolError('FORBIDDEN', `您不在 ${window} 号窗口的A/B岗上`, `You hold neither post of window ${window}`, 'window') });
        return;
      }
      const signIn = hall.execute({ type: 'clerk.sign_in', clerkId: staff.id, window }, `clerk:${staff.id}@${window}`);
      if (!signIn.ok) {
        res.status(503).json({ error: signIn.error });
        return;
      }
    }
    const { token, session } = sessions.create(staff.id, staff.role, staff.role === 'clerk' ? (window ?? null) : null, now());
    const answer: LoginResponse = {
      token,
      staff: { id: staff.id, name: staff.name, role: staff.role },
      window: session.window,
      expiresAt: session.expiresAt,
    };
    res.status(201).json(answer);
  });

  app.delete('/api/session', (req: Request, res: Response) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const session = token ? sessions.find(token, now()) : undefined;
    if (!session) {
      res.status(401).json({ error: protocolError('UNAUTHORIZED', '登录已失效', 'No such session') });
      return;
    }
    const body = signOutRequest.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: protocolError('BAD_REQUEST', '请选择离岗事由', 'Invalid sign-out reason', 'reason') });
      return;
    }
    if (session.window !== null) {
      // AB岗: leaving with nobody to cover is refused (pause or close first); the session then stays valid.
      const out = hall.execute(
        { type: 'clerk.sign_out', clerkId: session.staffId, window: session.window, reason: body.data.reason },
        `clerk:${session.staffId}@${session.window}`,
      );
      if (!out.ok) {
        res.status(out.error.code === 'STORAGE_UNAVAILABLE' ? 503 : 409).json({ error: out.error });
        return;
      }
    }
    sessions.end(session.id, now());
    options.onSignOut?.(session.id);
    res.status(204).end();
  });

  // Clerks' photos only (window screens show them); any other name — a supervisor's 工号, an unknown one — is
  // the same 404, so the route tells nobody which 工号 exist.
  app.get('/photos/:file', (req, res) => {
    const file = req.params.file;
    const match = /^([A-Za-z0-9_-]+)\.(jpg|png|svg)$/.exec(file);
    const clerk = match ? hall.config.staff.find((s) => s.id === match[1] && s.role === 'clerk') : undefined;
    if (!clerk) {
      res.status(404).end();
      return;
    }
    const real = join(options.photosDir, file);
    if (existsSync(real)) {
      res.sendFile(real);
      return;
    }
    if (match?.[2] !== 'svg') {
      res.status(404).end();
      return;
    }
    res.type('image/svg+xml').send(staffPhotoSvg(clerk.name));
  });

  app.get('/', (req, res) => {
    // Demo tokens only to this machine itself, asked by a loopback name (a page elsewhere that rebinds its own name to 127.0.0.1 gets nothing).
    const local = isThisMachine(req);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(landingPage(hall.config, { demo: options.demoHours && local ? { hours: options.demoHours } : undefined }));
  });

  app.use(express.static(options.webRoot, { index: 'index.html', redirect: true }));
  for (const page of ['kiosk', 'display', 'window-panel']) {
    // Non-strict routing also matches "/kiosk/": only the bare name redirects (no loop when the page is not built).
    app.get(`/${page}`, (req, res, next) => (req.path.endsWith('/') ? next() : res.redirect(301, `/${page}/`)));
  }

  app.use((_req, res) => {
    res.status(404).json({ error: protocolError('NOT_FOUND', '页面不存在', 'Not found') });
  });
  // Body-parser and other errors: a typed JSON answer, never Express's HTML error page or a stack trace.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 500;
    if (status === 413) {
      res.status(413).json({ error: protocolError('BAD_REQUEST', '提交的内容过大', 'Request body too large') });
      return;
    }
    if (status >= 400 && status < 500) {
      res.status(status).json({ error: protocolError('BAD_REQUEST', '请求格式不正确', 'Malformed request') });
      return;
    }
    // Logged with a reference the answer carries, like a socket's INTERNAL: the IT person finds the line from the screen.
    const ref = randomBytes(4).toString('hex');
    options.log?.error({ ref, method: req.method, path: req.path, err }, 'internal error in an HTTP route');
    res.status(500).json({ error: protocolError('INTERNAL', `系统内部错误，请联系工作人员（编号 ${ref}）`, `Internal error (reference ${ref})`) });
  });
  return app;
}

function clockHealthz(hall: HallService, at: number) {
  const next = nextClockDeadline(hall.state, hall.config);
  return {
    now: new Date(at).toISOString(),
    phase: hall.state.phase.status,
    phaseNext: hall.state.phase.next && { boundary: hall.state.phase.next.boundary, at: new Date(hall.state.phase.next.at).toISOString() },
    nextDeadline: next === undefined ? null : new Date(next).toISOString(),
  };
}
