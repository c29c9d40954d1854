/**
 * PCM WAV, just enough to string clips together: read the format and the
 * samples of a RIFF/WAVE file, trim the silence an engine leaves around a
 * word, and write one file from many clips with silences between them.
 *
 * espeak-ng writing to stdout cannot seek back to fill in the sizes, so its
 * headers say 0x7ffff000 bytes: a data chunk that claims more than the file
 * holds is read to the end of the file.
 */

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  /** Only 16-bit signed little-endian PCM is handled (what espeak-ng writes). */
  bitsPerSample: 16;
}

export interface Pcm {
  format: PcmFormat;
  /** Interleaved 16-bit samples, little-endian, as in the file. */
  data: Buffer;
}

const HEADER_BYTES = 44;

export function parseWav(file: Buffer): Pcm {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let format: PcmFormat | undefined;
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const declared = file.readUInt32LE(offset + 4);
    const start = offset + 8;
    const size = Math.min(declared, file.length - start);
    if (id === 'fmt ') {
      if (size < 16) throw new Error('fmt chunk too short');
      const audioFormat = file.readUInt16LE(start);
      const channels = file.readUInt16LE(start + 2);
      const sampleRate = file.readUInt32LE(start + 4);
      const bits = file.readUInt16LE(start + 14);
      if (audioFormat !== 1 || bits !== 16) throw new Error(`only 16-bit PCM is supported (format ${audioFormat}, ${bits} bits)`);
      format = { sampleRate, channels, bitsPerSample: 16 };
    } else if (id === 'data') {
      if (!format) throw new Error('data chunk before fmt chunk');
      const frame = format.channels * 2;
      return { format, data: file.subarray(start, start + size - (size % frame)) };
    }
    offset = start + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** A canonical 44-byte header and the samples. */
export function writeWav(pcm: Pcm): Buffer {
  const { sampleRate, channels } = pcm.format;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.data.length, 40);
  return Buffer.concat([header, pcm.data]);
}

/**
 * Cut the near-silence before and after the sound, keeping `padMs` of it, so
 * clips strung together sound like one sentence rather than separate words.
 */
export function trimSilence(pcm: Pcm, threshold = 300, padMs = 20): Pcm {
  const frame = pcm.format.channels * 2;
  const frames = pcm.data.length / frame;
  const loud = (i: number) => {
    for (let c = 0; c < pcm.format.channels; c++) if (Math.abs(pcm.data.readInt16LE(i * frame + c * 2)) > threshold) return true;
    return false;
  };
  let first = 0;
  while (first < frames && !loud(first)) first++;
  if (first === frames) return { format: pcm.format, data: Buffer.alloc(0) };
  let last = frames - 1;
  while (last > first && !loud(last)) last--;
  const pad = Math.round((pcm.format.sampleRate * padMs) / 1000);
  const from = Math.max(0, first - pad);
  const to = Math.min(frames, last + 1 + pad);
  return { format: pcm.format, data: pcm.data.subarray(from * frame, to * frame) };
}

export function silence(format: PcmFormat, ms: number): Buffer {
  return Buffer.alloc(Math.round((format.sampleRate * ms) / 1000) * format.channels * 2);
}

/** Pieces (clips and silences) in order, as one WAV file. Every clip must share one format. */
export function concatWav(format: PcmFormat, pieces: readonly ({ pcm: Pcm } | { silenceMs: number })[]): Buffer {
  const parts = pieces.map((p) => {
    if ('silenceMs' in p) return silence(format, p.silenceMs);
    const f = p.pcm.format;
    if (f.sampleRate !== format.sampleRate || f.channels !== format.channels) {
      throw new Error(`clip format ${f.sampleRate} Hz × ${f.channels} differs from ${format.sampleRate} Hz × ${format.channels}`);
    }
    return p.pcm.data;
  });
  return writeWav({ format, data: Buffer.concat(parts) });
}
