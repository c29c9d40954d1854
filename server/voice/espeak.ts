/**
 * The local speech engine: espeak-ng from Debian (`apt-get install espeak-ng`),
 * run as a child process with the text as an argument (never through a shell),
 * one clip at a time, with a timeout. No network, no cloud.
 *
 * Voice: on Debian 12 (espeak-ng 1.51) the plain `cmn` voice turns 请 into the
 * pinyin "qing3" and then reads that as English ("king three");
 * `cmn-latn-pinyin` reads the pinyin as Mandarin. We take it when the engine
 * has it, `cmn` otherwise.
 */
import { execFile } from 'node:child_process';

export interface VoiceEngine {
  /** "espeak-ng 1.51", for /healthz. */
  name: string;
  voice: string;
  /** Names the clips this engine makes (version, voice, speed): a new engine makes new clips. */
  fingerprint: string;
  /** One WAV file saying `text`. */
  synthesize(text: string): Promise<Buffer>;
}

export type EngineProbe = { ok: true; engine: VoiceEngine } | { ok: false; reason: string };

/** Words per minute: a little slower than espeak's 175, halls echo. */
const SPEED = 150;
const TIMEOUT_MS = 10_000;
const MAX_CLIP_BYTES = 4 * 1024 * 1024;

function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((ok, fail) => {
    execFile(command, args, { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: MAX_CLIP_BYTES, windowsHide: true }, (err, stdout) => {
      if (err) fail(err);
      else ok(stdout);
    });
  });
}

export async function probeEspeak(command = 'espeak-ng'): Promise<EngineProbe> {
  let version: string;
  try {
    version = (await run(command, ['--version'])).toString('utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === 'ENOENT' ? `${command} is not installed (apt-get install espeak-ng)` : `${command} --version failed: ${(err as Error).message}`,
    };
  }
  const number = /(\d+\.\d+(?:\.\d+)?)/.exec(version)?.[1] ?? 'unknown';
  let voices: string;
  try {
    voices = (await run(command, ['--voices=cmn'])).toString('utf8');
  } catch (err) {
    return { ok: false, reason: `${command} --voices failed: ${(err as Error).message}` };
  }
  const names = voices.split('\n').map((line) => line.trim().split(/\s+/)[1] ?? '');
  const voice = names.includes('cmn-latn-pinyin') ? 'cmn-latn-pinyin' : names.includes('cmn') ? 'cmn' : undefined;
  if (!voice) return { ok: false, reason: `${command} ${number} has no Mandarin (cmn) voice` };
  return {
    ok: true,
    engine: {
      name: `espeak-ng ${number}`,
      voice,
      fingerprint: `espeak-ng-${number}-${voice}-s${SPEED}`,
      synthesize: (text) => run(command, ['-v', voice, '-s', String(SPEED), '--stdout', '--', text]),
    },
  };
}
