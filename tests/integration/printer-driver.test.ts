/**
 * The printer driver against a fake network printer on loopback TCP: real
 * sockets, real DLE EOT bytes, job ledger in a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { printerSchema } from '../../state-machines/devices/peripherals-config.ts';
import { PrinterDriver } from '../../devices/printer/printer-driver.ts';
import { renderTicket } from '../../devices/printer/ticket-layout.ts';
import { TcpTransport } from '../../devices/printer/transport.ts';
import { PrintJobStore, printJobKey } from '../../server/devices/print-jobs.ts';
import { openDatabase } from '../../server/store/sqlite-event-store.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { tempDataDir } from '../support/server.ts';
import { SAMPLE_TICKET } from '../support/ticket-fixtures.ts';

let printer: FakePrinter;
let driver: PrinterDriver;
let dataDir: string;

function makeDriver(statusTimeoutMs = 300) {
  const config = printerSchema.parse({
    id: 'p1',
    name: '测试打印机',
    kiosk: 'kiosk-1f-1',
    transport: { type: 'tcp', host: '127.0.0.1', port: printer.port },
    statusTimeoutMs,
    jobTimeoutMs: 2000,
  });
  const jobs = new PrintJobStore(openDatabase(join(dataDir, 'hall.sqlite')));
  return new PrinterDriver(config, new TcpTransport('127.0.0.1', printer.port, 1000), jobs);
}

const ticketJob = (number = 'A013') => ({
  key: printJobKey(`2026-11-21/${number}`, 'ticket'),
  kind: 'ticket' as const,
  ticketId: `2026-11-21/${number}`,
  render: () => renderTicket({ ...SAMPLE_TICKET, number }),
});

beforeEach(async () => {
  printer = await new FakePrinter().start();
  dataDir = tempDataDir();
  driver = makeDriver();
});

afterEach(async () => {
  await driver.stop();
  await printer.stop();
});

describe('printer driver over TCP 9100', () => {
  it('prints a ticket that decodes to the Chinese text, QR and cut', async () => {
    const job = await driver.print(ticketJob());
    expect(job).toMatchObject({ status: 'printed', attempts: 1 });
    expect(driver.record.status).toBe('online');
    const d = decodeEscPos(printer.bytes);
    expect(d.lines).toContain('示范县政务服务中心');
    expect(d.lines).toContain('A013');
    expect(d.lines).toContain('您前面还有 7 人');
    expect(d.lines).toContain('预计等待约 18 分钟');
    expect(d.qr).toEqual([SAMPLE_TICKET.qrUrl]);
    expect(d.cuts).toBe(1);
  });

  it('never prints the same job twice: a retry returns the first outcome', async () => {
    const first = await driver.print(ticketJob());
    const again = await Promise.all([driver.print(ticketJob()), driver.print(ticketJob())]);
    expect(again.map((j) => j.status)).toEqual(['printed', 'printed']);
    expect(again[0]!.attempts).toBe(first.attempts);
    expect(decodeEscPos(printer.bytes).cuts).toBe(1);
  });

  it('refuses a job when the paper is out, sending nothing', async () => {
    printer.condition = 'paper_out';
    const job = await driver.print(ticketJob());
    expect(job).toMatchObject({ status: 'failed', reason: 'paper_out', attempts: 0 });
    expect(printer.bytes.length).toBe(0);
    expect(driver.record.status).toBe('paper_out');
  });

  it('marks a job uncertain when the paper runs out during it, and does not resend it', async () => {
    printer.paperOutAfter = 40;
    const job = await driver.print(ticketJob());
    expect(job).toMatchObject({ status: 'uncertain', reason: 'paper_out' });
    expect(driver.record.status).toBe('paper_out');
    printer.condition = 'online';
    const retry = await driver.print(ticketJob());
    expect(retry.status).toBe('uncertain');
    expect(decodeEscPos(printer.bytes).cuts).toBe(1);
  });

  it('reports cover open, paper low and an offline printer from their status bytes', async () => {
    printer.condition = 'cover_open';
    expect((await driver.poll()).condition).toBe('cover_open');
    printer.condition = 'paper_low';
    expect((await driver.poll()).condition).toBe('paper_low');
    expect((await driver.print(ticketJob())).status).toBe('printed');
    printer.condition = 'offline';
    expect((await driver.poll()).condition).toBe('offline');
  });

  it('times out on a printer that never answers status, and on late answers stays in step', async () => {
    printer.silent = true;
    expect(await driver.poll()).toEqual({ condition: 'offline', details: ['no answer'] });
    expect(driver.record.status).toBe('offline');
    printer.silent = false;
    printer.slow = true;
    expect((await driver.poll()).condition).toBe('offline');
    printer.release();
    printer.slow = false;
    printer.condition = 'paper_out';
    // The late "online" byte must not be taken as the answer to this query.
    expect((await driver.poll()).condition).toBe('paper_out');
  });

  it('survives a dropped connection: the job is uncertain, the next one reconnects', async () => {
    printer.dropNext = true;
    const job = await driver.print(ticketJob('A014'));
    expect(job.status).toBe('uncertain');
    expect(decodeEscPos(printer.bytes).cuts).toBe(0);
    const next = await driver.print(ticketJob('A015'));
    expect(next.status).toBe('printed');
    expect(printer.connections).toBeGreaterThanOrEqual(2);
  });

  it('reports an unreachable printer as offline', async () => {
    await printer.stop();
    const reading = await driver.poll();
    expect(reading.condition).toBe('offline');
    expect((await driver.print(ticketJob())).status).toBe('failed');
  });

  it('keeps its promise across a restart: a job left sending is uncertain, never resent', async () => {
    const jobs = new PrintJobStore(openDatabase(join(dataDir, 'hall.sqlite')));
    const key = printJobKey('2026-11-21/A099', 'ticket');
    jobs.open(key, 'p1', 'ticket', '2026-11-21/A099', 1);
    expect(jobs.claim(key, 2)).toBe(true);
    expect(jobs.claim(key, 3)).toBe(false);
    const restarted = new PrintJobStore(openDatabase(join(dataDir, 'hall.sqlite')));
    expect(restarted.get(key)?.status).toBe('uncertain');
    await driver.stop();
    driver = makeDriver();
    expect((await driver.print({ ...ticketJob('A099'), key })).status).toBe('uncertain');
    expect(printer.bytes.length).toBe(0);
  });
});
