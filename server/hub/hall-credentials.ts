/**
 * A hall's credential at the hub: 32 random bytes (base64url) made once by
 * `npm run hub -- add-hall`, printed once, kept by the hall (HUB_CREDENTIAL).
 * The hub stores only its SHA-256 and compares in constant time, so a copy of
 * the hub's database does not let anyone ship as a hall.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { GENESIS_HASH } from '../store/hash-chain.ts';

const digest = (credential: string) => createHash('sha256').update(credential, 'utf8').digest();

export async function addHall(pool: Pool, hall: { id: string; name: string; district?: string }): Promise<string> {
  const credential = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO halls (hall_id, name, district, credential_hash, last_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (hall_id) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, credential_hash = EXCLUDED.credential_hash`,
    [hall.id, hall.name, hall.district ?? '', digest(credential).toString('hex'), GENESIS_HASH],
  );
  return credential;
}

/** Whether `credential` is the one issued to `hallId` (false for an unknown hall). */
export async function credentialMatches(pool: Pool, hallId: string, credential: string): Promise<boolean> {
  const row = (await pool.query<{ credential_hash: string }>('SELECT credential_hash FROM halls WHERE hall_id = $1', [hallId])).rows[0];
  if (!row) return false;
  const stored = Buffer.from(row.credential_hash, 'hex');
  const given = digest(credential);
  return stored.length === given.length && timingSafeEqual(stored, given);
}
