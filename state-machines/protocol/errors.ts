/**
 * Typed errors: every refusal names one of these codes, so clients can react
 * (show the visitor a sentence, re-login, resync) without parsing text.
 */
export const ERROR_CODES = [
  /** The payload does not match the schema; `field` names the first bad one. */
  'BAD_REQUEST',
  /** No or unknown token / session. */
  'UNAUTHORIZED',
  /** Authenticated, but not allowed to do this (another window, another role). */
  'FORBIDDEN',
  /** Unknown queue, item, window or ticket. */
  'NOT_FOUND',
  /** The machines do not allow it now (complete a ticket never called, open an open window). */
  'ILLEGAL_TRANSITION',
  /** "Call next" with nobody waiting for this window's queues. */
  'QUEUE_EMPTY',
  'WINDOW_NOT_OPEN',
  /** The window is paused (暂停服务): resume it first. */
  'WINDOW_PAUSED',
  /** 停止取号: past the queue's cut-off time. */
  'TICKETING_CLOSED',
  /** 今日号已发完: the queue's daily cap is reached. */
  'DAILY_CAP_REACHED',
  /** 今日号码已发完: the queue's numbers are used up (A999 with three digits, A9999 with four). */
  'NUMBERS_EXHAUSTED',
  /** A counted rule is used up: 重呼 limit, 过号重排 once, 过号无效. */
  'LIMIT_REACHED',
  /** Allowed later, not yet: 过号 before the grace has passed (`retryAfterSeconds`). */
  'TOO_EARLY',
  /** The window still has a visitor at the counter. */
  'WINDOW_BUSY',
  /** The log cannot be written (disk full, read-only): nothing was accepted. */
  'STORAGE_UNAVAILABLE',
  'PROTOCOL_MISMATCH',
  /** The hall server has no speech engine (espeak-ng): displays cannot fetch call audio. */
  'VOICE_UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  /** Sentence for the person in front of the screen, zh-CN. */
  message: string;
  /** The same in English. */
  messageEn: string;
  /** For BAD_REQUEST: dotted path of the first bad field. */
  field?: string;
  /** For TOO_EARLY: seconds until the action is allowed. */
  retryAfterSeconds?: number;
}

export function protocolError(code: ErrorCode, message: string, messageEn: string, field?: string): ProtocolError {
  return field === undefined ? { code, message, messageEn } : { code, message, messageEn, field };
}
