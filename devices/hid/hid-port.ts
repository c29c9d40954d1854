/**
 * The hardware edge for HID devices: open a device by vendor/product id or
 * path and receive its input reports. node-hid is loaded lazily, so a machine
 * without libusb (or without the prebuilt binary) still runs the hall: HID
 * devices are then reported `unavailable` with the reason.
 */
import { HID_POS_USAGE_PAGE } from './hid-pos.ts';

const HONEYWELL = 0x0c2e;

export interface HidMatch {
  vendorId?: number | undefined;
  productId?: number | undefined;
  path?: string | undefined;
}

export interface HidPort {
  onData(listener: (report: Buffer) => void): void;
  onError(listener: (err: Error) => void): void;
  close(): Promise<void>;
}

export type HidOpener = (match: HidMatch) => Promise<HidPort>;

export type HidAvailability = { ok: true; open: HidOpener } | { ok: false; reason: string };

interface NodeHidDevice {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  usagePage?: number | undefined;
}

interface NodeHidAsync {
  sendFeatureReport(data: number[]): Promise<number>;
  on(event: 'data', listener: (data: Buffer) => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
  close(): Promise<void>;
}

interface NodeHidModule {
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string): Promise<NodeHidAsync> };
}

/** Load node-hid once; never throws. */
export async function loadNodeHid(importer: () => Promise<unknown> = () => import('node-hid')): Promise<HidAvailability> {
  let hid: NodeHidModule;
  try {
    const mod = (await importer()) as { default?: NodeHidModule } & Partial<NodeHidModule>;
    hid = (mod.default ?? mod) as NodeHidModule;
    if (typeof hid.devicesAsync !== 'function') throw new Error('node-hid has no devicesAsync()');
  } catch (err) {
    return { ok: false, reason: `node-hid cannot load (${(err as Error).message.split('\n')[0]}); install libusb-1.0-0` };
  }
  const open: HidOpener = async (match) => {
    const all = await hid.devicesAsync();
    const matching = all.filter(
      (d) =>
        (match.path === undefined || d.path === match.path) &&
        (match.vendorId === undefined || d.vendorId === match.vendorId) &&
        (match.productId === undefined || d.productId === match.productId),
    );
    // A scanner in HID-POS mode may also show a keyboard interface (same vendor and product): take the POS one.
    const found = matching.find((d) => d.usagePage === HID_POS_USAGE_PAGE) ?? matching[0];
    if (!found?.path) throw new Error('device not connected');
    const device = await hid.HIDAsync.open(found.path);
    // Honeywell scanners send HID-POS reports only after feature report 0xFE [0x01].
    if (found.vendorId === HONEYWELL) await device.sendFeatureReport([0xfe, 0x01]).catch(() => 0);
    return {
      onData: (l) => device.on('data', l),
      onError: (l) => device.on('error', l),
      close: () => device.close(),
    };
  };
  return { ok: true, open };
}
