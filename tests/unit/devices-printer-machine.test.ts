import { describe, expect, it } from 'vitest';
import { classifyStatus, isStatusByte, PRINTER_CONDITIONS, statusBytesFor } from '../../state-machines/devices/printer-status.ts';
import type { PrinterRecord } from '../../state-machines/devices/printer-status.ts';
import { canPrint, initialPrinter, stepPrinter } from '../../state-machines/machines/printer-machine.ts';

describe('DLE EOT status bytes', () => {
  it('round-trips every condition through its answer bytes', () => {
    for (const c of PRINTER_CONDITIONS) expect(classifyStatus(statusBytesFor(c)).condition).toBe(c);
  });

  it('reads the classic bytes: paper end 0x72, near end 0x1e, cover open bit 2', () => {
    expect(classifyStatus({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x72 })).toEqual({ condition: 'paper_out', details: ['paper end'] });
    expect(classifyStatus({ 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e }).condition).toBe('paper_low');
    expect(classifyStatus({ 1: 0x1a, 2: 0x16 }).details).toEqual(['cover open']);
  });

  it('treats no answer or a byte that is not a status byte as offline', () => {
    expect(classifyStatus({})).toEqual({ condition: 'offline', details: ['no answer'] });
    expect(isStatusByte(0x41)).toBe(false);
    expect(classifyStatus({ 1: 0x41 })).toEqual({ condition: 'offline', details: ['not a status byte'] });
  });
});

describe('printer machine', () => {
  const at = 1_000;
  const status = (r: PrinterRecord, condition: (typeof PRINTER_CONDITIONS)[number], t = at) =>
    stepPrinter(r, { type: 'STATUS', at: t, condition, details: [] })!;

  it('follows status readings and moves `since` only on a change', () => {
    let p = initialPrinter('p1', 0);
    expect(p.status).toBe('unknown');
    expect(canPrint(p)).toBe(false);
    p = status(p, 'online', 10);
    expect(p).toMatchObject({ status: 'online', since: 10, lastSeen: 10 });
    p = status(p, 'online', 20);
    expect(p).toMatchObject({ status: 'online', since: 10, lastSeen: 20 });
    p = status(p, 'paper_out', 30);
    expect(p).toMatchObject({ status: 'paper_out', since: 30 });
    expect(canPrint(p)).toBe(false);
    p = stepPrinter(p, { type: 'UNREACHABLE', at: 40, reason: 'connection closed' })!;
    expect(p).toMatchObject({ status: 'offline', details: ['connection closed'] });
  });

  it('takes a job only when ready and one at a time, and remembers the outcome', () => {
    let p = status(initialPrinter('p1', 0), 'paper_low');
    expect(canPrint(p)).toBe(true);
    p = stepPrinter(p, { type: 'JOB_STARTED', at, key: 'T#ticket' })!;
    expect(p.job).toBe('T#ticket');
    expect(stepPrinter(p, { type: 'JOB_STARTED', at, key: 'U#ticket' })).toBeUndefined();
    expect(stepPrinter(p, { type: 'JOB_FINISHED', at, key: 'U#ticket', outcome: 'printed' })).toBeUndefined();
    // A finish for no job at all is not enabled either.
    expect(
      stepPrinter(status(initialPrinter('p2', 0), 'online'), { type: 'JOB_FINISHED', at, key: undefined as unknown as string, outcome: 'printed' }),
    ).toBeUndefined();
    p = stepPrinter(p, { type: 'JOB_FINISHED', at: 5, key: 'T#ticket', outcome: 'uncertain', reason: 'paper_out' })!;
    expect(p.job).toBeUndefined();
    expect(p.lastJob).toEqual({ key: 'T#ticket', outcome: 'uncertain', at: 5, reason: 'paper_out' });
    const out = status(p, 'paper_out');
    expect(stepPrinter(out, { type: 'JOB_STARTED', at, key: 'V#ticket' })).toBeUndefined();
  });
});
