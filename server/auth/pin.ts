/**
 * PIN hashing with scrypt (node:crypto, no native dependency).
 * Format: scrypt$N$r$p$salt$hash, base64 — parameters travel with the hash so
 * they can be raised later without invalidating existing PINs.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const DEFAULT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** Checks a PIN against a stored hash. Sign-in takes it as a parameter so tests can count the scrypt runs. */
export type PinVerifier = (pin: string, stored: string) => boolean;

export function hashPin(pin: string, salt: Buffer = randomBytes(16), params: ScryptParams = DEFAULT_PARAMS): string {
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N: params.N, r: params.r, p: params.p });
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export const verifyPin: PinVerifier = (pin, stored) => {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const actual = scryptSync(pin, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
};

/** The scrypt parameters of a stored hash, if it is one. */
export function paramsOf(stored: string): ScryptParams | undefined {
  const m = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$/.exec(stored);
  return m ? { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) } : undefined;
}

/**
 * A hash no PIN matches (a random secret nobody knows), with the same scrypt
 * parameters as the hall's own hashes. Sign-in checks an unknown 工号's PIN
 * against it, so a wrong PIN costs the same time whether the 工号 exists or
 * not and timing does not tell which 工号 are real.
 */
export function dummyPinHash(staffHashes: readonly string[]): string {
  const params = staffHashes.map(paramsOf).find((p) => p !== undefined) ?? DEFAULT_PARAMS;
  return hashPin(`no-pin-${randomBytes(16).toString('hex')}`, randomBytes(16), params);
}
