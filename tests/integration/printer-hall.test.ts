/**
 * Devices through the real hall server: a kiosk takes a ticket with the real
 * socket.io-client, the server prints it on a fake network printer (loopback
 * TCP, real DLE EOT status bytes), and the kiosk hears how it went.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { encodeHidPosReports } from '../../devices/hid/hid-pos.ts';
import { keyPressReports } from '../../devices/hid/keyboard-report.ts';
import { CLERK_W5, DEMO_TOKENS, SUPERVISOR } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { KEYPAD_W5, KIOSK_PRINTER_ID, RATING_W5, SCANNER, startDeviceHall } from '../support/device-hall.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { FakeHid, NO_HID } from '../support/fake-hid.ts';
import { FakePrinter } from '../support/fake-printer.ts';
import { connect, login, newRequestId } from '../support/hall-client.ts';
import { idNumberBornOn } from '../support/id-numbers.ts';
import { logLines } from '../support/log-lines.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: Partial<Pick<Parameters<typeof startDeviceHall>[0], 'withHid' | 'loadHid' | 'keypadKeys' | 'logStream' | 'logLevel'>> = {}) {
  const printer = await new FakePrinter().start();
  cleanups.push(() => printer.stop());
  const server = await startDeviceHall({ printerPort: printer.port, ...opts });
  cleanups.push(() => server.close());
  const kiosk = await connectRecording(server.url, '/kiosk', DEMO_TOKENS.kiosk);
  cleanups.push(() => kiosk.close());
  return { printer, server, kiosk };
}

async function healthz(url: string) {
  const res = await fetch(`${url}/healthz`);
  return (await res.json()) as {
    status: string;
    devices: { status: string; attention: string[]; list: { id: string; kind: string; state: string; details: string[] }[] };
  };
}

describe('ticket printing through the hall server', () => {
  it('prints the ticket a kiosk takes: Chinese text, number, QR to the phone page, cut', async () => {
    const { printer, kiosk, server } = await setup();
    await kiosk.until((e) => e.printer.some((p) => p?.status === 'online'));
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(taken.ok).toBe(true);
    const ticket = taken.ok ? taken.result.ticket : undefined;
    await kiosk.until((e) => e.jobs.some((j) => j.ticketId === ticket?.id));
    expect(kiosk.events.jobs[0]).toMatchObject({ status: 'printed', kind: 'ticket', printerId: KIOSK_PRINTER_ID, ticketId: ticket?.id });

    const d = decodeEscPos(printer.bytes);
    expect(d.chineseModeBeforeChinese).toBe(true);
    expect(d.lines).toContain(server.hall.config.hall.name);
    expect(d.lines).toContain('综合受理');
    expect(d.lines).toContain(ticket?.number);
    expect(d.lines).toContain('您前面还有 0 人');
    expect(d.lines).toContain('窗口暂未开放，开放后依次叫号'); // no window open: no minutes promised
    expect(d.lines).toContain('办理窗口：1、4-6、8-13 号窗口');
    expect(d.lines).toContain('过号后当天可到导办台申请重新排队一次。'); // the demo hall's policy
    // The paper's QR carries the key the kiosk was told: the phone that scans it may rate the service.
    expect(d.qr).toEqual([`http://hall.test/t/${ticket?.id}?k=${taken.ok ? taken.result.pageKey : ''}`]);
    expect(taken.ok && taken.result.pageKey).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(d.cuts).toBe(1);
  });

  it('never prints twice: a retried take (same requestId) returns the first ticket and prints nothing more', async () => {
    const { printer, kiosk } = await setup();
    const requestId = newRequestId();
    const first = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'comprehensive' });
    await kiosk.until((e) => e.jobs.length === 1);
    const retry = await kiosk.request<TicketReceipt>('ticket:take', { requestId, queueId: 'comprehensive' });
    expect(retry.ok && first.ok && retry.result.ticket.id === first.result.ticket.id).toBe(true);
    const second = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    await kiosk.until((e) => e.jobs.length === 2);
    const d = decodeEscPos(printer.bytes);
    expect(d.cuts).toBe(2);
    expect(d.lines.filter((l) => /^A\d{3}$/.test(l))).toEqual(['A001', second.ok ? second.result.ticket.number : '?']);
  });

  it('paper out: the ticket is still issued, nothing is printed, the kiosk and /healthz say so', async () => {
    const { printer, kiosk, server } = await setup();
    await kiosk.until((e) => e.printer.some((p) => p?.status === 'online'));
    printer.condition = 'paper_out';
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(taken.ok).toBe(true);
    await kiosk.until((e) => e.jobs.length === 1);
    expect(kiosk.events.jobs[0]).toMatchObject({ status: 'failed', reason: 'paper_out' });
    expect(kiosk.events.printer.at(-1)).toMatchObject({ status: 'paper_out', ready: false });
    expect(printer.bytes.length).toBe(0);
    const health = await healthz(server.url);
    expect(health.status).toBe('ok');
    expect(health.devices.status).toBe('attention');
    expect(health.devices.list.find((d) => d.id === KIOSK_PRINTER_ID)).toMatchObject({ kind: 'printer', state: 'paper_out', details: ['paper end'] });
    const job = await kiosk.request<{ status: string }>('print:job-status', { ticketId: taken.ok ? taken.result.ticket.id : '' });
    expect(job.ok && job.result).toMatchObject({ status: 'failed' });
  });

  it('paper runs out during the job: uncertain, never resent, shown as paper out', async () => {
    const { printer, kiosk, server } = await setup();
    printer.paperOutAfter = 60;
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    await kiosk.until((e) => e.jobs.length === 1);
    expect(kiosk.events.jobs[0]).toMatchObject({ status: 'uncertain', reason: 'paper_out' });
    printer.condition = 'online';
    const again = await server.devices.printTicket(taken.ok ? taken.result.ticket.id : '', 'kiosk-1f-1');
    expect(again?.status).toBe('uncertain');
    expect(decodeEscPos(printer.bytes).cuts).toBe(1);
  });

  it('prints the material list (一次性告知) on request', async () => {
    const { printer, kiosk } = await setup();
    const itemId = 'company-registration';
    const ack = await kiosk.request<{ key: string }>('print:materials', { requestId: newRequestId(), itemId });
    expect(ack.ok).toBe(true);
    const unknown = await kiosk.request('print:materials', { requestId: newRequestId(), itemId: 'no-such-item' });
    expect(unknown.ok || unknown.error.code).toBe('NOT_FOUND');
    await kiosk.until((e) => e.jobs.some((j) => j.kind === 'materials'));
    const d = decodeEscPos(printer.bytes);
    expect(d.lines).toContain('一次性告知书');
    expect(d.lines.some((l) => l.startsWith(' 1. '))).toBe(true);
    const bad = await kiosk.request('print:materials', { requestId: 'x', itemId });
    expect(bad.ok || bad.error.code).toBe('BAD_REQUEST');
  });

  it('serves /metrics with a line per device', async () => {
    const { server, kiosk } = await setup();
    await kiosk.until((e) => e.printer.some((p) => p?.status === 'online'));
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain(`yichuang_device_up{id="${KIOSK_PRINTER_ID}",kind="printer"`);
    expect(text).toMatch(/yichuang_device_state\{id="kiosk-1f-1",kind="kiosk",location="[^"]+",state="connected"\} 1/);
    expect(text).toMatch(/yichuang_hall_last_seq \d+/);
  });
});

describe('HID devices through the hall server', () => {
  it('routes HID-POS scans to the kiosk: ticket QR, an ID number reduced to "elderly" (nothing of it on the wire)', async () => {
    const hid = new FakeHid();
    const { kiosk } = await setup({ withHid: true, loadHid: hid.loader });
    const scanner = hid.device(SCANNER.vendorId, SCANNER.productId);
    scanner.send(encodeHidPosReports('http://hall.test/t/2026-11-21/A001'));
    scanner.send(encodeHidPosReports('11010519491231002X', ']I0'));
    await kiosk.until((e) => e.scans.length === 2);
    expect(kiosk.events.scans[0]).toMatchObject({ kind: 'ticket', value: '2026-11-21/A001', source: 'scanner-1f-1', symbology: ']Q1' });
    expect(kiosk.events.scans[1]).toMatchObject({ kind: 'id-number', value: '', elderly: true });
    const wire = JSON.stringify(kiosk.events.scans);
    for (const part of ['11010519491231002X', '19491231', '110105', '002X']) expect(wire).not.toContain(part);
  });

  it('an ID number read by a HID-POS reader: only "elderly" reaches the kiosk; no log line (at debug) and no file of the hall holds a digit of it', async () => {
    const hid = new FakeHid();
    const log = logLines();
    const { kiosk, server } = await setup({ withHid: true, loadHid: hid.loader, logStream: log.stream, logLevel: 'debug' });
    const scanner = hid.device(SCANNER.vendorId, SCANNER.productId);
    const young = idNumberBornOn('1986-06-01', '456');
    scanner.send(encodeHidPosReports('11010519491231002X', ']I0'));
    scanner.send(encodeHidPosReports(young, ']I0'));
    scanner.send(encodeHidPosReports('110105194912310021', ']I0')); // wrong check digit
    await kiosk.until((e) => e.scans.length === 3);
    expect(kiosk.events.scans.map((s) => [s.kind, s.value, s.elderly])).toEqual([
      ['id-number', '', true],
      ['id-number', '', false],
      ['id-invalid', '', undefined],
    ]);
    // The visitor takes the green ticket the kiosk offered: the reason is all the server learns.
    const take = await kiosk.request('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive', greenChannel: 'elderly' });
    expect(take.ok).toBe(true);
    await server.close();
    const files = readdirSync(server.dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.map((f) => f.name)).toContain('hall.sqlite');
    const logged = JSON.stringify(log.lines());
    expect(logged).toContain('"kind":"id-number"');
    for (const id of ['11010519491231002X', young, '110105194912310021']) {
      // The whole number and its birth date (shorter runs of digits would meet timestamps by chance).
      for (const part of [id, id.slice(6, 14)]) {
        expect(logged).not.toContain(part);
        for (const f of files) expect(readFileSync(join(f.parentPath, f.name)).includes(part), `${f.name} holds ${part}`).toBe(false);
      }
    }
  });

  it('calls the next ticket from the window 5 keypad, and takes a rating from the rating pad', async () => {
    const hid = new FakeHid();
    const { kiosk, server } = await setup({ withHid: true, loadHid: hid.loader });
    const session = await login(server.url, CLERK_W5);
    const panel = await connect(server.url, '/window', session.token);
    cleanups.push(() => panel.close());
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    const ticketId = taken.ok ? taken.result.ticket.id : '';
    const keypad = hid.device(KEYPAD_W5.vendorId, KEYPAD_W5.productId);
    keypad.send(keyPressReports(0x59));
    expect(server.hall.state.tickets[ticketId]).toMatchObject({ status: 'called', window: 5, clerkId: '1009' });
    keypad.send(keyPressReports(0x5a));
    keypad.send(keyPressReports(0x5b));
    expect(server.hall.state.tickets[ticketId]?.status).toBe('done');
    const ratings: unknown[] = [];
    server.devices.on('rating', (r) => ratings.push(r));
    const pad = hid.device(RATING_W5.vendorId, RATING_W5.productId);
    pad.send(keyPressReports(0x1e));
    expect(ratings).toEqual([expect.objectContaining({ window: 5, level: 5, ticketId })]);
    // 好差评: the press is the service's rating (channel pad), logged once; a second press is refused, nothing stored.
    expect(server.hall.state.ratings?.[ticketId]).toMatchObject({ status: 'rated', channel: 'pad', window: 5, clerkId: '1009' });
    const rated = server.hall.seq;
    pad.send(keyPressReports(0x1e));
    expect(server.hall.seq).toBe(rated);
    expect(server.hall.state.ratings?.[ticketId]?.status).toBe('rated');

    // 重呼, 过号 (the grace has not passed: refused, nothing changes), and 暂停/恢复 on one key.
    const second = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    const secondId = second.ok ? second.result.ticket.id : '';
    keypad.send(keyPressReports(0x59));
    keypad.send(keyPressReports(0x5c));
    expect(server.hall.state.tickets[secondId]).toMatchObject({ status: 'called', callCount: 2 });
    keypad.send(keyPressReports(0x5d));
    expect(server.hall.state.tickets[secondId]?.status).toBe('called');
    keypad.send(keyPressReports(0x5b));
    keypad.send(keyPressReports(0x5e));
    expect(server.hall.state.windows['5']?.status).toBe('paused');
    keypad.send(keyPressReports(0x5e));
    expect(server.hall.state.windows['5']?.status).toBe('idle');
  });

  it("a keypad whose keys the hall file does not name uses the window panel's own: F1 呼叫下一位, F2 重呼, F3 开始办理, F4 办结, F9 暂停/恢复", async () => {
    const hid = new FakeHid();
    const { kiosk, server } = await setup({ withHid: true, loadHid: hid.loader, keypadKeys: 'unnamed' });
    const panel = await connect(server.url, '/window', (await login(server.url, CLERK_W5)).token);
    cleanups.push(() => panel.close());
    expect((await panel.request('window:open', { requestId: newRequestId(), window: 5 })).ok).toBe(true);
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    const ticketId = taken.ok ? taken.result.ticket.id : '';
    const keypad = hid.device(KEYPAD_W5.vendorId, KEYPAD_W5.productId);
    // HID usages of F1… (0x3a…): what a keypad programmed like the keyboard sends.
    keypad.send(keyPressReports(0x3a));
    expect(server.hall.state.tickets[ticketId]).toMatchObject({ status: 'called', window: 5 });
    keypad.send(keyPressReports(0x3b));
    expect(server.hall.state.tickets[ticketId]?.callCount).toBe(2);
    keypad.send(keyPressReports(0x3c));
    keypad.send(keyPressReports(0x3d));
    expect(server.hall.state.tickets[ticketId]?.status).toBe('done');
    keypad.send(keyPressReports(0x42));
    expect(server.hall.state.windows['5']?.status).toBe('paused');
    // The numpad keys of the other test mean nothing here.
    keypad.send(keyPressReports(0x5e));
    expect(server.hall.state.windows['5']?.status).toBe('paused');
  });

  it('starts without node-hid and reports scanners and keypads unavailable', async () => {
    const { server } = await setup({ withHid: true, loadHid: NO_HID });
    const health = await healthz(server.url);
    const scanner = health.devices.list.find((d) => d.id === 'scanner-1f-1');
    expect(scanner).toMatchObject({ kind: 'scanner', state: 'unavailable' });
    expect(scanner?.details[0]).toContain('libusb');
    expect(health.devices.list.find((d) => d.id === 'keypad-w5')?.state).toBe('unavailable');
    const supervisor = await login(server.url, SUPERVISOR);
    const admin = await connectRecording(server.url, '/admin', supervisor.token ?? '');
    cleanups.push(() => admin.close());
    await admin.until((e) => e.health.length > 0);
    expect(admin.events.health[0]?.some((d) => d.id === 'rating-w5' && d.kind === 'rating-pad')).toBe(true);
  });
});
