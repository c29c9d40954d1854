/**
 * A fake network ticket printer on 127.0.0.1:<random>, faithful to the wire:
 * it records every byte it is sent (status requests apart) and answers each
 * `DLE EOT n` (10 04 n) with one configurable status byte.
 *
 *   condition       online / paper_low / paper_out / cover_open / offline
 *   paperOutAfter   switch to paper_out once this many job bytes have arrived
 *                   (paper runs out during a job)
 *   silent          receive but never answer status (a printer that hangs)
 *   slow            hold status answers until `release()` (answers arrive late)
 *   dropNext        close the connection when the next job byte arrives
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { statusBytesFor, type PrinterCondition, type StatusBytes } from '../../state-machines/devices/printer-status.ts';

export class FakePrinter {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly job: number[] = [];
  private held: (() => void)[] = [];
  private waiters: { check: () => boolean; done: () => void }[] = [];
  port = 0;
  condition: PrinterCondition = 'online';
  /** Overrides `condition` per query when set. */
  statusBytes: StatusBytes | undefined;
  paperOutAfter: number | undefined;
  silent = false;
  slow = false;
  dropNext = false;
  statusQueries = 0;
  connections = 0;

  async start(): Promise<this> {
    this.server = createServer((s) => this.accept(s));
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Every job byte received so far. */
  get bytes(): Buffer {
    return Buffer.from(this.job);
  }

  /** Resolve once `predicate` holds (checked on every byte); rejects after `ms`. */
  waitFor(predicate: (p: FakePrinter) => boolean, ms = 5000): Promise<void> {
    if (predicate(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake printer: condition not met in time')), ms);
      this.waiters.push({
        check: () => predicate(this),
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Send the status answers held back in `slow` mode. */
  release(): void {
    for (const h of this.held.splice(0)) h();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  private accept(s: Socket): void {
    this.connections++;
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
    let pending: number[] = [];
    s.on('data', (chunk: Buffer) => {
      const bytes = [...pending, ...chunk];
      pending = [];
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (c === 0x10 && (i + 2 >= bytes.length || bytes[i + 1] === 0x04)) {
          if (i + 2 >= bytes.length) {
            pending = bytes.slice(i);
            break;
          }
          this.answer(s, bytes[i + 2]! as 1 | 2 | 3 | 4);
          i += 2;
          continue;
        }
        if (this.dropNext) {
          this.dropNext = false;
          s.destroy();
          return;
        }
        this.job.push(c);
        if (this.paperOutAfter !== undefined && this.job.length >= this.paperOutAfter) this.condition = 'paper_out';
      }
      this.notify();
    });
  }

  private answer(s: Socket, n: 1 | 2 | 3 | 4): void {
    this.statusQueries++;
    this.notify();
    if (this.silent) return;
    const byte = this.statusBytes?.[n] ?? statusBytesFor(this.condition)[n];
    const send = () => {
      if (!s.destroyed) s.write(Buffer.from([byte]));
    };
    if (this.slow) this.held.push(send);
    else send();
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.done();
      return false;
    });
  }
}
