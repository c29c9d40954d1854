/**
 * The client half of the sync protocol, shared by kiosk, display and window
 * panel. It keeps a local copy of the hall state that is always
 * "snapshot at seq S + every delta S+1, S+2, … in order":
 *
 * - `hall:snapshot` replaces everything (sent on every connect/reconnect);
 * - a delta with seq ≤ the local seq is a duplicate and dropped;
 * - a delta that skips a seq means something was missed: the client stops
 *   applying, asks `sync:since(lastSeq)` and applies the answer (deltas or a
 *   fresh snapshot) before anything newer.
 *
 * No socket.io import here: the front end hands in its socket, so this file
 * stays testable with a plain emitter.
 */
import type { PublicHallConfig } from '../config/hall-config.ts';
import { evolve } from '../hall/evolve.ts';
import type { HallState } from '../hall/state.ts';
import type { Ack, ConnectionIdentity, HallDelta, HallSnapshot, SyncResult } from '../protocol/socket-events.ts';

export interface SyncSocket {
  on(event: 'hall:snapshot', listener: (s: HallSnapshot) => void): unknown;
  on(event: 'hall:event', listener: (d: HallDelta) => void): unknown;
  on(event: 'clock:tick', listener: (t: { now: number; seq: number }) => void): unknown;
  emit(event: 'sync:since', request: { lastSeq: number }, ack: (res: Ack<SyncResult>) => void): unknown;
}

export interface HallView {
  config: PublicHallConfig;
  state: HallState;
  identity: ConnectionIdentity;
  /** Server clock minus local clock, so screens show hall time even on a kiosk with a wrong clock. */
  clockOffsetMs: number;
  /** The delta that produced this view, if it came from one (for announcements). */
  lastDelta?: HallDelta | undefined;
}

export class HallSync {
  private view: HallView | undefined;
  private syncing = false;
  private pending: HallDelta[] = [];
  private readonly listeners = new Set<(view: HallView, delta?: HallDelta) => void>();

  constructor(private readonly socket: SyncSocket) {
    socket.on('hall:snapshot', (s) => this.applySnapshot(s));
    socket.on('hall:event', (d) => this.receive(d));
    socket.on('clock:tick', (t) => {
      if (!this.view) return;
      this.view = { ...this.view, clockOffsetMs: t.now - Date.now() };
      if (t.seq > this.view.state.seq) this.requestMissing();
      else this.notify();
    });
  }

  get current(): HallView | undefined {
    return this.view;
  }

  subscribe(listener: (view: HallView, delta?: HallDelta) => void): () => void {
    this.listeners.add(listener);
    if (this.view) listener(this.view);
    return () => this.listeners.delete(listener);
  }

  private applySnapshot(s: HallSnapshot): void {
    // A snapshot supersedes any sync:since still in flight (its ack may never come after a disconnect).
    this.syncing = false;
    this.view = { config: s.config, state: s.state, identity: s.identity, clockOffsetMs: s.now - Date.now() };
    const queued = this.pending;
    this.pending = [];
    this.notify();
    for (const d of queued) this.receive(d);
  }

  private receive(delta: HallDelta): void {
    const view = this.view;
    if (!view || this.syncing) {
      this.pending.push(delta);
      return;
    }
    if (delta.seq <= view.state.seq) return;
    if (delta.seq > view.state.seq + 1) {
      this.pending.push(delta);
      this.requestMissing();
      return;
    }
    // A fresh top-level object per delta so UI frameworks see the change.
    const state = evolve(view.state, delta);
    this.view = { ...view, state: { ...state }, lastDelta: delta };
    this.notify(delta);
  }

  private requestMissing(): void {
    if (this.syncing || !this.view) return;
    this.syncing = true;
    this.socket.emit('sync:since', { lastSeq: this.view.state.seq }, (res) => {
      this.syncing = false;
      if (!res.ok) return;
      if (res.result.kind === 'snapshot') {
        this.applySnapshot(res.result.snapshot);
        return;
      }
      const queued = this.pending;
      this.pending = [];
      for (const d of res.result.deltas) this.receive(d);
      for (const d of queued) this.receive(d);
    });
  }

  private notify(delta?: HallDelta): void {
    if (!this.view) return;
    for (const l of this.listeners) l(this.view, delta);
  }
}
