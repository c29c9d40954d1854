/**
 * `/metrics` for the hall's IT person, through prom-client: one registry per
 * hall server (tests run several in one process; nothing goes to prom-client's
 * global registry).
 *
 * Counted as they happen: socket commands by role, event and result (the
 * command registry, server/sockets/registry.ts, reports each answer and how
 * long it took from dispatch to the acknowledgement). Read when scraped: the
 * hall (last seq, storage, served today, per queue the waiting count and the
 * oldest waiting ticket's wait — the same `queueKpis` the supervisor desk
 * shows), connected clients per role, and the device registry under the
 * names /metrics had before prom-client (yichuang_device_up, …_state,
 * …_last_seen_seconds).
 *
 * Every label set is bounded by the hall file or the code: roles, event
 * names of the command tables, refusal codes, queue ids, configured device
 * ids and their states. Never a ticket id, request id, actor or address.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { isUsable } from '../../state-machines/devices/device-health.ts';
import type { DeviceHealth } from '../../state-machines/devices/device-types.ts';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { queueKpis, servedCount } from '../../state-machines/hall/views.ts';
import type { Ack, Role } from '../../state-machines/protocol/socket-events.ts';
import type { HallService } from '../hall/hall-service.ts';

/** What the command registry reports: one call per answered request. */
export interface CommandMetrics {
  command(role: Role, event: string, answer: Ack<unknown>, seconds: number): void;
}

export interface MetricsSources {
  hall: Pick<HallService, 'seq' | 'storageOk' | 'state' | 'config' | 'written'>;
  devices: { health(): DeviceHealth[] };
  /** Sockets connected now, per role namespace. */
  clients(): Record<Role, number>;
  now(): number;
}

/** Ack latency buckets (seconds): a decided command is a few ms; over a second means the disk or the event loop is in trouble. */
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class HallMetrics implements CommandMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'role' | 'event' | 'result'>;
  private readonly ackSeconds: Histogram<'role' | 'event'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.commands = new Counter({
      name: 'yichuang_commands_total',
      help: 'Socket commands answered, by role, event and result ("accepted" or the refusal code, e.g. RATE_LIMITED).',
      labelNames: ['role', 'event', 'result'],
      registers,
    });
    this.ackSeconds = new Histogram({
      name: 'yichuang_command_ack_seconds',
      help: 'Seconds from the command registry receiving a command to its acknowledgement (decide, append to the log, fold).',
      labelNames: ['role', 'event'],
      buckets: ACK_BUCKETS,
      registers,
    });

    const { hall, devices } = sources;
    new Gauge({
      name: 'yichuang_hall_last_seq',
      help: 'Sequence number of the last event in the hall log.',
      registers,
      collect() {
        this.set(hall.seq);
      },
    });
    new Gauge({
      name: 'yichuang_storage_ok',
      help: '1 while the event log can be written.',
      registers,
      collect() {
        this.set(hall.storageOk ? 1 : 0);
      },
    });
    // Group commit: events written ÷ writes is how many events share one fsync (1.0 with one kiosk; more under load).
    new Counter({
      name: 'yichuang_log_writes_total',
      help: 'Transactions written to the event log, each durable with one fsync (group commit: every command that arrived together).',
      registers,
      collect() {
        this.reset();
        this.inc(hall.written.writes);
      },
    });
    new Counter({
      name: 'yichuang_log_events_written_total',
      help: 'Events written to the event log; divided by yichuang_log_writes_total, the events that shared one fsync.',
      registers,
      collect() {
        this.reset();
        this.inc(hall.written.events);
      },
    });
    new Gauge({
      name: 'yichuang_served_today',
      help: 'Tickets finished at a counter (办结) on the current service day.',
      registers,
      collect() {
        this.set(servedCount(hall.state, serviceDayOf(sources.now(), hall.config.hall.timezone)));
      },
    });
    new Gauge({
      name: 'yichuang_connected_clients',
      help: 'Sockets connected now, per role (kiosk, display, window, admin).',
      labelNames: ['role'],
      registers,
      collect() {
        for (const [role, n] of Object.entries(sources.clients())) this.set({ role }, n);
      },
    });
    // Each queue gauge computes on its own (one pass over the day's tickets): no reliance on the order prom-client collects in.
    const kpisNow = () => queueKpis(hall.state, hall.config, sources.now());
    new Gauge({
      name: 'yichuang_queue_waiting',
      help: 'Tickets waiting in each queue (等候 N 人).',
      labelNames: ['queue'],
      registers,
      collect() {
        for (const k of kpisNow()) this.set({ queue: k.queueId }, k.waiting);
      },
    });
    new Gauge({
      name: 'yichuang_queue_longest_wait_seconds',
      help: "How long each queue's oldest waiting ticket has waited since it was issued (0 when nobody waits).",
      labelNames: ['queue'],
      registers,
      collect() {
        for (const k of kpisNow()) this.set({ queue: k.queueId }, Math.round((k.longestWaitMs ?? 0) / 1000));
      },
    });
    new Gauge({
      name: 'yichuang_queue_wait_threshold_seconds',
      help: 'The longest wait after which the supervisor desk says 建议增开窗口 (queue longWaitMinutes, else queueRules.longWaitMinutes).',
      labelNames: ['queue'],
      registers,
      collect() {
        for (const k of kpisNow()) this.set({ queue: k.queueId }, k.thresholdMinutes * 60);
      },
    });

    // The device registry, as /metrics showed it before prom-client. Reset per scrape: a state left is not a series kept at 1.
    const labels = (d: DeviceHealth) => ({ id: d.id, kind: d.kind, location: d.location });
    new Gauge({
      name: 'yichuang_device_up',
      help: '1 when the device is usable (printer online or paper low, kiosk connected, HID device ready).',
      labelNames: ['id', 'kind', 'location'],
      registers,
      collect() {
        this.reset();
        for (const d of devices.health()) this.set(labels(d), isUsable(d) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'yichuang_device_state',
      help: '1 for the state the device is in.',
      labelNames: ['id', 'kind', 'location', 'state'],
      registers,
      collect() {
        this.reset();
        for (const d of devices.health()) this.set({ ...labels(d), state: d.state }, 1);
      },
    });
    new Gauge({
      name: 'yichuang_device_last_seen_seconds',
      help: 'Seconds since the device was last heard from.',
      labelNames: ['id', 'kind', 'location'],
      registers,
      collect() {
        this.reset();
        const now = sources.now();
        for (const d of devices.health()) if (d.lastSeen !== undefined) this.set(labels(d), Math.max(0, Math.round((now - d.lastSeen) / 100) / 10));
      },
    });
  }

  command(role: Role, event: string, answer: Ack<unknown>, seconds: number): void {
    this.commands.inc({ role, event, result: answer.ok ? 'accepted' : answer.error.code });
    this.ackSeconds.observe({ role, event }, seconds);
  }

  /** The exposition text (Prometheus 0.0.4). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
