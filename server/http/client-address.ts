/**
 * Who is asking, as the socket sees it (never a forwarded header: the hall
 * server is not behind a proxy, and a header is whatever the client says).
 */

/** The peer address, with IPv4-mapped IPv6 (`::ffff:192.0.2.7`) written as IPv4. */
export function clientAddress(socket: { remoteAddress?: string | undefined }): string {
  const raw = socket.remoteAddress ?? 'unknown';
  return raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
}

/** 127.0.0.0/8 or ::1: the server's own machine. */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** A listening interface that only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || isLoopback(host);
}

/**
 * This machine asking by a loopback name (a page elsewhere that rebinds its own name to 127.0.0.1 reaches
 * loopback by another name): the demo tokens on `/`, `/metrics` without a token.
 */
export function isThisMachine(req: { socket: { remoteAddress?: string | undefined }; hostname: string }): boolean {
  return isLoopback(clientAddress(req.socket)) && isLoopbackHost(req.hostname.replace(/^\[(.*)\]$/, '$1'));
}
