/**
 * The phone page of a ticket, as its QR code encodes it:
 * <base>/<YYYY-MM-DD>/<A013>?k=<key>. The key (server/devices/ticket-keys.ts)
 * is what lets the phone rate the service; the page itself (progress) opens
 * without it, so a number typed by hand still shows where it stands.
 */
export function ticketPageUrl(base: string, ticketId: string, key?: string): string {
  const page = `${base.replace(/\/+$/, '')}/${ticketId.split('/').map(encodeURIComponent).join('/')}`;
  return key === undefined ? page : `${page}?k=${encodeURIComponent(key)}`;
}
