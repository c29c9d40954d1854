/**
 * Clerk sign-in over HTTP: POST /api/session gives a session token for one
 * window, DELETE /api/session ends it. The token lives in sessionStorage: it
 * survives a reload of the panel but not closing the browser on a shared PC.
 */
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { AbsenceReason } from '../state-machines/domain/staffing.ts';
import type { LoginRequest, LoginResponse } from '../state-machines/protocol/messages.ts';
import type { UiError } from '../state-machines/client/web/command.ts';

/** The server's answer to sign-in (state-machines/protocol/messages.ts), kept for this tab. */
export type ClerkSession = LoginResponse;

const KEY = 'yichuang.panel.session';

const UNREACHABLE: UiError = {
  code: 'NO_ANSWER',
  message: '无法连接服务器，请检查网络后重试',
  messageEn: 'Cannot reach the server. Check the network and try again.',
};

export type Result<T> = { ok: true; value: T } | { ok: false; error: UiError & { field?: string | undefined } };

export async function signIn(request: LoginRequest): Promise<Result<ClerkSession>> {
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  }).catch(() => undefined);
  if (!res) return { ok: false, error: UNREACHABLE };
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) return { ok: false, error: errorOf(body) ?? httpError(res.status) };
  if (!isClerkSession(body)) return { ok: false, error: httpError(res.status) };
  save(body);
  return { ok: true, value: body };
}

/**
 * Ends the session on the server. With a reason the clerk is away (离岗, AB岗):
 * the server may refuse (409) when nobody covers an open window — then the
 * session stays and the error says what to do. An unreachable server ends the
 * session locally (a shared PC must not stay signed in).
 */
export async function signOut(session: ClerkSession, reason?: AbsenceReason): Promise<Result<null>> {
  const res = await fetch('/api/session', {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(reason ? { reason } : {}),
  }).catch(() => undefined);
  if (res && res.status === 409) {
    const body: unknown = await res.json().catch(() => undefined);
    return { ok: false, error: errorOf(body) ?? httpError(res.status) };
  }
  clear();
  return { ok: true, value: null };
}

export async function fetchHall(): Promise<Result<PublicHallConfig>> {
  const res = await fetch('/api/hall').catch(() => undefined);
  if (!res) return { ok: false, error: UNREACHABLE };
  if (!res.ok) return { ok: false, error: httpError(res.status) };
  // The server's own type for this route; it is the same build that served this page.
  const config = (await res.json()) as PublicHallConfig;
  return { ok: true, value: config };
}

export function savedSession(now = Date.now()): ClerkSession | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (isClerkSession(parsed) && parsed.expiresAt > now) return parsed;
  } catch {
    // unreadable: sign in again
  }
  clear();
  return undefined;
}

function save(session: ClerkSession): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  } catch {
    // Storage off: the session lasts until the page is reloaded.
  }
}

export function clear(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

function isClerkSession(v: unknown): v is ClerkSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<ClerkSession>;
  return (
    typeof s.token === 'string' &&
    typeof s.expiresAt === 'number' &&
    (s.window === null || typeof s.window === 'number') &&
    typeof s.staff === 'object' &&
    s.staff !== null &&
    typeof s.staff.id === 'string' &&
    typeof s.staff.name === 'string'
  );
}

function errorOf(body: unknown): (UiError & { field?: string | undefined }) | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const e = body.error as Partial<UiError & { field: string }> | null;
  if (!e || typeof e.message !== 'string' || typeof e.messageEn !== 'string') return undefined;
  return { code: typeof e.code === 'string' ? e.code : 'ERROR', message: e.message, messageEn: e.messageEn, field: e.field };
}

function httpError(status: number): UiError {
  return { code: `HTTP_${status}`, message: `服务器返回错误（${status}），请稍后重试`, messageEn: `The server answered ${status}. Please try again.` };
}
