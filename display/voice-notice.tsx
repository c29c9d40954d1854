/**
 * For the staff, not the visitors: a wall display that cannot speak says so
 * on the screen (small, in the footer, but in a colour nobody walks past), and
 * a tap on it looks for a voice again and says the test sentence — the tap
 * also lets a browser that blocks autoplay play sound.
 */
import type { VoiceState } from '../state-machines/client/web/voice/use-voice.ts';
import { T } from './texts.ts';

export function VoiceNotice({ voice, onTest }: { voice: VoiceState; onTest: () => void }) {
  if (voice.mode !== 'off') return null;
  const why = { 'no-voice': T.voiceNoVoice, 'autoplay-blocked': T.voiceAutoplayBlocked, 'playback-failed': T.voicePlaybackFailed }[voice.problem];
  return (
    <button type="button" class="voice-notice" data-testid="voice-warning" data-problem={voice.problem} onClick={onTest}>
      <strong class="voice-notice__title">{T.voiceOff.zh}</strong>
      <span class="voice-notice__why">
        {why.zh} · {T.voiceTapToTest.zh}
      </span>
    </button>
  );
}
