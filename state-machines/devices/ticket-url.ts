/** The phone page of a ticket, as its QR code encodes it: <base>/<YYYY-MM-DD>/<A013>. */
export function ticketPageUrl(base: string, ticketId: string): string {
  return `${base.replace(/\/+$/, '')}/${ticketId.split('/').map(encodeURIComponent).join('/')}`;
}
