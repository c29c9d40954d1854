/**
 * The demo hall as `npm start` runs it: every demo kiosk prints to a file
 * printer under the data directory, and the configuration checks its
 * peripherals like every other section.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatConfigError, hallConfigSchema } from '../../state-machines/config/hall-config.ts';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS, demoConfig } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { newRequestId } from '../support/hall-client.ts';
import { startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('demo hall printers (file transport)', () => {
  it('prints a ticket into <data>/printers/<id>.bin, and reads paper out from <file>.status', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.close());
    const kiosk = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
    cleanups.push(() => kiosk.close());
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    await kiosk.until((e) => e.jobs.length === 1);
    expect(kiosk.events.jobs[0]?.status).toBe('printed');
    const file = join(server.dataDir, 'printers', 'printer-1f-1.bin');
    const d = decodeEscPos(readFileSync(file));
    expect(d.lines).toContain(taken.ok ? taken.result.ticket.number : '?');
    expect(d.qr).toEqual([`http://127.0.0.1:8080/t/${taken.ok ? `${taken.result.ticket.id}?k=${taken.result.pageKey}` : ''}`]);

    // The QR leads to the ticket's phone page on the hall server.
    const phone = await fetch(`${server.url}/t/${taken.ok ? taken.result.ticket.id : ''}`);
    expect(phone.status).toBe(200);
    const html = await phone.text();
    expect(html).toContain(taken.ok ? taken.result.ticket.number : '?');
    expect(html).toContain('您前面还有 0 人');
    expect((await fetch(`${server.url}/t/2026-01-01/Z999`)).status).toBe(404);
    expect((await fetch(`${server.url}/t/x/<script>`)).status).toBe(404);

    writeFileSync(`${file}.status`, 'paper_out\n');
    await server.devices.pollPrinters();
    await kiosk.until((e) => e.printer.at(-1)?.status === 'paper_out');
    expect(server.devices.health().find((x) => x.id === 'printer-1f-1')?.state).toBe('paper_out');
  });

  it('names a peripheral that points at an unknown kiosk or window', () => {
    const broken = structuredClone(demoConfig) as unknown as { peripherals: { printers: { kiosk: string }[]; keypads: unknown[] } };
    broken.peripherals.printers[0]!.kiosk = 'display-hall';
    broken.peripherals.keypads.push({ kind: 'calling', id: 'kp', name: '叫号器', window: 99, match: { vendorId: 1 }, keys: { '0x59': 'call-next' } });
    const result = hallConfigSchema.safeParse(broken);
    expect(result.success).toBe(false);
    const text = result.success ? '' : formatConfigError(result.error);
    expect(text).toContain('peripherals.printers[0].kiosk: unknown kiosk "display-hall"');
    expect(text).toContain('peripherals.keypads[0].window: unknown window 99');
  });

  it('accepts a hall configuration without a peripherals section', () => {
    const { peripherals: _omit, ...old } = structuredClone(demoConfig);
    const result = hallConfigSchema.safeParse(old);
    expect(result.success && result.data.peripherals).toEqual({ ticketUrl: 'http://127.0.0.1:8080/t', printers: [], scanners: [], keypads: [] });
  });
});
