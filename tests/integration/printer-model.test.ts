/**
 * Model-based: xstate/graph walks the printer machine's status transitions,
 * and each path is replayed on the wire — the fake printer answers DLE EOT
 * with the bytes of that condition (or not at all), the real driver reads them
 * over TCP, and the driver's printer record must be in the machine's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createTestModel } from 'xstate/graph';
import { printerSchema } from '../../state-machines/devices/peripherals-config.ts';
import { PRINTER_CONDITIONS } from '../../state-machines/devices/printer-status.ts';
import { printerMachine, type PrinterMachineEvent } from '../../state-machines/machines/printer-machine.ts';
import { PrinterDriver } from '../../devices/printer/printer-driver.ts';
import { TcpTransport } from '../../devices/printer/transport.ts';
import { PrintJobStore } from '../../server/devices/print-jobs.ts';
import { openDatabase } from '../../server/store/sqlite-event-store.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { tempDataDir } from '../support/server.ts';

const events: PrinterMachineEvent[] = [
  ...PRINTER_CONDITIONS.map((condition) => ({ type: 'STATUS' as const, at: 1, condition, details: [] })),
  { type: 'UNREACHABLE', at: 1, reason: 'no answer' },
];

let printer: FakePrinter;
let jobs: PrintJobStore;
beforeAll(async () => {
  printer = await new FakePrinter().start();
  jobs = new PrintJobStore(openDatabase(join(tempDataDir(), 'hall.sqlite')));
});
afterAll(() => printer.stop());

describe('printer machine, model-based against the wire', () => {
  // States are compared by status only: details and lastSeen are data, not states.
  const model = createTestModel(printerMachine, {
    events,
    input: { id: 'p1', since: 0, details: [] },
    serializeState: (snapshot) => String(snapshot.value),
  });
  // Every status from the initial one, then every reading from each of those: every transition.
  const first = model.getShortestPaths();
  const paths = [...first, ...events.flatMap((a) => events.flatMap((b) => model.getPathsFromEvents([a, b])))];

  it('reaches every status, and every status from every other', () => {
    expect(new Set(first.map((p) => String(p.state.value)))).toEqual(new Set(PRINTER_CONDITIONS));
    // steps: [xstate.init → unknown, first reading → a, second reading → b]
    const edges = new Set(
      paths.map((p) =>
        p.steps
          .slice(1)
          .map((s) => String(s.state.value))
          .join('→'),
      ),
    );
    for (const a of PRINTER_CONDITIONS) for (const b of PRINTER_CONDITIONS) expect(edges.has(`${a}→${b}`)).toBe(true);
  });

  for (const path of paths) {
    it(path.description, async () => {
      const config = printerSchema.parse({
        id: 'p1',
        name: 'p',
        kiosk: 'k',
        transport: { type: 'tcp', host: '127.0.0.1', port: printer.port },
        statusTimeoutMs: 200,
      });
      const driver = new PrinterDriver(config, new TcpTransport('127.0.0.1', printer.port, 1000), jobs);
      try {
        const expectStatus = (s: string) => () => expect(driver.record.status).toBe(s);
        await path.test({
          events: {
            STATUS: async ({ event }) => {
              const { condition } = event as Extract<PrinterMachineEvent, { type: 'STATUS' }>;
              printer.silent = false;
              printer.condition = condition;
              await driver.poll();
            },
            UNREACHABLE: async () => {
              printer.silent = true;
              await driver.poll();
            },
          },
          states: Object.fromEntries(['unknown', ...PRINTER_CONDITIONS].map((s) => [s, expectStatus(s)])),
        });
      } finally {
        printer.silent = false;
        await driver.stop();
      }
    });
  }
});
