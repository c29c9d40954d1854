/**
 * Group commit in the hall service (issue 15 item 1): commands submitted in one
 * turn of the event loop are decided one after another, written in one
 * transaction, then broadcast and answered in log order — over a real SQLite
 * file; the write fails for real (another connection holds the write lock).
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import type { HallState } from '../../state-machines/hall/state.ts';
import { HallService, type ExecuteResult } from '../../server/hall/hall-service.ts';
import type { StoredEvent } from '../../server/store/event-store.ts';
import { openDatabase, SqliteEventStore } from '../../server/store/sqlite-event-store.ts';
import { demoConfig, TEN_AM } from '../support/demo.ts';

const KIOSK = 'kiosk:kiosk-1f-1';
const take = (queueId = 'comprehensive'): HallCommand => ({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId });

function freshHall(checkpointEvery = 1000) {
  const file = join(mkdtempSync(join(tmpdir(), 'yc-group-')), 'hall.sqlite');
  const store = new SqliteEventStore(openDatabase(file));
  const hall = new HallService(demoConfig, store, { now: () => TEN_AM, checkpointEvery });
  hall.boot();
  // Another program's view of the file: what is on disk, whatever the hall holds in memory.
  const outside = new Database(file, { readonly: true });
  const rowsOnDisk = () => (outside.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  return { file, store, hall, rowsOnDisk };
}

interface Answered {
  key: string | undefined;
  result: ExecuteResult;
  /** Waiting tickets of the queue as the command's own answer saw them. */
  waitingThen: number;
  /** Rows on disk when the answer was delivered. */
  rowsWhenDelivered: number;
  answer: { ok: boolean; code?: string };
}

/** Submit commands in one turn (as sockets delivering in one read) and wait for every answer. */
function submitTogether(hall: HallService, rowsOnDisk: () => number, commands: { command: HallCommand; key?: string }[]): Promise<Answered[]> {
  const waiting = (s: HallState) => Object.values(s.tickets).filter((t) => t.status === 'waiting').length;
  return new Promise((resolve) => {
    const answered: Answered[] = [];
    for (const { command, key } of commands) {
      let waitingThen = -1;
      hall.submit({
        command,
        actor: KIOSK,
        requestKey: key,
        answer: (result) => {
          waitingThen = waiting(hall.state);
          return result.ok ? { ok: true } : { ok: false, code: result.error.code };
        },
        failed: (err) => {
          throw err;
        },
        deliver: (answer, result) => {
          answered.push({
            key,
            result,
            waitingThen,
            rowsWhenDelivered: rowsOnDisk(),
            answer: 'error' in answer ? { ok: false, code: answer.error.code } : (answer as { ok: boolean }),
          });
          if (answered.length === commands.length) resolve(answered);
        },
      });
    }
  });
}

