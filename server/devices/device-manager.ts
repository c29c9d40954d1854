/**
 * The hall's hardware, as the server drives it.
 *
 * - Ticket printers: one PrinterDriver per configured printer. When a kiosk
 *   with a printer issues a ticket (a `ticket.issued` event from its device
 *   id), the ticket is printed as a side effect *after* the event is on disk,
 *   keyed by ticket id + kind so it is never printed twice. Kiosks hear their
 *   printer's state and each job's outcome, and show the ticket on screen
 *   when it did not print.
 * - HID-POS scanners: reports decoded into scans, classified and routed to the
 *   kiosk the scanner stands at.
 * - Calling keypads and rating pads: keys mapped by configuration to the
 *   window's panel actions (as the clerk signed in at that window) or to
 *   好差评 levels.
 * - Everything lands in the device registry (/healthz, /metrics, supervisor).
 *
 * node-hid is loaded lazily; without it (no libusb) scanners and keypads are
 * reported `unavailable` and everything else runs.
 */
import { RATING_LEVELS, type RatingLevel } from '../../state-machines/domain/rating.ts';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import type { DisplayVoiceReport } from '../../state-machines/devices/device-messages.ts';
import type { DeviceHealth, KioskDeviceStatus, KioskPrinterView, PrintJobView, RoutedScan } from '../../state-machines/devices/device-types.ts';
import { KEYPAD_ACTIONS, type KeypadAction } from '../../state-machines/devices/counter-keys.ts';
import { parseKeyUsage, type KeypadConfig, type PrinterConfig, type ScannerConfig } from '../../state-machines/devices/peripherals-config.ts';
import { routeScan } from '../../state-machines/devices/scan.ts';
import type { PrinterRecord } from '../../state-machines/devices/printer-status.ts';
import { canPrint } from '../../state-machines/machines/printer-machine.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { own } from '../../state-machines/hall/state.ts';
import { HidPosAssembler } from '../../devices/hid/hid-pos.ts';
import { loadNodeHid, type HidAvailability, type HidPort } from '../../devices/hid/hid-port.ts';
import { KeyboardReportDecoder } from '../../devices/hid/keyboard-report.ts';
import { PrinterDriver, type DriverLog } from '../../devices/printer/printer-driver.ts';
import { renderNotice, renderTicket, type TicketPrint } from '../../devices/printer/ticket-layout.ts';
import { DeviceTransport, FileTransport, TcpTransport, type PrinterTransport } from '../../devices/printer/transport.ts';
import { DeviceRegistry } from '../../devices/registry.ts';
import type { HallService } from '../hall/hall-service.ts';
import type { StoredEvent } from '../store/event-store.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';
import { runningCommand, type CommandCause } from '../sockets/command-log.ts';
import { PrintJobStore, printJobKey } from './print-jobs.ts';
import type { TicketKeys } from './ticket-keys.ts';
import { noticePrintFor, ticketPrintFor } from './ticket-print.ts';

const HID_RETRY_MS = 15_000;
/**
 * A ticket job left `queued` by a crash is printed after the restart only if
 * it is this young and its ticket is still waiting: the visitor may still be
 * at the kiosk. An older one is settled as not printed — the visitor has left
 * with the number from the screen, and paper in the tray would go to the next
 * person. At most this many are looked at.
 */
export const RESUME_QUEUED_JOBS_WITHIN_MS = 2 * 60_000;
const MAX_JOBS_SETTLED_AT_START = 1000;

/** A material list's print job: the kiosk and the requestId it was asked with (a retry finds it; the kiosk's ack names it). */
export function materialsJobKey(kioskId: string, requestId: string): string {
  return printJobKey(`${kioskId}:${requestId}`, 'materials');
}

/** A 一次性告知 printed at a window: the window and the panel's requestId. */
export function windowNoticeJobKey(window: number, requestId: string): string {
  return printJobKey(`window-${window}:${requestId}`, 'materials');
}

export interface DeviceManagerOptions {
  config: HallConfig;
  hall: HallService;
  db: Database.Database;
  /** The keys in the tickets' QR codes (shared with the phone page, which checks them). */
  ticketKeys: TicketKeys;
  dataDir: string;
  log: DriverLog & { error(obj: object, msg: string): void };
  now?: () => number;
  /** How node-hid is loaded (tests pass a fake HID transport). */
  loadHid?: () => Promise<HidAvailability>;
}

