import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HallService } from '../../server/hall/hall-service.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';

function freshStore() {
  const file = join(mkdtempSync(join(tmpdir(), 'yc-store-')), 'hall.sqlite');
  const db = openDatabase(file);
  return { file, db, store: new SqliteEventStore(db) };
}

const take = (queueId = 'comprehensive') => ({ type: 'ticket.take' as const, deviceId: 'kiosk-1f-1', queueId });

describe('SQLite event log', () => {
  it('runs in WAL mode with synchronous=FULL', () => {
    const { db } = freshStore();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('chains every event to the previous one and detects an altered byte', () => {
    const { db, store } = freshStore();
    const hall = new HallService(demoConfig, store, { now: () => TEN_AM });
    hall.boot();
    for (let i = 0; i < 5; i++) expect(hall.execute(take(), 'kiosk:kiosk-1f-1').ok).toBe(true);
    expect(store.verify()).toMatchObject({ ok: true, events: 5 });
    // The log refuses edits through SQL…
    expect(() => db.prepare("UPDATE events SET payload = '{}' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 3').run()).toThrow(/append-only/);
    // …and someone who removes the guard and changes one character is caught.
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET payload = replace(payload, 'A003', 'A009') WHERE seq = 3").run();
    expect(store.verify()).toMatchObject({ ok: false, badSeq: 3 });
  });

  it('replays and verifies in one pass, and still folds past a break while reporting it as verify does', () => {
    const { db, store } = freshStore();
    const hall = new HallService(demoConfig, store, { now: () => TEN_AM });
    hall.boot();
    for (let i = 0; i < 6; i++) expect(hall.execute(take(), 'kiosk:kiosk-1f-1').ok).toBe(true);
    const seen: number[] = [];
    expect(store.replay(2, (e) => seen.push(e.seq))).toEqual(store.verify(3));
    expect(seen).toEqual([3, 4, 5, 6]);
    db.exec('DROP TRIGGER events_no_update');
    db.prepare("UPDATE events SET payload = replace(payload, 'A004', 'A009') WHERE seq = 4").run();
    seen.length = 0;
    const replayed = store.replay(0, (e) => seen.push(e.seq));
    expect(replayed).toEqual(store.verify());
    expect(replayed).toMatchObject({ ok: false, badSeq: 4, events: 3 });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    const again = new HallService(demoConfig, store, { now: () => TEN_AM });
    expect(again.boot().integrity).toMatchObject({ ok: false, badSeq: 4 });
    expect(again.state.tickets['2026-11-21/A009']).toBeDefined();
  });

  it('restores from a checkpoint plus the tail to the same state as a full replay', () => {
    const { file, store } = freshStore();
    let now = TEN_AM;
    const hall = new HallService(demoConfig, store, { checkpointEvery: 7, now: () => (now += 1000) });
    hall.boot();
    hall.execute({ type: 'window.open', window: 5, clerkId: '1009' }, 'clerk:1009@5');
    for (let i = 0; i < 20; i++) {
      hall.execute(take(i % 3 === 0 ? 'police' : 'comprehensive'), 'kiosk:kiosk-1f-1');
      if (i % 4 === 0) {
        const called = hall.execute({ type: 'ticket.call_next', window: 5, clerkId: '1009' }, 'clerk:1009@5');
        if (called.ok && called.event.event.type === 'ticket.called') {
          hall.execute({ type: 'ticket.complete', window: 5, clerkId: '1009', ticketId: called.event.event.ticketId }, 'clerk:1009@5');
        }
      }
    }
    const expected = structuredClone(hall.state);
    store.close();

    const reopened = new SqliteEventStore(openDatabase(file));
    const fromCheckpoint = new HallService(demoConfig, reopened);
    const report = fromCheckpoint.boot();
    expect(report.fromCheckpoint).toBeGreaterThan(0);
    expect(report.replayed).toBeLessThan(7);
    expect(report.integrity.ok).toBe(true);
    expect(fromCheckpoint.state).toEqual(expected);

    reopened.saveCheckpoint({ seq: 1, hash: 'not-the-hash', stateVersion: 999, state: '{}' });
    const full = new HallService(demoConfig, reopened, { checkpointEvery: 1_000_000 });
    (reopened as unknown as { latestCheckpoint: () => undefined }).latestCheckpoint = () => undefined;
    expect(full.boot().fromCheckpoint).toBe(0);
    expect(full.state).toEqual(expected);
  });

  it('refuses a second event with the same request key and hands back the first', () => {
    const { store } = freshStore();
    const hall = new HallService(demoConfig, store, { now: () => TEN_AM });
    hall.boot();
    const first = hall.execute(take(), 'kiosk:kiosk-1f-1', 'kiosk:kiosk-1f-1:req-00000001');
    const again = hall.execute(take(), 'kiosk:kiosk-1f-1', 'kiosk:kiosk-1f-1:req-00000001');
    expect(first.ok && again.ok && again.duplicate && again.event.seq === first.event.seq).toBe(true);
    expect(store.lastSeq()).toBe(1);
  });

  it('acknowledges nothing it cannot store: a read-only log leaves the state untouched', () => {
    const { store, db } = freshStore();
    const hall = new HallService(demoConfig, store, { now: () => TEN_AM });
    hall.boot();
    hall.execute(take(), 'kiosk:kiosk-1f-1');
    const before = JSON.stringify(hall.state);
    db.pragma('query_only = ON');
    const refused = hall.execute(take(), 'kiosk:kiosk-1f-1');
    expect(!refused.ok && refused.error.code).toBe('STORAGE_UNAVAILABLE');
    expect(JSON.stringify(hall.state)).toBe(before);
    expect(hall.storageOk).toBe(false);
    db.pragma('query_only = OFF');
    const after = hall.execute(take(), 'kiosk:kiosk-1f-1');
    expect(after.ok && after.event.seq).toBe(2);
  });
});
