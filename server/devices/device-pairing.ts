/**
 * 设备配对: how a kiosk or display gets its token without anyone typing one
 * or reading it off a page.
 *
 *  1. The device (no token, or one the server refuses) asks POST /api/pairings
 *     { kind } and gets a 6-digit code to show, a pairing id and a poll secret
 *     only it knows.
 *  2. A supervisor, signed in on the desk, enters the code (设备管理), sees who
 *     asks (kind, address, when) and chooses which configured `devices[]`
 *     entry of that kind it becomes.
 *  3. The device, polling GET /api/pairings/<id> with its secret, receives a
 *     fresh random token, stores it and connects.
 *
 * A code alone gives nothing: the token goes only to the holder of the poll
 * secret, and only after a supervisor approved. Pending pairings live in
 * memory (a restart asks the device for a new code), expire after ten
 * minutes, are capped in number (in all and per address) and rate-limited
 * per address. Minted tokens are stored only as SHA-256 in
 * `device_credentials` (hall.sqlite) with who approved them, when and from
 * which address the device asked; revoked ones stay there as the record.
 * Pairing a device again replaces its earlier pairing.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { DeviceConfig, HallConfig } from '../../state-machines/config/hall-config.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { PairingKind, PairingStatus, PairingTicket } from '../../state-machines/protocol/messages.ts';
import type { DeviceEnrolment, PendingPairingView } from '../../state-machines/protocol/socket-events.ts';
import { matchSecret } from '../auth/secret-match.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';

export const PAIRING_TTL_MS = 10 * 60_000;
/** Pending pairings in all, and from one address. */
export const MAX_PENDING = 50;
export const MAX_PENDING_PER_ADDRESS = 3;
/** How often a device asks whether it was approved. */
const POLL_SECONDS = 2;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ProtocolError };

interface Pending {
  id: string;
  kind: PairingKind;
  code: string;
  secretHash: string;
  address: string;
  requestedAt: number;
  expiresAt: number;
  /** Set on approval; the token is handed to the secret's holder until it first connects or the pairing expires. */
  approved?: { token: string; deviceId: string; credentialId: string; by: string };
}

interface CredentialRow {
  id: string;
  device_id: string;
  kind: PairingKind;
  paired_at: number;
  paired_by: string;
  address: string;
}

/** Who a presented device token belongs to: a hall-file token, or a paired credential. */
export interface DeviceCredential {
  device: DeviceConfig;
  credentialId?: string | undefined;
}

export interface DevicePairingOptions {
  now: () => number;
  log?: Logger | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class DevicePairing extends EventEmitter<{ change: []; revoked: [credentialId: string] }> {
  private readonly pending = new Map<string, Pending>();
  /** New codes per address: 6 a minute, bursts of 3 (a device asks for one every ten minutes). */
  private readonly requests = new TokenBuckets(6, 3);
  private readonly now: () => number;
  private readonly log: Logger | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly config: HallConfig,
    options: DevicePairingOptions,
  ) {
    super();
    this.now = options.now;
    this.log = options.log;
    db.exec(`CREATE TABLE IF NOT EXISTS device_credentials (
      id            TEXT PRIMARY KEY,
      token_hash    TEXT NOT NULL UNIQUE,
      device_id     TEXT NOT NULL,
      kind          TEXT NOT NULL,
      paired_at     INTEGER NOT NULL,
      paired_by     TEXT NOT NULL,
      address       TEXT NOT NULL,
      revoked_at    INTEGER,
      revoked_by    TEXT,
      revoke_reason TEXT
    );
    CREATE INDEX IF NOT EXISTS device_credentials_device ON device_credentials (device_id, revoked_at);`);
  }

