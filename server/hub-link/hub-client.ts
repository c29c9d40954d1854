/**
 * The hall's HTTP client for its hub: the hall's own paths under
 * /hub/v1/halls/{hall}/, its credential as a Bearer header, a timeout, and
 * every failure as a value (a hub that is down is normal, never a throw).
 */
const REQUEST_TIMEOUT_MS = 15_000;

export interface HubLinkOptions {
  /** The hub's base URL (https in production: the credential travels in a header). */
  url: string;
  /** This hall's credential from `npm run hub -- add-hall`. */
  credential: string;
  hallId: string;
}

export type HubAnswer = { ok: true; body: unknown } | { ok: false; status?: number; error: string };

export async function hubRequest(
  options: HubLinkOptions,
  method: 'GET' | 'POST' | 'PUT',
  path: 'position' | 'events' | 'live' | 'profile',
  body?: unknown,
): Promise<HubAnswer> {
  const url = `${options.url.replace(/\/$/, '')}/hub/v1/halls/${encodeURIComponent(options.hallId)}/${path}`;
  try {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${options.credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const answer = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (res.ok) return { ok: true, body: answer };
    return { ok: false, status: res.status, error: `${res.status} ${answer?.error?.code ?? ''} ${answer?.error?.message ?? ''}`.trim() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
