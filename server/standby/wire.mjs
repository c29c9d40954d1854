/**
 * 双机热备: the replication link's wire, shared by the primary's ship worker (ship-worker.mjs, a plain JS worker
 * thread: no TypeScript loader there) and the standby's receiver. One JSON message per line over TCP on the hall's
 * LAN. Both ends prove they know the pair's shared secret (HMAC-SHA256 over a fresh nonce, compared in constant
 * time) before any row moves, so nothing else on the LAN can feed a standby rows or read them from a primary.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A line longer than this is not ours: the link is dropped (catch-up sends ≤ 500 rows of ≤ a few KB). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** @param {string} secret @param {string} role @param {string} nonce */
export function proof(secret, role, nonce) {
  return createHmac('sha256', secret).update(`${role}:${nonce}`).digest('base64url');
}

/** @param {string} secret @param {string} role @param {string} nonce @param {unknown} given */
export function proofMatches(secret, role, nonce, given) {
  if (typeof given !== 'string') return false;
  const want = Buffer.from(proof(secret, role, nonce));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * Read whole lines from a socket and hand each parsed message to `onMessage`; a malformed or oversized line
 * ends the link.
 * @param {import('node:net').Socket} socket
 * @param {(message: any) => void} onMessage
 */
export function readMessages(socket, onMessage) {
  /** @type {Buffer[]} */
  let parts = [];
  let size = 0;
  socket.on('data', (chunk) => {
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      parts.push(chunk.subarray(start, i));
      const line = Buffer.concat(parts).toString('utf8');
      parts = [];
      size = 0;
      start = i + 1;
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy(new Error('replication link: a line that is not JSON'));
        return;
      }
      onMessage(message);
      if (socket.destroyed) return;
    }
    if (start < chunk.length) {
      parts.push(chunk.subarray(start));
      size += chunk.length - start;
      if (size > MAX_LINE_BYTES) socket.destroy(new Error('replication link: line too long'));
    }
  });
}

/** @param {import('node:net').Socket} socket @param {unknown} message */
export function send(socket, message) {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}
