/**
 * Find the holder of a presented secret (a device token, a channel token)
 * without leaking through timing which one it was or how much of it matched:
 * every candidate is compared, each as a SHA-256 digest (equal lengths, so
 * `timingSafeEqual` applies whatever was sent).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function matchSecret<T>(candidates: readonly T[], secretOf: (c: T) => string | undefined, given: string | undefined): T | undefined {
  if (given === undefined) return undefined;
  const presented = digest(given);
  let found: T | undefined;
  for (const c of candidates) {
    const secret = secretOf(c);
    if (secret === undefined) continue;
    if (timingSafeEqual(presented, digest(secret)) && found === undefined) found = c;
  }
  return found;
}