export interface RatingPress {
  window: number;
  level: number;
  keypadId: string;
  /** The ticket last completed at that window, if any. */
  ticketId?: string | undefined;
  at: number;
}

type Events = {
  printer: [kioskId: string, view: KioskPrinterView];
  job: [kioskId: string, job: PrintJobView];
  scan: [kioskId: string, scan: RoutedScan];
  rating: [RatingPress];
  health: [DeviceHealth];
};

export class DeviceManager extends EventEmitter<Events> {
  readonly registry: DeviceRegistry;
  private readonly printers = new Map<string, PrinterDriver>();
  private readonly printerByKiosk = new Map<string, PrinterDriver>();
  /** Counter printers (peripherals.printers[].window): the panel's 打印一次性告知. */
  private readonly printerByWindow = new Map<number, PrinterDriver>();
  private readonly ports: HidPort[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly jobs: PrintJobStore;
  private readonly now: () => number;
  private hidAvailability: HidAvailability | undefined;
  private closed = false;
  private readonly onHallEvent: (stored: StoredEvent) => void;
  private readonly onHallFolded: (stored: StoredEvent) => void;
  /** What a ticket's paper says, fixed when its event was folded — the batch is written (and printed) a moment later. */
  private readonly paperAtFold = new Map<number, TicketPrint>();
  /** A calling keypad is a clerk's hand: the staff command limit applies per keypad (a stuck 暂停 key would toggle forever). */
  private readonly keypadPresses: TokenBuckets;

  /** The keys in the tickets' QR codes: the kiosk's on-screen QR and the phone page use the same. */
  get ticketKeys(): TicketKeys {
    return this.options.ticketKeys;
  }

  constructor(private readonly options: DeviceManagerOptions) {
    super();
    const { config } = options;
    this.now = options.now ?? Date.now;
    this.registry = new DeviceRegistry(this.now);
    this.jobs = new PrintJobStore(options.db);
    this.keypadPresses = new TokenBuckets(config.limits.staffCommandsPerMinute, config.limits.staffCommandBurst);
    this.registry.on('change', (d) => this.emit('health', d));
    for (const d of config.devices) {
      this.registry.upsert({ id: d.id, kind: d.kind, name: d.name, location: this.floorOf(d.floor), state: 'disconnected', details: [] });
    }
    for (const p of config.peripherals.printers) {
      const driver = new PrinterDriver(p, this.transportFor(p), this.jobs, this.now, options.log);
      this.printers.set(p.id, driver);
      if (p.kiosk !== undefined) this.printerByKiosk.set(p.kiosk, driver);
      if (p.window !== undefined) this.printerByWindow.set(p.window, driver);
      this.registry.upsert({
        id: p.id,
        kind: 'printer',
        name: p.name,
        location: p.kiosk !== undefined ? this.kioskLocation(p.kiosk) : `${p.window} 号窗口`,
        state: 'unknown',
        details: [driver.transport.address],
      });
      driver.on('change', (r) => this.printerChanged(p, r));
      // A kiosk hears of its jobs (print:job); a window's panel has its answer in the command's ack.
      const kiosk = p.kiosk;
      if (kiosk !== undefined) driver.on('job', (job) => this.emit('job', kiosk, job));
    }
    for (const s of config.peripherals.scanners) {
      this.registry.upsert({ id: s.id, kind: 'scanner', name: s.name, location: this.kioskLocation(s.kiosk), state: 'starting', details: [] });
    }
    for (const k of config.peripherals.keypads) {
      this.registry.upsert({
        id: k.id,
        kind: k.kind === 'calling' ? 'calling-keypad' : 'rating-pad',
        name: k.name,
        location: `${k.window} 号窗口`,
        state: 'starting',
        details: [],
      });
    }
    // Group commit (hall-service.ts): a ticket's event is folded, then later commands of its batch, then the batch is
    // written and broadcast. The paper must say what the kiosk's receipt said (made right after the fold): fix it then.
    this.onHallFolded = (stored) => {
      // A seq folded again: the batch that held it could not be written (its papers are void).
      for (const seq of this.paperAtFold.keys()) if (seq >= stored.seq) this.paperAtFold.delete(seq);
      const e = stored.event;
      if ((e.type === 'ticket.issued' || e.type === 'appointment.checked_in') && this.printerByKiosk.has(e.deviceId)) {
        const paper = this.ticketPaper(e.ticketId, stored.at);
        if (paper) this.paperAtFold.set(stored.seq, paper);
      }
    };
    this.onHallEvent = (stored) => {
      const e = stored.event;
      const paper = this.paperAtFold.get(stored.seq);
      this.paperAtFold.delete(stored.seq);
      // A walk-in or green ticket, or a checked-in appointment's ticket: on paper at the kiosk that issued it.
      if ((e.type === 'ticket.issued' || e.type === 'appointment.checked_in') && this.printerByKiosk.has(e.deviceId)) {
        // The take or check-in that issued it: its requestId on the job's lines, which come after the command has returned.
        const cause = runningCommand();
        void this.printTicket(e.ticketId, e.deviceId, stored.at, cause, paper).catch((err: unknown) =>
          options.log.error({ ...cause, err: (err as Error).message, ticket: e.ticketId }, 'ticket print failed'),
        );
      }
    };
    options.hall.on('folded', this.onHallFolded);
    options.hall.on('event', this.onHallEvent);
  }

  /** Start polling printers and open HID devices (resolves once HID is settled). */
  async start(): Promise<void> {
    for (const d of this.printers.values()) d.start();
    this.resumeQueuedJobs();
    if (this.options.config.peripherals.scanners.length + this.options.config.peripherals.keypads.length === 0) return;
    this.hidAvailability = await (this.options.loadHid ?? loadNodeHid)();
    const availability = this.hidAvailability;
    if (!availability.ok) {
      this.options.log.warn({ reason: availability.reason }, 'HID devices unavailable');
      for (const s of this.options.config.peripherals.scanners) this.registry.update(s.id, { state: 'unavailable', details: [availability.reason] });
      for (const k of this.options.config.peripherals.keypads) this.registry.update(k.id, { state: 'unavailable', details: [availability.reason] });
      return;
    }
    await Promise.all([
      ...this.options.config.peripherals.scanners.map((s) => this.openHid(s.id, s.match, (port) => this.attachScanner(s, port))),
      ...this.options.config.peripherals.keypads.map((k) => this.openHid(k.id, k.match, (port) => this.attachKeypad(k, port))),
    ]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.options.hall.off('event', this.onHallEvent);
    this.options.hall.off('folded', this.onHallFolded);
    for (const t of this.timers) clearTimeout(t);
    await Promise.all([...this.printers.values()].map((d) => d.stop()));
    await Promise.all(this.ports.map((p) => p.close().catch(() => undefined)));
  }

  /** Read every printer's status now (besides the idle poll). */
  async pollPrinters(): Promise<void> {
    await Promise.all([...this.printers.values()].map((d) => d.poll()));
  }

  health(): DeviceHealth[] {
    return this.registry.list();
  }

  /** What a kiosk shows about its printer; undefined for a kiosk without one. */
  kioskPrinter(kioskId: string): KioskPrinterView | undefined {
    const driver = this.printerByKiosk.get(kioskId);
    return driver && printerView(driver.record);
  }

  kioskStatus(kioskId: string): KioskDeviceStatus {
    return { printer: this.kioskPrinter(kioskId) ?? null, ticketUrl: this.options.config.peripherals.ticketUrl };
  }

  kioskConnected(kioskId: string, connected: boolean): void {
    this.registry.update(kioskId, { state: connected ? 'connected' : 'disconnected', lastSeen: this.now() });
  }

  /** A wall display said how it speaks: kept in the registry (and /healthz) until it says otherwise. */
  displayVoice(displayId: string, voice: DisplayVoiceReport): void {
    this.registry.update(displayId, { voice, details: [voiceDetail(voice)], lastSeen: this.now() });
  }

  /**
   * Jobs the last run left `queued` (it stopped while they waited): nothing of
   * them was sent, so a recent ticket still waiting is printed now (the claim
   * still guards against twice), and everything else is settled as `failed`
   * — the kiosk's on-screen ticket covers it.
   */
  private resumeQueuedJobs(): void {
    const { hall, log } = this.options;
    const now = this.now();
    try {
      for (const job of this.jobs.leftQueued(MAX_JOBS_SETTLED_AT_START)) {
        const ticket = job.ticketId === undefined ? undefined : own(hall.state.tickets, job.ticketId);
        const kioskId = [...this.printerByKiosk].find(([, d]) => d.config.id === job.printerId)?.[0];
        const young = now - job.createdAt <= RESUME_QUEUED_JOBS_WITHIN_MS;
        if (job.kind === 'ticket' && ticket?.status === 'waiting' && kioskId !== undefined && young) {
          log.info({ key: job.key, printer: job.printerId }, 'print job left queued by the last run: printing it now');
          void this.printTicket(ticket.id, kioskId).catch((err: unknown) =>
            log.error({ err: (err as Error).message, key: job.key }, 'resumed print job failed'),
          );
          continue;
        }
        const why = !young
          ? `server restarted ${Math.round((now - job.createdAt) / 60_000)} min later`
          : job.kind === 'ticket'
            ? 'server restarted; the ticket has moved on'
            : 'server restarted';
        this.jobs.finish(job.key, 'failed', `not printed: ${why}`, now);
        log.warn({ key: job.key, printer: job.printerId, reason: why }, 'print job left queued by the last run: settled as not printed');
      }
    } catch (err) {
      // A read-only database (full or read-only disk): the hall opens read-only; the jobs stay queued (they never
      // sent a byte) and are settled on the next start that can write.
      log.warn({ err: (err as Error).message }, 'print jobs left queued by the last run: cannot settle them now');
    }
  }

  /**
   * Print (once) the ticket a kiosk issued, on that kiosk's printer. What it
   * says is fixed now, as of the issuing event (`at`): the job may wait for the
   * printer while the hall moves on, and the paper must say what the kiosk's
   * receipt said. Async: a job store that cannot be written rejects, never
   * throws into the caller (the hall's event listeners).
   */
  async printTicket(ticketId: string, kioskId: string, at = this.now(), cause?: CommandCause, paper?: TicketPrint): Promise<PrintJobView | undefined> {
    const driver = this.printerByKiosk.get(kioskId);
    const model = paper ?? this.ticketPaper(ticketId, at);
    if (!model || !driver) return undefined;
    return driver.print({
      key: printJobKey(ticketId, 'ticket'),
      kind: 'ticket',
      ticketId,
      render: () => renderTicket(model, driver.config.profile),
      cause,
    });
  }

  /** What a ticket's paper says as of `at`, from the hall's state now. */
  private ticketPaper(ticketId: string, at: number): TicketPrint | undefined {
    const { hall, config } = this.options;
    const ticket = own(hall.state.tickets, ticketId);
    return ticket && ticketPrintFor(config, hall.state, ticket, at, this.options.ticketKeys.keyFor(ticketId));
  }

  /** Print the material list of an item at a kiosk; `requestId` makes a retry harmless. */
  printMaterials(kioskId: string, itemId: string, requestId: string): Promise<PrintJobView | undefined> {
    return this.printNotice(this.printerByKiosk.get(kioskId), materialsJobKey(kioskId, requestId), itemId);
  }

  /**
   * Print (once per requestId) the 一次性告知书 of an item or bundle on a window's counter printer;
   * `missing`: a visitor turned away (不予受理), their missing papers marked.
   */
  printWindowNotice(window: number, itemId: string, requestId: string, missing?: readonly string[]): Promise<PrintJobView | undefined> {
    return this.printNotice(this.printerByWindow.get(window), windowNoticeJobKey(window, requestId), itemId, missing);
  }

  /** The counter printer of a window, if it has one (the panel offers 打印 only then). */
  windowPrinter(window: number): KioskPrinterView | undefined {
    const driver = this.printerByWindow.get(window);
    return driver && printerView(driver.record);
  }

  /** Whether a window's notice request was already taken (a retry prints nothing new). */
  knowsWindowNotice(window: number, requestId: string): boolean {
    return this.jobs.get(windowNoticeJobKey(window, requestId)) !== undefined;
  }

  private printNotice(driver: PrinterDriver | undefined, key: string, itemId: string, missing?: readonly string[]): Promise<PrintJobView | undefined> {
    const model = noticePrintFor(this.options.config, itemId, this.now(), missing);
    if (!driver || !model) return Promise.resolve(undefined);
    return driver.print({ key, kind: 'materials', render: () => renderNotice(model, driver.config.profile), cause: runningCommand() });
  }

  /** Whether this material-list request was already taken (a retry: it prints nothing new). */
  knowsMaterials(kioskId: string, requestId: string): boolean {
    return this.jobs.get(materialsJobKey(kioskId, requestId)) !== undefined;
  }

  /** The last outcome of a ticket's print job (a kiosk that reconnects asks). */
  ticketJob(ticketId: string): PrintJobView | undefined {
    return this.jobs.get(printJobKey(ticketId, 'ticket'));
  }

  private printerChanged(p: PrinterConfig, r: PrinterRecord): void {
    this.registry.update(p.id, { state: r.status, lastSeen: r.lastSeen, details: r.details });
    if (p.kiosk !== undefined) this.emit('printer', p.kiosk, printerView(r));
  }

  private transportFor(p: PrinterConfig): PrinterTransport {
    const t = p.transport;
    if (t.type === 'tcp') return new TcpTransport(t.host, t.port);
    if (t.type === 'device') return new DeviceTransport(t.path);
    return new FileTransport(t.path ?? join(this.options.dataDir, 'printers', `${p.id}.bin`));
  }

  private async openHid(id: string, match: ScannerConfig['match'], attach: (port: HidPort) => void): Promise<void> {
    const availability = this.hidAvailability;
    if (this.closed || !availability?.ok) return;
    try {
      const port = await availability.open(match);
      this.ports.push(port);
      port.onError((err) => {
        this.registry.update(id, { state: 'disconnected', details: [err.message] });
        this.ports.splice(this.ports.indexOf(port), 1);
        void port.close().catch(() => undefined);
        this.retryHid(id, match, attach);
      });
      attach(port);
      this.registry.update(id, { state: 'ready', details: [], lastSeen: this.now() });
    } catch (err) {
      this.registry.update(id, { state: 'disconnected', details: [(err as Error).message] });
      this.retryHid(id, match, attach);
    }
  }

  private retryHid(id: string, match: ScannerConfig['match'], attach: (port: HidPort) => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.openHid(id, match, attach);
    }, HID_RETRY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  private attachScanner(s: ScannerConfig, port: HidPort): void {
    const assembler = new HidPosAssembler();
    port.onData((report) => {
      const scan = assembler.push(report);
      if (!scan) return;
      const at = this.now();
      this.registry.update(s.id, { lastSeen: at });
      // An ID number is reduced to `elderly` here, before the log line and the emit below (README § ID cards).
      const { hall, greenChannel } = this.options.config;
      const routed = routeScan(scan.text, s.id, { now: at, timeZone: hall.timezone, elderlyAge: greenChannel.elderlyAge }, scan.aim || undefined);
      this.options.log.info({ scanner: s.id, kiosk: s.kiosk, kind: routed.kind }, 'scan');
      this.emit('scan', s.kiosk, routed);
    });
  }

  private attachKeypad(k: KeypadConfig, port: HidPort): void {
    const decoder = new KeyboardReportDecoder();
    const keys = new Map(Object.entries(k.keys).map(([usage, action]) => [parseKeyUsage(usage), action] as const));
    port.onData((report) => {
      for (const usage of decoder.push(report)) {
        const mapped = keys.get(usage);
        if (mapped === undefined) continue;
        this.registry.update(k.id, { lastSeen: this.now() });
        if (k.kind === 'rating' && typeof mapped === 'number') this.rate(k, mapped);
        if (k.kind === 'calling' && isKeypadAction(mapped)) this.panelAction(k, mapped);
      }
    });
  }

  /** A calling-keypad key: the same command the window panel sends, as the clerk signed in there. */
  panelAction(k: Pick<KeypadConfig, 'id' | 'window'>, action: KeypadAction): void {
    const { hall, log } = this.options;
    if (this.keypadPresses.admit(k.id, this.now()) > 0) {
      log.warn({ keypad: k.id, window: k.window, action }, 'keypad: too many presses (a stuck key?): ignored');
      return;
    }
    const win = hall.state.windows[String(k.window)];
    const clerkId = win?.clerkId;
    if (!win || clerkId === undefined) {
      log.warn({ keypad: k.id, window: k.window, action }, 'keypad: window not open');
      return;
    }
    let command: HallCommand | undefined;
    const at = { clerkId, window: k.window };
    if (action === 'call-next') command = { type: 'ticket.call_next', ...at };
    else if (action === 'pause') {
      // One key for 暂停/恢复: hardware keypads have no room for a reason, so a keypad pause is a break.
      command = win.status === 'paused' ? { type: 'window.resume', ...at } : { type: 'window.pause', ...at, reason: 'break' };
    } else if (win.current !== undefined) {
      const ticketId = win.current;
      const type = ({ start: 'ticket.start', complete: 'ticket.complete', recall: 'ticket.recall', 'no-show': 'ticket.no_show' } as const)[action];
      command = { type, ...at, ticketId };
    }
    if (!command) {
      log.warn({ keypad: k.id, window: k.window, action }, 'keypad: action not available now');
      return;
    }
    const result = hall.execute(command, `keypad:${k.id}@${k.window}`);
    if (!result.ok) log.warn({ keypad: k.id, window: k.window, action, code: result.error.code }, 'keypad: refused');
  }

  /**
   * A rating-pad key (好差评): a rating of the service last completed at the pad's window, through the
   * same decider as the tablet and the phone (one rating per service, the window's time limit). A hall
   * without `ratings`, or a press with nothing to rate, is logged and emitted only.
   */
  private rate(k: KeypadConfig, level: number): void {
    const at = this.now();
    const { hall, log } = this.options;
    const invited = Object.values(hall.state.ratings ?? {})
      .filter((r) => r.window === k.window)
      .sort((a, b) => b.completedAt - a.completedAt)[0];
    const done =
      invited?.ticketId ??
      Object.values(hall.state.tickets)
        .filter((t) => t.window === k.window && t.status === 'done')
        .sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0))[0]?.id;
    const press: RatingPress = { window: k.window, level, keypadId: k.id, ticketId: done, at };
    this.emit('rating', press);
    if (this.keypadPresses.admit(k.id, at) > 0) {
      log.warn({ keypad: k.id, window: k.window }, 'rating pad: too many presses (a stuck key?): ignored');
      return;
    }
    if (!invited || !isRatingLevel(level)) {
      log.info(press, 'rating pad: nothing to rate');
      return;
    }
    const result = hall.execute({ type: 'rating.give', ticketId: invited.ticketId, channel: 'pad', window: k.window, level }, `keypad:${k.id}@${k.window}`);
    if (!result.ok) log.info({ keypad: k.id, window: k.window, code: result.error.code }, 'rating pad: refused');
    else log.info({ keypad: k.id, window: k.window, seq: result.event.seq }, 'rating pad: rated');
  }

