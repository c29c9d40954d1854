/**
 * Keyboard-wedge scanners (and ID readers in keyboard mode) type what they
 * read, very fast, then Enter. A person never types that fast, so a burst of
 * printable keys no more than `maxGapMs` apart, at least `minLength` long and
 * ended by Enter, is a scan. Pure: key events with their timestamps in, scans out.
 */
interface WedgeOptions {
  maxGapMs: number;
  minLength: number;
  maxLength: number;
}

const WEDGE_DEFAULTS: WedgeOptions = { maxGapMs: 50, minLength: 6, maxLength: 512 };

export class WedgeDecoder {
  private buffer = '';
  private last = -Infinity;

  constructor(private readonly options: WedgeOptions = WEDGE_DEFAULTS) {}

  /** Characters held in the current burst. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Feed one keydown (`key` as in KeyboardEvent.key); returns the scan when Enter closes a burst. */
  key(key: string, at: number): string | undefined {
    const gap = at - this.last;
    this.last = at;
    if (gap > this.options.maxGapMs) this.buffer = '';
    if (key === 'Enter' || key === 'Tab') {
      const scan = this.buffer;
      this.buffer = '';
      return scan.length >= this.options.minLength ? scan : undefined;
    }
    if (key.length !== 1) return undefined;
    if (this.buffer.length < this.options.maxLength) this.buffer += key;
    return undefined;
  }
}