describe('group commit', () => {
  it('decides commands that arrived together one after another, writes them at once, then broadcasts and answers in log order', async () => {
    const { hall, rowsOnDisk } = freshHall();
    const broadcast: { seq: number; rowsOnDisk: number }[] = [];
    hall.on('event', (e: StoredEvent) => broadcast.push({ seq: e.seq, rowsOnDisk: rowsOnDisk() }));
    const answered = await submitTogether(
      hall,
      rowsOnDisk,
      Array.from({ length: 5 }, (_, i) => ({ command: take(), key: `${KIOSK}:req-${i}` })),
    );
    // Each answer saw its own state (the receipt's people ahead): 1, 2, … waiting — not the batch's end.
    expect(answered.map((a) => a.waitingThen)).toEqual([1, 2, 3, 4, 5]);
    const seqs = answered.map((a) => (a.result.ok ? a.result.event.seq : 0));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(answered.map((a) => (a.result.ok ? a.result.event.event : undefined)).map((e) => e && 'number' in e && e.number)).toEqual([
      'A001',
      'A002',
      'A003',
      'A004',
      'A005',
    ]);
    // Nothing was answered or broadcast before the whole batch was on disk (one transaction: all five rows at once).
    expect(answered.every((a) => a.rowsWhenDelivered === 5)).toBe(true);
    expect(broadcast).toEqual(seqs.map((seq) => ({ seq, rowsOnDisk: 5 })));
  });

  it('a retry whose first attempt is in the same batch gets that answer, and is not decided twice', async () => {
    const { hall, rowsOnDisk, store } = freshHall();
    const answered = await submitTogether(hall, rowsOnDisk, [
      { command: take(), key: `${KIOSK}:req-a` },
      { command: take(), key: `${KIOSK}:req-a` },
      { command: take('no-such-queue'), key: `${KIOSK}:req-b` },
      { command: take(), key: `${KIOSK}:req-b` },
    ]);
    expect(answered.map((a) => a.result.ok && a.result.duplicate)).toEqual([false, true, false, false]);
    expect(answered[1]!.result.ok && answered[1]!.result.event.seq).toBe(1);
    // A refusal in the batch is the first answer too: its retry (here a different command under the same requestId) gets it again.
    expect(answered[2]!.answer).toEqual({ ok: false, code: answered[3]!.answer.code });
    expect(rowsOnDisk()).toBe(1);
    expect(store.lastSeq()).toBe(1);
    // Remembered once written: a later retry gets the same refusal.
    expect(hall.execute(take(), KIOSK, `${KIOSK}:req-b`)).toMatchObject({ ok: false, error: { code: answered[2]!.answer.code } });
  });

  it('a batch that cannot be written acknowledges none of its commands and leaves the state exactly as it was', async () => {
    // A checkpoint every 3 events: the undo starts from a checkpoint's JSON and folds the events written since.
    const { file, hall, rowsOnDisk, store } = freshHall(3);
    for (let i = 0; i < 4; i++) expect(hall.execute(take(), KIOSK, `${KIOSK}:before-${i}`).ok).toBe(true);
    const before = structuredClone(hall.state);
    const broadcast: number[] = [];
    hall.on('event', (e: StoredEvent) => broadcast.push(e.seq));

    // Another program holds the write lock (a backup tool): the batch's transaction fails after the busy timeout.
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE');
    const failed = await submitTogether(hall, rowsOnDisk, [
      { command: take('no-such-queue'), key: `${KIOSK}:refused-first` },
      { command: take(), key: `${KIOSK}:t1` },
      { command: take('tax'), key: `${KIOSK}:t2` },
      { command: take('no-such-queue'), key: `${KIOSK}:refused-after` },
    ]);
    other.exec('ROLLBACK');
    other.close();
    // The refusal decided on what was on disk stands; everything decided after the first staged event is refused as unsaved.
    expect(failed.map((a) => a.answer.code)).toEqual([
      expect.not.stringMatching(/^STORAGE_UNAVAILABLE$/),
      'STORAGE_UNAVAILABLE',
      'STORAGE_UNAVAILABLE',
      'STORAGE_UNAVAILABLE',
    ]);
    expect(failed[0]!.answer.ok).toBe(false);
    expect(broadcast).toEqual([]);
    expect(rowsOnDisk()).toBe(4);
    expect(store.lastSeq()).toBe(4);
    expect(hall.storageOk).toBe(false);
    expect(hall.state).toEqual(before);

    // The same requests again, the log writable: decided afresh on the old state, numbered where the old state left off.
    const again = await submitTogether(hall, rowsOnDisk, [
      { command: take(), key: `${KIOSK}:t1` },
      { command: take('tax'), key: `${KIOSK}:t2` },
      { command: take('no-such-queue'), key: `${KIOSK}:refused-after` },
    ]);
    expect(again.map((a) => a.result.ok && a.result.event.seq)).toEqual([5, 6, false]);
    expect(again.map((a) => a.result.ok && !a.result.duplicate)).toEqual([true, true, false]);
    expect(again[0]!.result.ok && again[0]!.result.event.event).toMatchObject({ number: 'A005' });
    expect(broadcast).toEqual([5, 6]);
    expect(hall.storageOk).toBe(true);
    expect(store.verify()).toMatchObject({ ok: true, events: 6 });

    // And the state folded in memory is the one the log gives a fresh start.
    const restarted = new HallService(demoConfig, new SqliteEventStore(openDatabase(file)), { now: () => TEN_AM });
    restarted.boot();
    expect(restarted.state).toEqual(hall.state);
  });
});
