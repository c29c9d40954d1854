/**
 * ESC/POS real-time status (`DLE EOT n`, 10 04 n): one byte per query.
 * Pure decoding shared by the server (poller) and the tests (fake printer).
 *
 * Every valid answer byte has bits 1 and 4 set and bits 0 and 7 clear
 * (`byte & 0x93 === 0x12`); anything else is not a status answer.
 *
 *   n=1 printer   bit3 offline
 *   n=2 offline   bit2 cover open, bit3 feeding by button, bit5 stopped at paper end, bit6 error
 *   n=3 error     bit3 cutter error, bit5 unrecoverable, bit6 auto-recoverable
 *   n=4 paper     bits2–3 near end (0x0C), bits5–6 paper end (0x60)
 */

export const STATUS_QUERIES = [1, 2, 3, 4] as const;
export type StatusQuery = (typeof STATUS_QUERIES)[number];

/** What a printer can be in, as the kiosk and /healthz show it. */
export const PRINTER_CONDITIONS = ['online', 'paper_low', 'paper_out', 'cover_open', 'offline'] as const;
export type PrinterCondition = (typeof PRINTER_CONDITIONS)[number];

/** A printer as the server tracks it (the printer machine's states, machines/printer-machine.ts): `unknown` until it first answers. */
export type PrinterStatus = 'unknown' | PrinterCondition;

export type PrintJobOutcome = 'printed' | 'failed' | 'uncertain';

export interface PrinterRecord {
  id: string;
  status: PrinterStatus;
  /** When the printer entered this status. */
  since: number;
  /** Last time the printer answered anything. */
  lastSeen?: number | undefined;
  details: string[];
  /** Key of the job being sent now. */
  job?: string | undefined;
  lastJob?: { key: string; outcome: PrintJobOutcome; at: number; reason?: string | undefined } | undefined;
}

/** Answer bytes by query number; a missing one did not answer in time. */
export type StatusBytes = Partial<Record<StatusQuery, number>>;

export interface StatusReading {
  condition: PrinterCondition;
  /** Short English reasons for logs and /healthz, e.g. "paper end", "cover open", "no answer". */
  details: string[];
}

/** The status byte every healthy printer answers to each query. */
const STATUS_OK = 0x12;

export function isStatusByte(b: number): boolean {
  return (b & 0x93) === STATUS_OK;
}

export function classifyStatus(bytes: StatusBytes): StatusReading {
  const valid = (n: StatusQuery) => {
    const b = bytes[n];
    return b !== undefined && isStatusByte(b) ? b : undefined;
  };
  const b1 = valid(1);
  const b2 = valid(2);
  const b3 = valid(3);
  const b4 = valid(4);
  if (b1 === undefined) return { condition: 'offline', details: [bytes[1] === undefined ? 'no answer' : 'not a status byte'] };
  const details: string[] = [];
  if (b2 !== undefined && b2 & 0x04) details.push('cover open');
  const paperEnd = (b4 !== undefined && (b4 & 0x60) !== 0) || (b2 !== undefined && (b2 & 0x20) !== 0);
  if (paperEnd) details.push('paper end');
  const nearEnd = b4 !== undefined && (b4 & 0x0c) !== 0;
  if (nearEnd && !paperEnd) details.push('paper near end');
  if (b3 !== undefined && b3 & 0x08) details.push('cutter error');
  if (b3 !== undefined && b3 & 0x20) details.push('unrecoverable error');
  if (b2 !== undefined && b2 & 0x40 && details.length === 0) details.push('error');
  const offline = (b1 & 0x08) !== 0;
  if (offline && details.length === 0) details.push('offline');

  if (details.includes('cover open')) return { condition: 'cover_open', details };
  if (paperEnd) return { condition: 'paper_out', details };
  if (offline || details.some((d) => d.includes('error'))) return { condition: 'offline', details };
  if (nearEnd) return { condition: 'paper_low', details };
  return { condition: 'online', details };
}

/** Bytes a printer in this condition answers (the fake printer and fixtures use these). */
export function statusBytesFor(condition: PrinterCondition): Required<StatusBytes> {
  switch (condition) {
    case 'online':
      return { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
    case 'paper_low':
      return { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1e };
    case 'paper_out':
      return { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 };
    case 'cover_open':
      return { 1: 0x1a, 2: 0x16, 3: 0x12, 4: 0x12 };
    case 'offline':
      return { 1: 0x1a, 2: 0x52, 3: 0x32, 4: 0x12 };
  }
}
