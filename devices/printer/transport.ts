/**
 * How bytes reach a printer. Three transports share one small interface:
 *
 *   tcp     network printer, raw port 9100: jobs and status on one socket
 *   device  a character device: /dev/usb/lp0 (USB printer class) or a serial
 *           port; status read non-blocking from the same file
 *   file    development: jobs appended to a .bin file; status from an optional
 *           "<file>.status" holding a condition name (e.g. `paper_out`)
 *
 * Every call is bounded by a timeout, and calls on one transport never
 * interleave (a status query cannot land in the middle of a ticket).
 */
import { mkdirSync } from 'node:fs';
import { appendFile, open, readFile, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { PRINTER_CONDITIONS, statusBytesFor, type PrinterCondition, type StatusQuery } from '../../state-machines/devices/printer-status.ts';
import { statusRequest } from './escpos.ts';

export interface PrinterTransport {
  readonly kind: 'tcp' | 'device' | 'file';
  /** Where it prints, for logs and /healthz (no secrets). */
  readonly address: string;
  /** Resolves once the bytes are handed to the printer's link; rejects on error or timeout. */
  write(data: Buffer, timeoutMs: number): Promise<void>;
  /** One DLE EOT n: the answer byte, or undefined when none came in time. */
  queryStatus(n: StatusQuery, timeoutMs: number): Promise<number | undefined>;
  close(): Promise<void>;
}

export class TransportError extends Error {
  override name = 'TransportError';
}

/** Runs tasks one after another. */
class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class TcpTransport implements PrinterTransport {
  readonly kind = 'tcp';
  readonly address: string;
  private socket: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  /** Status readers waiting on each connection's bytes: a closing old connection never answers a new one's query. */
  private readonly readers = new WeakMap<Socket, ((b: number | undefined) => void)[]>();
  private readonly serial = new Serial();
  private closed = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs = 3000,
  ) {
    this.address = `tcp://${host}:${port}`;
  }

  private connect(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    if (this.connecting) return this.connecting;
    if (this.closed) return Promise.reject(new TransportError('transport closed'));
    this.connecting = new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host: this.host, port: this.port });
      const readers: ((b: number | undefined) => void)[] = [];
      this.readers.set(s, readers);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TransportError(`connect ${this.address}: timed out`));
      }, this.connectTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.setNoDelay(true);
        s.setKeepAlive(true, 10_000);
        this.socket = s;
        resolve(s);
      });
      s.on('data', (chunk: Buffer) => {
        // A byte nobody asked for (e.g. after a reconnect) is dropped.
        for (const b of chunk) readers.shift()?.(b);
      });
      s.on('error', (err) => {
        clearTimeout(timer);
        reject(new TransportError(`${this.address}: ${err.message}`));
      });
      s.on('close', () => {
        clearTimeout(timer);
        if (this.socket === s) this.socket = undefined;
        for (const r of readers.splice(0)) r(undefined);
        reject(new TransportError(`${this.address}: connection closed`));
      });
    }).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  write(data: Buffer, timeoutMs: number): Promise<void> {
    return this.serial.run(async () => {
      const s = await this.connect();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          s.destroy();
          reject(new TransportError(`${this.address}: write timed out`));
        }, timeoutMs);
        s.write(data, (err) => {
          clearTimeout(timer);
          if (err) reject(new TransportError(`${this.address}: ${err.message}`));
          else resolve();
        });
      });
    });
  }

  queryStatus(n: StatusQuery, timeoutMs: number): Promise<number | undefined> {
    return this.serial.run(async () => {
      const s = await this.connect();
      const readers = this.readers.get(s) ?? [];
      return new Promise<number | undefined>((resolve) => {
        const reader = (b: number | undefined) => {
          clearTimeout(timer);
          resolve(b);
        };
        // No answer in time: drop the connection, so that a late answer can never
        // be read as the answer to the next query (the next call reconnects).
        const timer = setTimeout(() => {
          const i = readers.indexOf(reader);
          if (i >= 0) readers.splice(i, 1);
          if (this.socket === s) this.socket = undefined;
          s.destroy();
          resolve(undefined);
        }, timeoutMs);
        readers.push(reader);
        s.write(statusRequest(n));
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.socket?.destroy();
    this.socket = undefined;
  }
}

export class FileTransport implements PrinterTransport {
  readonly kind = 'file';
  readonly address: string;
  private readonly serial = new Serial();

  constructor(private readonly path: string) {
    this.address = `file://${path}`;
    mkdirSync(dirname(path), { recursive: true });
  }

  write(data: Buffer): Promise<void> {
    return this.serial.run(() => appendFile(this.path, data));
  }

  /** A development printer is online unless "<file>.status" names another condition. */
  async queryStatus(n: StatusQuery): Promise<number | undefined> {
    let condition: PrinterCondition = 'online';
    try {
      const text = (await readFile(`${this.path}.status`, 'utf8')).trim();
      if ((PRINTER_CONDITIONS as readonly string[]).includes(text)) condition = text as PrinterCondition;
    } catch {
      // no status file: online
    }
    return statusBytesFor(condition)[n];
  }

  async close(): Promise<void> {}
}

export class DeviceTransport implements PrinterTransport {
  readonly kind = 'device';
  readonly address: string;
  private handle: FileHandle | undefined;
  private readonly serial = new Serial();

  constructor(private readonly path: string) {
    this.address = `device://${path}`;
  }

  private async file(): Promise<FileHandle> {
    this.handle ??= await open(this.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
    return this.handle;
  }

  write(data: Buffer, timeoutMs: number): Promise<void> {
    return this.serial.run(async () => {
      const f = await this.file();
      await withTimeout(f.write(data), timeoutMs, `${this.address}: write timed out`).catch(async (err: unknown) => {
        await this.reset();
        throw err instanceof TransportError ? err : new TransportError(`${this.address}: ${(err as Error).message}`);
      });
    });
  }

  queryStatus(n: StatusQuery, timeoutMs: number): Promise<number | undefined> {
    return this.serial.run(async () => {
      let f: FileHandle;
      try {
        f = await this.file();
        await f.write(statusRequest(n));
      } catch {
        await this.reset();
        return undefined;
      }
      const deadline = Date.now() + timeoutMs;
      const buf = Buffer.alloc(1);
      // Non-blocking reads, bounded by the deadline (and so in count).
      while (Date.now() < deadline) {
        try {
          const { bytesRead } = await f.read(buf, 0, 1, null);
          if (bytesRead === 1) return buf[0];
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') return undefined;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    });
  }

  private async reset(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    await h?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.reset();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError(message)), ms);
    }),
  ]);
}