  /** A device asks for a pairing code. */
  request(kind: PairingKind, address: string): Result<PairingTicket> {
    const now = this.now();
    this.sweep(now);
    const wait = this.requests.waitFor(address, now);
    if (wait > 0) return { ok: false, error: tooMany(wait) };
    const fromHere = [...this.pending.values()].filter((p) => p.address === address && !p.approved);
    if (fromHere.length >= MAX_PENDING_PER_ADDRESS || this.pending.size >= MAX_PENDING) {
      const oldest = Math.min(...(fromHere.length >= MAX_PENDING_PER_ADDRESS ? fromHere : [...this.pending.values()]).map((p) => p.expiresAt));
      return { ok: false, error: tooMany(Math.max(1, Math.ceil((oldest - now) / 1000))) };
    }
    this.requests.take(address, now);
    const id = randomBytes(12).toString('base64url');
    const pollSecret = randomBytes(32).toString('base64url');
    const pending: Pending = { id, kind, code: this.freshCode(), secretHash: sha256(pollSecret), address, requestedAt: now, expiresAt: now + PAIRING_TTL_MS };
    this.pending.set(id, pending);
    this.log?.info({ pairing: id, kind, address }, 'device asked to be paired');
    return { ok: true, value: { id, code: pending.code, pollSecret, expiresAt: pending.expiresAt, pollSeconds: POLL_SECONDS } };
  }

  /** The device asks whether it was approved; undefined = unknown, expired or not its secret. */
  poll(id: string, secret: string | undefined): PairingStatus | undefined {
    this.sweep(this.now());
    const p = this.pending.get(id);
    if (!p || secret === undefined || !matchSecret([p], (x) => x.secretHash, sha256(secret))) return undefined;
    if (!p.approved) return { status: 'pending', expiresAt: p.expiresAt };
    const device = this.device(p.approved.deviceId);
    return { status: 'approved', token: p.approved.token, deviceId: p.approved.deviceId, deviceName: device?.name ?? p.approved.deviceId };
  }

  /** The desk: the pending pairing showing this code. */
  lookup(code: string): Result<PendingPairingView> {
    this.sweep(this.now());
    const p = [...this.pending.values()].find((x) => x.code === code);
    if (!p) return { ok: false, error: notFound() };
    return { ok: true, value: { id: p.id, kind: p.kind, address: p.address, requestedAt: p.requestedAt, expiresAt: p.expiresAt } };
  }

