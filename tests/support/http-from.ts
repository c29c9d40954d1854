/**
 * HTTP(S) requests from a chosen local address (127.0.0.2 is another
 * "machine" on loopback; this machine's LAN address is a non-loopback
 * client), optionally trusting a test CA. fetch cannot pick its source
 * address, node:http can.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { networkInterfaces } from 'node:os';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the server's JSON answer field by field, as a browser would
  json: any;
}

export interface HttpOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Source address of the connection. */
  from?: string;
  /** A body sent as it is (not as JSON), e.g. an Engine.IO packet. */
  raw?: string;
  /** PEM of a CA to trust (self-signed test certificates). */
  ca?: string | Buffer;
  timeoutMs?: number;
}

export function httpFrom(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: options.method ?? 'GET',
        localAddress: options.from,
        ca: options.ca,
        timeout: options.timeoutMs ?? 10_000,
        headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** This machine's first non-loopback IPv4 address (e.g. 192.0.2.2), or undefined when it has none. */
export function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}
