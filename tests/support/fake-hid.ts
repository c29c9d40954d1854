/**
 * A fake HID transport at the hardware edge: stands in for node-hid and
 * delivers input reports exactly as node-hid would (report ID first).
 */
import type { HidAvailability, HidMatch, HidPort } from '../../devices/hid/hid-port.ts';

export class FakeHidDevice implements HidPort {
  private data: ((r: Buffer) => void)[] = [];
  private errors: ((e: Error) => void)[] = [];
  closed = false;
  constructor(readonly match: HidMatch) {}
  onData(l: (r: Buffer) => void) {
    this.data.push(l);
  }
  onError(l: (e: Error) => void) {
    this.errors.push(l);
  }
  async close() {
    this.closed = true;
  }
  /** The device sends these reports, in order. */
  send(reports: readonly Buffer[]) {
    for (const r of reports) for (const l of this.data) l(r);
  }
  unplug() {
    for (const l of this.errors) l(new Error('device unplugged'));
  }
}

export class FakeHid {
  readonly opened: FakeHidDevice[] = [];

  /** A loader for the server's `loadHid` option. */
  loader = async (): Promise<HidAvailability> => ({
    ok: true,
    open: async (match) => {
      const d = new FakeHidDevice(match);
      this.opened.push(d);
      return d;
    },
  });

  device(vendorId: number, productId: number): FakeHidDevice {
    const d = this.opened.find((x) => x.match.vendorId === vendorId && x.match.productId === productId);
    if (!d) throw new Error(`no fake HID device ${vendorId.toString(16)}:${productId.toString(16)} opened`);
    return d;
  }
}

export const NO_HID = async (): Promise<HidAvailability> => ({
  ok: false,
  reason: 'node-hid cannot load (libusb-1.0.so.0: cannot open shared object file); install libusb-1.0-0',
});
