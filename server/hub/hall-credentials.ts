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

/** How long a hall's stored credential hash is trusted from memory: a replaced credential (add-hall again) takes effect within it. */
const REMEMBER_MS = 30_000;
const REMEMBERED_MAX = 20_000;

/**
 * Whether a credential is the one issued to a hall (false for an unknown hall). The stored hash is kept in
 * memory for REMEMBER_MS: a busy hall ships several batches a second, and each would otherwise cost the
 * database a round trip before its own INSERT (measured: the batch rate of the hub bench).
 */
export class HallCredentials {
  private readonly remembered = new Map<string, { hash: Buffer | null; at: number }>();

  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  async matches(hallId: string, credential: string): Promise<boolean> {
    let entry = this.remembered.get(hallId);
    if (!entry || this.now() - entry.at > REMEMBER_MS) {
      const row = (await this.pool.query<{ credential_hash: string }>('SELECT credential_hash FROM halls WHERE hall_id = $1', [hallId])).rows[0];
      entry = { hash: row ? Buffer.from(row.credential_hash, 'hex') : null, at: this.now() };
      if (this.remembered.size >= REMEMBERED_MAX) this.remembered.clear();
      this.remembered.set(hallId, entry);
    }
    const given = digest(credential);
    return entry.hash !== null && entry.hash.length === given.length && timingSafeEqual(entry.hash, given);
  }
}
