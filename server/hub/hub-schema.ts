/**
 * The hub's tables in PostgreSQL (README § Many halls). Created on start, idempotent.
 *
 * - `halls`: one row per hall the hub accepts, with the SHA-256 of its
 *   credential (the hub never stores the credential itself) and where its
 *   shipped chain stands (`last_seq`, `last_hash`). Ingest moves it by a
 *   compare-and-set in the same statement as the INSERT (hub-ingest.ts), so
 *   two hub processes ingesting the same hall cannot both store a batch: each
 *   event is stored once by the row's lock and the primary key, not by luck.
 * - `hall_events`: every shipped event, the primary key (hall_id, seq),
 *   hash-partitioned by hall into 16 tables: a province's ~3,000 halls spread
 *   evenly without a partition per hall to create at registration, and each
 *   hall's rows stay in one partition for its reports.
 * - `hall_live`: each hall's latest 实时等候 document, for the open API.
 * - `api_keys`: the open API's keys (hashes) and their rate per minute.
 * - `hall_profiles`, `hub_report_*`: each hall's public hall file and its
 *   report rows (hub-reports.ts); `hub_supervisors`, `hub_sessions`: who may
 *   read them (hub-supervisors.ts).
 * - `hub_incidents`: what was refused and why (a gap, a fork, an altered
 *   event, a wrong credential) — shown on the status page, never dropped
 *   silently.
 */
import { HUB_PARTITIONS } from './hub-partitions.ts';
import { HUB_REPORT_SCHEMA } from './hub-reports.ts';
import { HUB_SUPERVISOR_SCHEMA } from './hub-supervisors.ts';

export const HUB_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS halls (
     hall_id          text PRIMARY KEY,
     name             text NOT NULL,
     district         text NOT NULL DEFAULT '',
     credential_hash  text NOT NULL,
     last_seq         bigint NOT NULL DEFAULT 0,
     last_hash        text NOT NULL,
     last_ingest_at   timestamptz,
     created_at       timestamptz NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS hall_events (
     hall_id    text   NOT NULL,
     seq        bigint NOT NULL,
     at         bigint NOT NULL,
     type       text   NOT NULL,
     actor      text   NOT NULL,
     payload    text   NOT NULL,
     prev_hash  text   NOT NULL,
     hash       text   NOT NULL,
     PRIMARY KEY (hall_id, seq)
   ) PARTITION BY HASH (hall_id)`,
  ...Array.from(
    { length: HUB_PARTITIONS },
    (_, i) => `CREATE TABLE IF NOT EXISTS hall_events_p${i} PARTITION OF hall_events FOR VALUES WITH (MODULUS ${HUB_PARTITIONS}, REMAINDER ${i})`,
  ),
  `CREATE TABLE IF NOT EXISTS hub_incidents (
     id       bigserial PRIMARY KEY,
     hall_id  text NOT NULL,
     at       timestamptz NOT NULL DEFAULT now(),
     kind     text NOT NULL,
     seq      bigint,
     detail   text NOT NULL
   )`,
  'CREATE INDEX IF NOT EXISTS hub_incidents_by_hall ON hub_incidents (hall_id, at DESC)',
  // 实时等候: each hall's latest public waits (state-machines/hall/public-waits.ts), newest seq wins.
  `CREATE TABLE IF NOT EXISTS hall_live (
     hall_id     text PRIMARY KEY REFERENCES halls (hall_id),
     seq         bigint NOT NULL,
     doc         text NOT NULL,
     updated_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // The open API's keys (SHA-256 only) and each key's requests per minute.
  `CREATE TABLE IF NOT EXISTS api_keys (
     key_hash    text PRIMARY KEY,
     name        text NOT NULL,
     per_minute  integer NOT NULL,
     created_at  timestamptz NOT NULL DEFAULT now()
   )`,
  // 统计报表 across halls (hub-reports.ts) and the hub's supervisors and their sessions (hub-supervisors.ts).
  ...HUB_REPORT_SCHEMA,
  ...HUB_SUPERVISOR_SCHEMA,
];
