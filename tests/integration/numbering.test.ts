/**
 * Numbers past 999 over the wire, on paper, on the phone page and in the
 * voice: a 4-digit queue goes A0999 → A1000 and prints, links and says
 * A1000; a 3-digit queue at A999 refuses the kiosk with NUMBERS_EXHAUSTED.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketReceipt } from '../../state-machines/protocol/socket-events.ts';
import { DEMO_TOKENS } from '../support/demo.ts';
import { connectRecording } from '../support/device-client.ts';
import { decodeEscPos } from '../support/escpos-decoder.ts';
import { newRequestId } from '../support/hall-client.ts';
import { issueUpTo, ramDataDir } from '../support/seed-numbers.ts';
import { demoHallVariant, startTestServer } from '../support/server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function hallWithDigits(digits: 3 | 4) {
  const dataDir = ramDataDir();
  const configPath = demoHallVariant((h) => {
    for (const q of h.queues) if (q.id === 'comprehensive') q.numberDigits = digits;
  });
  const s = await startTestServer({ dataDir, configPath });
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  cleanups.push(() => s.close());
  issueUpTo(s, 'comprehensive', 999);
  const kiosk = await connectRecording(s.url, '/kiosk', DEMO_TOKENS.kiosk);
  cleanups.push(() => kiosk.close());
  return { s, kiosk, dataDir };
}

describe('numbers past 999', () => {
  it('a 4-digit queue issues A1000 after A0999: on the wire, on paper, on the phone page and in the voice', async () => {
    const { s, kiosk, dataDir } = await hallWithDigits(4);
    expect(
      Object.values(s.hall.state.tickets)
        .filter((t) => t.queueId === 'comprehensive')
        .map((t) => t.number)
        .slice(-2),
    ).toEqual(['A0998', 'A0999']);
    const taken = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(taken.ok && taken.result.ticket.number).toBe('A1000');
    const ticket = taken.ok ? taken.result.ticket : undefined;

    // Paper: the number at full size, and the QR to its phone page.
    await kiosk.until((e) => e.jobs.some((j) => j.status === 'printed'));
    const paper = decodeEscPos(readFileSync(join(dataDir, 'printers', 'printer-1f-1.bin')));
    const big = paper.blocks.find((b) => b.kind === 'line' && b.line.text === 'A1000');
    expect(big?.kind === 'line' && big.line.width >= 4 && big.line.height >= 4).toBe(true);
    expect(paper.qr).toEqual([`http://127.0.0.1:8080/t/${ticket?.id}?k=${taken.ok ? taken.result.pageKey : ''}`]);
    const phone = await fetch(`${s.url}/t/${ticket?.id}`);
    expect(phone.status).toBe(200);
    expect(await phone.text()).toContain('A1000');

    // Voice: read sign by sign, A 一 零 零 零.
    const audio = await fetch(`${s.url}/voice/call.wav?number=A1000&window=5`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('x-voice-clips')).toBe('qing A d1 d0 d0 d0 hao , dao d5 window-go');
  });

  it('a 3-digit queue at A999 refuses the kiosk with NUMBERS_EXHAUSTED and issues nothing', async () => {
    const { s, kiosk } = await hallWithDigits(3);
    const seq = s.hall.seq;
    const refused = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'comprehensive' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'NUMBERS_EXHAUSTED',
        message: '综合受理今日号码已发完（A001–A999），请明天再来或预约',
        messageEn: "Comprehensive Acceptance: today's numbers A001–A999 are all taken",
      },
    });
    expect(s.hall.seq).toBe(seq);
    expect(s.hall.state.counters.comprehensive?.last).toBe(999);
    // Other queues still issue.
    const other = await kiosk.request<TicketReceipt>('ticket:take', { requestId: newRequestId(), queueId: 'enterprise' });
    expect(other.ok && other.result.ticket.number).toBe('B001');
    // No such number, no audio.
    expect((await fetch(`${s.url}/voice/call.wav?number=A1000&window=5`)).status).toBe(400);
  });
});
