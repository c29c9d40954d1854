/**
 * Print jobs left `queued` by a crash (issue 11 item 10), with a real SIGKILL
 * of the server process and the fake network printer counting what reaches
 * the paper. Jobs queue while the printer is slow to answer its status (a job
 * claims the printer only after reading it); the server is killed with three
 * tickets waiting to print.
 *  - Restarted at once: the three are printed, each exactly once, and a
 *    second restart prints nothing more.
 *  - Restarted long after (the visitors have left with the number on the
 *    kiosk's screen): nothing is printed; the jobs are settled as not printed
 *    and the kiosk is told so (its on-screen ticket covers it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer } from '../../server/hall-server.ts';
import type { PrintJobView } from '../../state-machines/devices/device-types.ts';
import type { Ack, TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { freePort, spawnServer, type ChildServer } from '../support/child-server.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { deviceHallConfig } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, newRequestId } from '../support/hall-client.ts';
import { tempDataDir } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A child server whose kiosk kiosk-1f-1 prints on `printer`, killed with `n` ticket jobs still queued. */
async function crashWithQueuedJobs(printer: FakePrinter, n: number) {
  const configPath = deviceHallConfig({ printerPort: printer.port, statusTimeoutMs: 10_000 });
  const dataDir = tempDataDir();
  const port = await freePort();
  printer.slow = true; // status answers held: the first job waits to read the printer, the others wait behind it
  const server: ChildServer = await spawnServer(dataDir, port, { configPath });
  cleanups.push(() => server.kill9());
  const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  const numbers: string[] = [];
  for (let i = 0; i < n; i++) {
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    if (!taken.ok) throw new Error(taken.error.code);
    numbers.push(taken.result.ticket.number);
  }
  kiosk.close();
  await server.kill9();
  expect(printer.bytes.length).toBe(0); // nothing reached the paper before the crash
  printer.slow = false;
  return { configPath, dataDir, port, numbers };
}

const ticketNumbersOnPaper = (printer: FakePrinter) => decodeEscPos(printer.bytes).lines.filter((l) => /^A\d{3}$/.test(l));

describe('print jobs left queued by a crash', () => {
  it('are printed after a prompt restart, each exactly once; another restart prints nothing more', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const crashed = await crashWithQueuedJobs(printer, 3);
    let server = await spawnServer(crashed.dataDir, crashed.port, { configPath: crashed.configPath });
    cleanups.push(() => server.kill9());
    await printer.waitFor((p) => decodeEscPos(p.bytes).cuts === 3, 20_000);
    expect(ticketNumbersOnPaper(printer)).toEqual(crashed.numbers);

    // The kiosk that asks is told the outcome.
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    const tickets = Object.values(kiosk.snapshot.state.tickets);
    // The last cut can reach the paper before the driver has read the printer's status after it: wait for the
    // job's own outcome (bounded), then every job must say printed.
    for (const t of tickets) {
      const statusOf = async () => {
        const job = (await kiosk.request('print:job-status', { ticketId: t.id })) as Ack<PrintJobView | null>;
        return job.ok ? job.result?.status : job.error.code;
      };
      await expect.poll(statusOf, { timeout: 10_000, interval: 200 }).not.toBe('sending');
      expect(await statusOf()).toBe('printed');
    }
    kiosk.close();

    await server.kill9();
    server = await spawnServer(crashed.dataDir, crashed.port, { configPath: crashed.configPath });
    await new Promise((r) => setTimeout(r, 1500));
    expect(decodeEscPos(printer.bytes).cuts).toBe(3);
  }, 90_000);

  it('are settled as not printed when the server comes back long after (the visitor has left), and the kiosk is told', async () => {
    const printer = await new FakePrinter().start();
    cleanups.push(() => printer.stop());
    const crashed = await crashWithQueuedJobs(printer, 2);
    // Ten minutes later (the hall's clock moved on while the server was down).
    const server = await startHallServer({
      port: 0,
      host: '127.0.0.1',
      configPath: crashed.configPath,
      dataDir: crashed.dataDir,
      logLevel: 'error',
      now: () => Date.now() + 10 * 60_000,
    });
    cleanups.push(() => server.close());
    const kiosk = await connect(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    for (const id of Object.keys(kiosk.snapshot.state.tickets)) {
      const job = (await kiosk.request('print:job-status', { ticketId: id })) as Ack<PrintJobView | null>;
      expect(job.ok && job.result).toMatchObject({ status: 'failed', reason: 'not printed: server restarted 10 min later' });
    }
    await server.devices.pollPrinters(); // the printer is online and answers; still nothing is sent
    await new Promise((r) => setTimeout(r, 500));
    expect(printer.bytes.length).toBe(0);
  }, 90_000);
});
