/**
 * 设备配对, the device's half (server: server/devices/device-pairing.ts). A
 * kiosk or display without a working token asks the server for a pairing
 * code, shows it, and asks every few seconds whether a supervisor approved
 * it; when approved it receives its own device token. An expired code (or a
 * server restart, which forgets pending pairings) brings a new code; a busy
 * or unreachable server is retried after the time it names.
 */
import type { PairingKind, PairingStatus, PairingTicket } from '../../protocol/messages.ts';

export type PairingView =
  | { kind: 'asking' }
  | { kind: 'code'; code: string }
  | { kind: 'waiting'; why: 'busy' | 'offline' }
  | { kind: 'approved'; deviceName: string };

const RETRY_OFFLINE_MS = 5_000;

/** Runs until stopped (the returned function) or approved. */
export function runPairing(kind: PairingKind, onView: (view: PairingView) => void, onToken: (token: string) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = (ms: number, step: () => Promise<void>) => {
    if (!stopped) timer = setTimeout(() => void step(), ms);
  };

  const ask = async (): Promise<void> => {
    onView({ kind: 'asking' });
    const res = await fetch('/api/pairings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind }) }).catch(
      () => undefined,
    );
    if (stopped) return;
    if (!res?.ok) {
      const busy = res?.status === 429;
      onView({ kind: 'waiting', why: busy ? 'busy' : 'offline' });
      const retryAfter = Number(res?.headers.get('Retry-After'));
      return later(busy && retryAfter > 0 ? retryAfter * 1000 : RETRY_OFFLINE_MS, ask);
    }
    const ticket = (await res.json()) as PairingTicket;
    onView({ kind: 'code', code: ticket.code });
    later(ticket.pollSeconds * 1000, () => poll(ticket));
  };

  const poll = async (ticket: PairingTicket): Promise<void> => {
    const res = await fetch(`/api/pairings/${encodeURIComponent(ticket.id)}`, {
      headers: { Authorization: `Bearer ${ticket.pollSecret}` },
      cache: 'no-store',
    }).catch(() => undefined);
    if (stopped) return;
    // Expired, or the server restarted and forgot it: a new code.
    if (res?.status === 404) return ask();
    const status = res?.ok ? ((await res.json()) as PairingStatus) : undefined;
    if (stopped) return;
    if (status?.status === 'approved') {
      onView({ kind: 'approved', deviceName: status.deviceName });
      onToken(status.token);
      return;
    }
    // Still pending, or a network blip: keep showing the code and ask again.
    later(ticket.pollSeconds * 1000, () => poll(ticket));
  };

  void ask();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
