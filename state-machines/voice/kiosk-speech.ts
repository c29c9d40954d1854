/**
 * What the kiosk says aloud (长辈模式 and the 语音播报 button): each screen read
 * as the hall's own words, built — like a call — from a closed vocabulary:
 *
 * - the fixed kiosk phrases below (the screens' words);
 * - the hall file's own names: each queue, floor and zone (`hallNameClips`);
 * - the call vocabulary's letters and digits (announcement.ts): a ticket number
 *   sign by sign (A 0 1 2, as halls call), a count as it is said (十二).
 *
 * So the server can make audio for any kiosk sentence from at most a few
 * hundred clips, and no client can make it say anything else (no free text).
 * Pure: shared by the kiosk and the server's voice routes.
 */
import { PAUSE, VOICE_PATHS, windowNumberClips, ticketClips, CLIP_TEXT, VOICE_CLIPS, type Announcement, type ClipOrPause } from './announcement.ts';

/** The kiosk's fixed phrases (ASCII ids name the cached clips). The zh words are the screens' own (kiosk/texts.ts uses these). */
export const KIOSK_PHRASES = {
  'k-home': '取号首页',
  'k-choose': '请选择您要办理的业务',
  'k-green': '绿色通道，优先办理',
  'k-green-who': '请选择您的情况',
  'k-green-choose': '绿色通道：请选择您要办理的业务',
  'k-elderly': '老年人',
  'k-disabled': '残疾人',
  'k-pregnant': '孕妇',
  'k-military': '军人',
  'k-urgent': '急事急办',
  'k-check-in': '预约签到',
  'k-book': '我要预约',
  'k-lookup': '查询排队进度',
  'k-lookup-how': '请输入凭条上的号码：先选字母，再按数字',
  'k-check-in-how': '请输入 8 位预约码，或将预约二维码对准扫码口',
  'k-ticket': '取号成功',
  'k-your-number': '您的号码',
  'k-wait-at': '请到',
  'k-wait-there': '等候',
  'k-ahead': '您前面还有',
  'k-ahead-tile': '前面',
  'k-people': '人',
  'k-wait-about': '预计等待约',
  'k-minutes': '分钟',
  'k-wait-now': '无需等待，即到即叫',
  'k-wait-not-open': '窗口暂未开放，开放后依次叫号',
  'k-wait-unknown': '预计等待：暂无法估计',
  'k-closed-today': '今日已停止取号',
  'k-full-today': '今日号已发完',
  'k-numbers-used-up': '今日号码已发完',
  'k-not-yet': '取号时间未到',
  'k-midday-break': '午间暂停取号',
  'k-closed-day': '今日不对外办公',
  'k-id-read': '已读取身份证，请选择要办理的业务',
  'k-id-elderly': '已读取身份证：您可走绿色通道，优先办理',
  'k-id-green': '绿色通道（老年人）',
  'k-id-invalid': '身份证号码无法识别，请重新放置身份证，或咨询导办台',
  'k-no-ticket': '未能取号',
  // The 7×24 self-service kiosk once the hall is closed (kiosk/self-service-home.tsx).
  'k-self-service': '二十四小时自助服务',
  'k-any-hour': '以下服务随时可用',
  'k-after-opening': '以下业务请在开厅后办理',
  'k-take-number': '取号办理业务',
  'k-pick-up': '领取办件结果',
  'k-case-pickup': '出件取号',
  'k-case-pickup-how': '请输入受理回执上的办件编号',
} as const;
export type KioskPhrase = keyof typeof KIOSK_PHRASES;

/** One piece of a kiosk sentence. */
export type SpeechPart =
  | { phrase: KioskPhrase }
  /** A hall name clip (`q-<queue>`, `f-<floor>`, `z-<zone>`), with its Mandarin words for the browser voice. */
  | { name: string; zh: string }
  /** A queue's letter, said as a letter. */
  | { letter: string }
  /** A ticket number, sign by sign. */
  | { ticket: string }
  /** A count (people ahead, minutes), as it is said: 十二. */
  | { count: number }
  | typeof PAUSE;

