/**
 * Calling keypads and rating pads are usually HID keyboards (boot protocol):
 * an 8-byte report [modifiers, reserved, key1 … key6] of keyboard usages.
 * A key counts once, when it first appears in a report (not while held).
 */
export class KeyboardReportDecoder {
  private held = new Set<number>();

  /** The usages newly pressed in this report. `reportId`: the device prefixes reports with an ID byte. */
  push(report: Uint8Array, reportId = false): number[] {
    const body = reportId ? report.subarray(1) : report;
    if (body.length < 3) return [];
    const now = new Set<number>();
    for (const k of body.subarray(2, 8)) if (k > 3) now.add(k); // 0 none, 1–3 error codes
    const pressed = [...now].filter((k) => !this.held.has(k));
    this.held = now;
    return pressed;
  }
}

/** A key press and release as a keypad sends them (fixtures and the fake transport). */
export function keyPressReports(usage: number): Buffer[] {
  return [Buffer.from([0, 0, usage, 0, 0, 0, 0, 0]), Buffer.alloc(8)];
}
