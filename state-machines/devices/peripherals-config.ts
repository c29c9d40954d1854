/**
 * Hall hardware (外设) configuration: ticket printers, scanners, calling
 * keypads and rating pads. An optional `peripherals` section of the hall
 * configuration; a hall without it runs without hardware (tickets on screen).
 *
 *   printers[]  one per kiosk that prints; transport tcp (network, port 9100),
 *               device (a character device: /dev/usb/lp0 or a serial port),
 *               or file (development: appends every job to <data>/printers/<id>.bin)
 *   scanners[]  HID-POS scanners (usage page 0x8C) read by the server with node-hid;
 *               keyboard-wedge scanners need no entry (the kiosk page reads them)
 *   keypads[]   calling keypads (叫号器) and rating pads (评价器) of a window
 */
import { z } from 'zod';
import { defaultKeypadKeys, KEYPAD_ACTIONS } from './counter-keys.ts';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'use letters, digits, - or _ (1–40 characters)');
const usbId = z.number().int().min(0).max(0xffff);

const printerTransportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('tcp'),
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(9100),
  }),
  z.object({
    type: z.literal('device'),
    /** /dev/usb/lp0 (USB printer class) or /dev/ttyUSB0 (serial, set the baud rate with stty). */
    path: z.string().regex(/^\/dev\/[A-Za-z0-9/_.-]+$/, 'a device path under /dev'),
  }),
  z.object({
    type: z.literal('file'),
    /** Default: <data dir>/printers/<printer id>.bin */
    path: z.string().min(1).max(400).optional(),
  }),
]);

const printerProfileSchema = z.object({
  /** Send `FS &` before Chinese text. Most Xprinter/Gprinter boot in Chinese mode anyway. */
  chineseMode: z.boolean().default(true),
  /** Native QR (`GS ( k`, Epson and most clones) or none (the number only). */
  qr: z.enum(['gs(k', 'none']).default('gs(k'),
  /** Characters per line in font A: 48 on 80 mm paper, 32 on 58 mm. */
  columns: z.number().int().min(24).max(64).default(48),
  /** QR module size in dots (1–16). */
  qrModule: z.number().int().min(1).max(16).default(6),
});
export type PrinterProfile = z.infer<typeof printerProfileSchema>;

export const printerSchema = z.object({
  id,
  name: z.string().min(1).max(40),
  /** The kiosk (devices[].id) that prints on this printer (tickets, 一次性告知) — or: */
  kiosk: id.optional(),
  /** the window (windows[].number) whose panel prints 一次性告知 on it (a counter printer). Exactly one of kiosk and window. */
  window: z.number().int().min(1).max(999).optional(),
  transport: printerTransportSchema,
  profile: printerProfileSchema.prefault({}),
  /** Real-time status poll while idle. */
  pollMs: z.number().int().min(500).max(600_000).default(5000),
  /** Wait this long for each DLE EOT answer byte. */
  statusTimeoutMs: z.number().int().min(50).max(10_000).default(800),
  /** Give up on a job whose bytes are not accepted within this time. */
  jobTimeoutMs: z.number().int().min(500).max(60_000).default(8000),
});
export type PrinterConfig = z.infer<typeof printerSchema>;

const hidMatch = z.object({
  vendorId: usbId.optional(),
  productId: usbId.optional(),
  /** hidraw path, e.g. /dev/hidraw3: pins one of several identical devices. */
  path: z.string().max(200).optional(),
});

const scannerSchema = z.object({
  id,
  name: z.string().min(1).max(40),
  kiosk: id,
  kind: z.enum(['hid-pos']).default('hid-pos'),
  match: hidMatch,
});
export type ScannerConfig = z.infer<typeof scannerSchema>;

const keypadSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('calling'),
    id,
    name: z.string().min(1).max(40),
    window: z.number().int().min(1).max(999),
    match: hidMatch,
    /** HID keyboard usage (decimal or "0x1e") → panel action; by default the panel's own keys, F1 呼叫下一位 … (counter-keys.ts). */
    keys: z.record(z.string().regex(/^(0x[0-9a-fA-F]{1,2}|\d{1,3})$/), z.enum(KEYPAD_ACTIONS)).default(defaultKeypadKeys),
  }),
  z.object({
    kind: z.literal('rating'),
    id,
    name: z.string().min(1).max(40),
    window: z.number().int().min(1).max(999),
    match: hidMatch,
    /** HID keyboard usage → 好差评 level, 5 非常满意 … 1 非常不满意. */
    keys: z.record(z.string().regex(/^(0x[0-9a-fA-F]{1,2}|\d{1,3})$/), z.number().int().min(1).max(5)),
  }),
]);
export type KeypadConfig = z.infer<typeof keypadSchema>;

export const peripheralsSchema = z.object({
  /** Base of the phone page a ticket's QR code links to: <ticketUrl>/<day>/<number>. */
  ticketUrl: z.string().url().default('http://127.0.0.1:8080/t'),
  printers: z.array(printerSchema).default([]),
  scanners: z.array(scannerSchema).default([]),
  keypads: z.array(keypadSchema).default([]),
});
type PeripheralsConfig = z.infer<typeof peripheralsSchema>;

/** Cross-checks against the rest of the hall configuration; called from hallConfigSchema. */
export function checkPeripherals(
  p: PeripheralsConfig,
  kioskIds: ReadonlySet<string>,
  windowNumbers: ReadonlySet<number>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const ids = new Map<string, string>();
  const seen = (kind: string, i: number, deviceId: string) => {
    if (ids.has(deviceId)) issue(['peripherals', kind, i, 'id'], `device id "${deviceId}" is used twice`);
    ids.set(deviceId, kind);
  };
  const kiosksWithPrinter = new Set<string>();
  const windowsWithPrinter = new Set<number>();
  p.printers.forEach((pr, i) => {
    seen('printers', i, pr.id);
    if ((pr.kiosk === undefined) === (pr.window === undefined))
      issue(['peripherals', 'printers', i, 'kiosk'], 'give the kiosk or the window it prints for (one of them)');
    if (pr.kiosk !== undefined) {
      if (!kioskIds.has(pr.kiosk)) issue(['peripherals', 'printers', i, 'kiosk'], `unknown kiosk "${pr.kiosk}"`);
      if (kiosksWithPrinter.has(pr.kiosk)) issue(['peripherals', 'printers', i, 'kiosk'], `kiosk "${pr.kiosk}" already has a printer`);
      kiosksWithPrinter.add(pr.kiosk);
    }
    if (pr.window !== undefined) {
      if (!windowNumbers.has(pr.window)) issue(['peripherals', 'printers', i, 'window'], `unknown window ${pr.window}`);
      if (windowsWithPrinter.has(pr.window)) issue(['peripherals', 'printers', i, 'window'], `window ${pr.window} already has a printer`);
      windowsWithPrinter.add(pr.window);
    }
  });
  p.scanners.forEach((s, i) => {
    seen('scanners', i, s.id);
    if (!kioskIds.has(s.kiosk)) issue(['peripherals', 'scanners', i, 'kiosk'], `unknown kiosk "${s.kiosk}"`);
    if (s.match.path === undefined && s.match.vendorId === undefined) issue(['peripherals', 'scanners', i, 'match'], 'give vendorId/productId or path');
  });
  p.keypads.forEach((k, i) => {
    seen('keypads', i, k.id);
    if (!windowNumbers.has(k.window)) issue(['peripherals', 'keypads', i, 'window'], `unknown window ${k.window}`);
    if (k.match.path === undefined && k.match.vendorId === undefined) issue(['peripherals', 'keypads', i, 'match'], 'give vendorId/productId or path');
  });
}

/** "0x1e" or "30" → 30. */
export function parseKeyUsage(key: string): number {
  return key.startsWith('0x') ? Number.parseInt(key.slice(2), 16) : Number.parseInt(key, 10);
}