/** Most clips one kiosk sentence may have (a home screen of 6 tiles is ~60): the server refuses longer. */
export const MAX_KIOSK_CLIPS = 160;

/** The hall file's names as clips: what a queue, floor or zone is called, in Mandarin. */
export function hallNameClips(config: {
  queues: readonly { id: string; name: { zh: string } }[];
  floors: readonly { id: string; name: { zh: string }; zones: readonly { id: string; name: { zh: string } }[] }[];
}): Record<string, string> {
  const names: Record<string, string> = {};
  for (const q of config.queues) names[`q-${q.id}`] = q.name.zh;
  for (const f of config.floors) {
    names[`f-${f.id}`] = f.name.zh;
    for (const z of f.zones) names[`z-${z.id}`] = z.name.zh;
  }
  return names;
}

/** Every clip the server can say for this hall: calls, the kiosk's phrases and the hall's names (id → words). */
export function hallVocabulary(config: Parameters<typeof hallNameClips>[0]): Map<string, string> {
  return new Map<string, string>([
    ...VOICE_CLIPS.map((c) => [c, CLIP_TEXT[c]] as [string, string]),
    ...(Object.entries(KIOSK_PHRASES) as [string, string][]),
    ...Object.entries(hallNameClips(config)),
  ]);
}

/** A count as said: 0 零, 12 十二, 105 一百零五; past 999 digit by digit. */
function countClips(n: number): ClipOrPause[] {
  if (n === 0) return ['d0'];
  if (Number.isInteger(n) && n > 0 && n <= 999) return windowNumberClips(n);
  return ticketClips(String(Math.max(0, Math.round(n))));
}

/** A kiosk sentence: the text for a browser voice, the clips for the server's audio, and where that audio is. */
export function kioskAnnouncement(parts: readonly SpeechPart[]): Announcement {
  const clips: (ClipOrPause | string)[] = [];
  let text = '';
  for (const part of parts) {
    if (part === PAUSE) {
      clips.push(PAUSE);
      text += '，';
    } else if ('phrase' in part) {
      clips.push(part.phrase);
      text += KIOSK_PHRASES[part.phrase];
    } else if ('name' in part) {
      clips.push(part.name);
      text += part.zh;
    } else if ('letter' in part) {
      clips.push(...ticketClips(part.letter));
      text += ` ${part.letter} `;
    } else if ('ticket' in part) {
      clips.push(...ticketClips(part.ticket), 'hao');
      text += ` ${[...part.ticket].join(' ')} 号`;
    } else {
      clips.push(...countClips(part.count));
      text += ` ${part.count} `;
    }
  }
  const say = clips.join('.');
  // "A 综合受理，前面 0 人" — no space against a comma, none at either end, no comma last.
  const spoken = text
    .replace(/\s+/g, ' ')
    .replace(/\s*，\s*/g, '，')
    .trim()
    .replace(/，$/, '');
  return { text: spoken, clips: clips as ClipOrPause[], audioPath: `${VOICE_PATHS.kiosk}?say=${encodeURIComponent(say)}` };
}

/**
 * A kiosk sentence asked of the server (`say`: clip ids joined by "."): only
 * clips of this hall's vocabulary, at most MAX_KIOSK_CLIPS. Refused otherwise,
 * before any audio is made.
 */
export function checkKioskSay(vocabulary: ReadonlyMap<string, string>, say: string): { ok: true; clips: string[] } | { ok: false; reasonEn: string } {
  const clips = say.split('.');
  if (say === '' || clips.length > MAX_KIOSK_CLIPS) return { ok: false, reasonEn: `a kiosk sentence has 1–${MAX_KIOSK_CLIPS} clips` };
  const unknown = clips.find((c) => c !== PAUSE && !vocabulary.has(c));
  if (unknown !== undefined) return { ok: false, reasonEn: `not a clip of this hall: ${unknown.slice(0, 24)}` };
  if (clips.every((c) => c === PAUSE)) return { ok: false, reasonEn: 'a kiosk sentence needs at least one clip' };
  return { ok: true, clips };
}
