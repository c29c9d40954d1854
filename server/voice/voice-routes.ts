/**
 * HTTP for the server voice:
 *
 *   GET /voice/status                               → { status, engine, voice, … }
 *   GET /voice/call.wav?number=A012&window=5[&recall=1]  → audio/wav
 *   GET /voice/test.wav                             → audio/wav (语音播报测试，一二三)
 *   GET /voice/kiosk.wav?say=k-ticket.k-your-number.A.d0.d1.d2.hao  → audio/wav (a kiosk screen read aloud)
 *
 * Public like the hall's loudspeakers (a call is said aloud anyway), so the
 * bounds are in what can be asked, not who asks: only a number one of the
 * hall's queues could issue and a window that exists (checkCall), a kiosk
 * sentence only of this hall's clips (checkKioskSay: never free text), audio
 * made only from the fixed clips, and a rate per address.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { protocolError } from '../../state-machines/protocol/errors.ts';
import { checkCall, testAnnouncement, VOICE_PATHS } from '../../state-machines/voice/announcement.ts';
import { checkKioskSay } from '../../state-machines/voice/kiosk-speech.ts';
import type { HallConfig } from '../../state-machines/config/hall-config.ts';
import { TokenBuckets } from '../sockets/rate-limit.ts';
import { VoiceUnavailableError, type HallVoice } from './hall-voice.ts';

/** A wall display asks once per call (repeats replay the same audio); a busy hall calls a few times a minute. */
const REQUESTS_PER_MINUTE = 60;
const BURST = 20;
/** Addresses remembered at once: past this, those that have been quiet long enough are forgotten. */
const MAX_TRACKED_ADDRESSES = 1_000;

const callQuery = z.object({
  number: z.string().max(8),
  window: z.coerce.number().int().min(1).max(999),
  recall: z.enum(['0', '1']).optional(),
});
/** Clip ids ([A-Za-z0-9_-], ≤ 42 characters each) joined by "."; the length bounds the parse before the vocabulary check. */
const kioskQuery = z.object({ say: z.string().min(1).max(4_000) });

export function voiceRoutes(voice: HallVoice, config: HallConfig, now: () => number = Date.now): Router {
  const router = Router();
  const buckets = new TokenBuckets(REQUESTS_PER_MINUTE, BURST);

  const limited = (req: Request, res: Response): boolean => {
    const key = req.socket.remoteAddress ?? 'unknown';
    const wait = buckets.waitFor(key, now());
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      res.status(429).json({ error: protocolError('RATE_LIMITED', `请求过于频繁，请 ${wait} 秒后再试`, `Too many requests; retry in ${wait} s`) });
      return true;
    }
    buckets.take(key, now());
    buckets.prune(now(), MAX_TRACKED_ADDRESSES);
    return false;
  };

  router.get(VOICE_PATHS.status, (_req, res) => {
    res.json(voice.status());
  });

  router.get(VOICE_PATHS.call, (req, res) => {
    if (limited(req, res)) return;
    const query = callQuery.safeParse(req.query);
    if (!query.success) {
      const field = query.error.issues[0]?.path.join('.') || undefined;
      res
        .status(400)
        .json({ error: protocolError('BAD_REQUEST', '请求格式不正确', `Malformed voice request: ${query.error.issues[0]?.message ?? ''}`, field) });
      return;
    }
    const check = checkCall(config, query.data.number, query.data.window, query.data.recall === '1');
    if (!check.ok) {
      res.status(400).json({ error: protocolError('BAD_REQUEST', check.reason, check.reasonEn, check.field) });
      return;
    }
    void send(voice, check.announcement.clips, res);
  });

  router.get(VOICE_PATHS.kiosk, (req, res) => {
    if (limited(req, res)) return;
    const query = kioskQuery.safeParse(req.query);
    const check = query.success ? checkKioskSay(voice.vocabulary, query.data.say) : { ok: false as const, reasonEn: 'say: 1–4000 characters' };
    if (!check.ok) {
      res.status(400).json({ error: protocolError('BAD_REQUEST', '请求格式不正确', `Malformed kiosk voice request: ${check.reasonEn}`, 'say') });
      return;
    }
    void send(voice, check.clips, res);
  });

  router.get(VOICE_PATHS.test, (req, res) => {
    if (limited(req, res)) return;
    void send(voice, testAnnouncement().clips, res);
  });

  return router;
}

async function send(voice: HallVoice, clips: readonly string[], res: Response): Promise<void> {
  try {
    const wav = await voice.render(clips);
    res.setHeader('Content-Type', 'audio/wav');
    // The same call sounds the same until the engine changes: let the browser keep it a while.
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('X-Voice-Clips', clipHeader(clips));
    res.send(wav);
  } catch (err) {
    if (err instanceof VoiceUnavailableError) {
      res.status(503).json({ error: protocolError('VOICE_UNAVAILABLE', '服务器语音不可用', `Server voice unavailable: ${err.message}`) });
      return;
    }
    voice.log?.error({ err, clips: clipHeader(clips) }, 'could not make the announcement audio');
    res.status(500).json({ error: protocolError('INTERNAL', '系统内部错误，请联系工作人员', 'Internal error') });
  }
}

/** "qing A d0 d1 d2 hao , dao d5 window-go": which clips the audio holds, for the IT person and the tests. */
export function clipHeader(clips: readonly string[]): string {
  return clips.join(' ');
}