  private floorOf(floorId: string): string {
    return this.options.config.floors.find((f) => f.id === floorId)?.name.zh ?? floorId;
  }

  private kioskLocation(kioskId: string): string {
    const kiosk = this.options.config.devices.find((d) => d.id === kioskId);
    return kiosk ? `${this.floorOf(kiosk.floor)} · ${kiosk.name}` : kioskId;
  }
}

export function printerView(r: PrinterRecord): KioskPrinterView {
  return {
    printerId: r.id,
    status: r.status,
    ready: canPrint(r) || (r.job !== undefined && (r.status === 'online' || r.status === 'paper_low')),
    details: r.details,
  };
}

function isRatingLevel(v: number): v is RatingLevel {
  return (RATING_LEVELS as readonly number[]).includes(v);
}

function isKeypadAction(v: unknown): v is KeypadAction {
  return typeof v === 'string' && (KEYPAD_ACTIONS as readonly string[]).includes(v);
}

/** The registry's line for a display's voice, read by the IT person in /healthz. */
function voiceDetail(voice: DisplayVoiceReport): string {
  if (voice.mode === 'browser') return 'voice: browser Mandarin voice';
  if (voice.mode === 'server') return 'voice: server audio (espeak-ng)';
  const why = {
    'no-voice': 'no Mandarin voice in the browser and no server voice',
    'autoplay-blocked': 'the browser blocks autoplay',
    'playback-failed': 'audio playback failed',
  }[voice.problem];
  return `voice OFF: ${why}`;
}