  /** The desk: approve a pending pairing as `deviceId`. Approving it again for the same device answers the same. */
  approve(pairingId: string, deviceId: string, by: string): Result<{ deviceId: string; credentialId: string }> {
    const now = this.now();
    this.sweep(now);
    const p = this.pending.get(pairingId);
    if (!p) return { ok: false, error: notFound() };
    if (p.approved) {
      if (p.approved.deviceId === deviceId) return { ok: true, value: { deviceId, credentialId: p.approved.credentialId } };
      return {
        ok: false,
        error: protocolError('ILLEGAL_TRANSITION', '该配对已批准为另一台设备', 'This pairing was already approved as another device', 'deviceId'),
      };
    }
    const device = this.device(deviceId);
    if (!device) return { ok: false, error: protocolError('NOT_FOUND', `配置中没有设备 ${deviceId}`, `No device ${deviceId} in the hall file`, 'deviceId') };
    if (device.kind !== p.kind) {
      const [zh, en] = p.kind === 'kiosk' ? ['取号机', 'a kiosk'] : ['显示屏', 'a display'];
      return {
        ok: false,
        error: protocolError('BAD_REQUEST', `此配对请求来自${zh}，请选择一台${zh}`, `This pairing request comes from ${en}; choose ${en}`, 'deviceId'),
      };
    }
    const token = randomBytes(32).toString('base64url');
    const credentialId = randomBytes(9).toString('base64url');
    const replaced = this.liveCredentials(deviceId);
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE device_credentials SET revoked_at = ?, revoked_by = ?, revoke_reason = 'replaced' WHERE device_id = ? AND revoked_at IS NULL")
        .run(now, by, deviceId);
      this.db
        .prepare('INSERT INTO device_credentials (id, token_hash, device_id, kind, paired_at, paired_by, address) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(credentialId, sha256(token), deviceId, device.kind, now, by, p.address);
    })();
    p.approved = { token, deviceId, credentialId, by };
    this.log?.info({ pairing: p.id, deviceId, credentialId, by, address: p.address, replaced: replaced.map((c) => c.id) }, 'device paired');
    for (const c of replaced) this.emit('revoked', c.id);
    this.emit('change');
    return { ok: true, value: { deviceId, credentialId } };
  }

  /** The desk: revoke a paired credential. Revoking one already revoked answers the same. */
  revoke(credentialId: string, by: string): Result<{ credentialId: string }> {
    const row = this.db.prepare('SELECT revoked_at FROM device_credentials WHERE id = ?').get(credentialId) as { revoked_at: number | null } | undefined;
    if (!row) return { ok: false, error: protocolError('NOT_FOUND', '没有这个配对记录', 'No such paired credential', 'credentialId') };
    if (row.revoked_at === null) {
      this.db.prepare("UPDATE device_credentials SET revoked_at = ?, revoked_by = ?, revoke_reason = 'revoked' WHERE id = ?").run(this.now(), by, credentialId);
      for (const [id, p] of this.pending) if (p.approved?.credentialId === credentialId) this.pending.delete(id);
      this.log?.info({ credentialId, by }, 'device pairing revoked');
      this.emit('revoked', credentialId);
      this.emit('change');
    }
    return { ok: true, value: { credentialId } };
  }

  /** The handshake: a hall-file token (constant-time) or a live paired credential. */
  authenticate(token: string): DeviceCredential | undefined {
    const fromFile = matchSecret(this.config.devices, (d) => d.token, token);
    if (fromFile) return { device: fromFile };
    const row = this.db.prepare('SELECT id, device_id FROM device_credentials WHERE token_hash = ? AND revoked_at IS NULL').get(sha256(token)) as
      | Pick<CredentialRow, 'id' | 'device_id'>
      | undefined;
    const device = row && this.device(row.device_id);
    if (!row || !device) return undefined;
    // The device has its token: nothing more to hand out.
    for (const [id, p] of this.pending) if (p.approved?.credentialId === row.id) this.pending.delete(id);
    return { device, credentialId: row.id };
  }

  /** 设备管理: every configured kiosk and display with how it is credentialed. */
  enrolment(): DeviceEnrolment[] {
    return this.config.devices.map((d) => ({
      deviceId: d.id,
      kind: d.kind,
      name: d.name,
      hallFileToken: d.token !== undefined,
      paired: this.liveCredentials(d.id).map((c) => ({ id: c.id, pairedAt: c.paired_at, pairedBy: c.paired_by, address: c.address })),
    }));
  }

  private liveCredentials(deviceId: string): CredentialRow[] {
    return this.db
      .prepare(
        'SELECT id, device_id, kind, paired_at, paired_by, address FROM device_credentials WHERE device_id = ? AND revoked_at IS NULL ORDER BY paired_at',
      )
      .all(deviceId) as CredentialRow[];
  }

  private device(id: string): DeviceConfig | undefined {
    return this.config.devices.find((d) => d.id === id);
  }

  /** A code no pending pairing shows (at most 50 of a million are taken, so the first draw nearly always is). */
  private freshCode(): string {
    const taken = new Set([...this.pending.values()].map((p) => p.code));
    for (let i = 0; i < 1000; i++) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!taken.has(code)) return code;
    }
    throw new Error('no free pairing code');
  }

  private sweep(now: number): void {
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
  }
}

function tooMany(wait: number): ProtocolError {
  return {
    ...protocolError('RATE_LIMITED', `配对请求过多，请 ${wait} 秒后再试`, `Too many pairing requests; try again in ${wait} s`),
    retryAfterSeconds: wait,
  };
}

function notFound(): ProtocolError {
  return protocolError('NOT_FOUND', '配对码不存在或已过期，请核对设备屏幕上的配对码', 'No pending pairing with this code (it may have expired)', 'code');
}
