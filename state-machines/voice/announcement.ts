/**
 * What a hall says aloud (语音叫号), built from a fixed set of clips the way
 * hall calling systems do: a short recording per digit, letter and phrase
 * (请 / 号 / 到 / 号窗口办理 / 再次呼叫 …), strung together per call.
 *
 * The same announcement has a text form for a browser that can speak
 * Mandarin (Web Speech) and a clip list for one that cannot (the hall server
 * makes the clips once with a local engine and concatenates them). Only
 * calls the server can build from a real ticket number and an existing
 * window are ever spoken: there is no free text to synthesise.
 *
 * Pure: no I/O. Shared by the display, the kiosk (kiosk-speech.ts) and the server.
 */
import { numberDigitsOf } from '../domain/ticket.ts';

const DIGIT_CLIPS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9'] as const;
const LETTER_CLIPS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
  'V',
  'W',
  'X',
  'Y',
  'Z',
] as const;
const PHRASE_CLIPS = ['qing', 'hao', 'dao', 'window-go', 'again', 'test', 'shi', 'bai'] as const;

/** Every clip the hall can say. The ids are ASCII: they name the cached files and travel in a response header. */
export const VOICE_CLIPS = [...PHRASE_CLIPS, ...DIGIT_CLIPS, ...LETTER_CLIPS] as const;
export type VoiceClip = (typeof VOICE_CLIPS)[number];

/** A short silence, where a speaker would take a breath (the comma of the text). */
export const PAUSE = ',';
export type ClipOrPause = VoiceClip | typeof PAUSE;

/** What the engine is asked to say for each clip (Mandarin; letters are read as letters, like hall recordings). */
export const CLIP_TEXT: Record<VoiceClip, string> = {
  qing: '请',
  hao: '号',
  dao: '到',
  'window-go': '号窗口办理',
  again: '再次呼叫',
  test: '语音播报测试',
  shi: '十',
  bai: '百',
  d0: '零',
  d1: '一',
  d2: '二',
  d3: '三',
  d4: '四',
  d5: '五',
  d6: '六',
  d7: '七',
  d8: '八',
  d9: '九',
  ...(Object.fromEntries(LETTER_CLIPS.map((l) => [l, l])) as Record<(typeof LETTER_CLIPS)[number], string>),
};

export interface Announcement {
  /** For a browser voice: "请 A 0 1 2 号，到 5 号窗口办理" — the ticket spelled sign by sign, not "A twelve". */
  text: string;
  /** For server audio: the clips in order, with pauses (a kiosk sentence adds its phrases and the hall's names: kiosk-speech.ts). */
  clips: readonly (ClipOrPause | string)[];
  /** Where the hall server serves this announcement's audio. */
  audioPath: string;
}

/** The hall server's voice routes (server/voice/voice-routes.ts). */
export const VOICE_PATHS = { status: '/voice/status', call: '/voice/call.wav', test: '/voice/test.wav', kiosk: '/voice/kiosk.wav' } as const;

/** A call (or 重呼, which starts with 再次呼叫) to a window. */
export function callAnnouncement(ticketNumber: string, window: number, recall = false): Announcement {
  const clips: ClipOrPause[] = [
    ...(recall ? (['again', PAUSE] as const) : []),
    'qing',
    ...ticketClips(ticketNumber),
    'hao',
    PAUSE,
    'dao',
    ...windowNumberClips(window),
    'window-go',
  ];
  const text = `${recall ? '再次呼叫，' : ''}请 ${[...ticketNumber].join(' ')} 号，到 ${window} 号窗口办理`;
  const query = `number=${encodeURIComponent(ticketNumber)}&window=${window}${recall ? '&recall=1' : ''}`;
  return { text, clips, audioPath: `${VOICE_PATHS.call}?${query}` };
}

/** What the IT person hears when checking a display's voice: a sentence no visitor mistakes for a call. */
export function testAnnouncement(): Announcement {
  return { text: '语音播报测试，1 2 3', clips: ['test', PAUSE, 'd1', 'd2', 'd3'], audioPath: VOICE_PATHS.test };
}

/** A ticket number read sign by sign: "A1000" → A 一 零 零 零. */
export function ticketClips(ticketNumber: string): VoiceClip[] {
  return [...ticketNumber].map((sign) => {
    if (/^[0-9]$/.test(sign)) return DIGIT_CLIPS[Number(sign)] as VoiceClip;
    if (/^[A-Z]$/.test(sign)) return sign as VoiceClip;
    throw new Error(`not a ticket sign: ${sign}`);
  });
}

/** A window number as it is said: 5 五, 12 十二, 20 二十, 105 一百零五, 110 一百一十. */
export function windowNumberClips(n: number): VoiceClip[] {
  if (!Number.isInteger(n) || n < 1 || n > 999) throw new Error(`window number out of range: ${n}`);
  const digit = (d: number) => DIGIT_CLIPS[d] as VoiceClip;
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor((n % 100) / 10);
  const units = n % 10;
  const out: VoiceClip[] = [];
  if (hundreds > 0) out.push(digit(hundreds), 'bai');
  if (tens > 0) {
    // 十二, not 一十二, when the number starts with its tens; 一百一十 inside a hundred.
    if (hundreds > 0 || tens > 1) out.push(digit(tens));
    out.push('shi');
  } else if (hundreds > 0 && units > 0) {
    out.push('d0');
  }
  if (units > 0 || n < 10) out.push(digit(units));
  return out;
}

/** The parts of a hall the server checks a call against. */
interface VoiceHall {
  queues: readonly { prefix: string; numberDigits?: 3 | 4 | undefined }[];
  windows: readonly { number: number }[];
}

type CallCheck = { ok: true; announcement: Announcement } | { ok: false; field: 'number' | 'window'; reason: string; reasonEn: string };

/**
 * A call the hall could really make: the number has a queue's prefix and that
 * queue's digits (A013, or A0013 for a 4-digit queue), not 000, and the
 * window exists. Anything else is refused before any audio is made.
 */
export function checkCall(hall: VoiceHall, number: string, window: number, recall = false): CallCheck {
  const m = /^([A-Z])(\d{3,4})$/.exec(number);
  const queue = m ? hall.queues.find((q) => q.prefix === m[1]) : undefined;
  if (!m || !queue || m[2]?.length !== numberDigitsOf(queue) || Number(m[2]) === 0) {
    return { ok: false, field: 'number', reason: '没有这个号码', reasonEn: `No such ticket number: ${number.slice(0, 12)}` };
  }
  if (!hall.windows.some((w) => w.number === window)) {
    return { ok: false, field: 'window', reason: '没有这个窗口', reasonEn: `No window ${window}` };
  }
  return { ok: true, announcement: callAnnouncement(number, window, recall) };
}
