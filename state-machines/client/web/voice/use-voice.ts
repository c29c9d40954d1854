/**
 * Preact glue for a screen that speaks: finds its speaker (chooseSpeaker),
 * says announcements one at a time, tells the server how it speaks, and
 * looks again when the link comes back (the server may have been given its
 * engine meanwhile) or when staff ask for a test (a tap also lets a browser
 * that blocks autoplay play sound).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DisplayVoiceReport } from '../../../devices/device-messages.ts';
import { testAnnouncement, type Announcement } from '../../../voice/announcement.ts';
import { Announcer, type Speaker } from './announcer.ts';
import { chooseSpeaker, type OnTrouble, type SpeechStyle } from './speakers.ts';

export type VoiceState = { mode: 'checking' } | DisplayVoiceReport;

interface VoiceFeed {
  state: VoiceState;
  announce(announcement: Announcement, times: number): void;
  /** Say this now, instead of whatever is queued or being said (a kiosk screen). */
  say(announcement: Announcement): void;
  /** Look for a speaker again and say the test sentence once (a staff member's tap, or `#voice-test`). */
  test(): void;
}

interface Options {
  /** Window screens stay silent: nothing is checked or reported. */
  enabled: boolean;
  /** The link is up: a display that could not speak looks again when it comes back. */
  online: boolean;
  report: (report: DisplayVoiceReport) => void;
  /** Rate and volume (the kiosk's from the hall file); the wall's by default. */
  style?: SpeechStyle | undefined;
}

export function useVoice({ enabled, online, report, style }: Options): VoiceFeed {
  const [state, setState] = useState<VoiceState>({ mode: 'checking' });
  const speaker = useRef<Speaker | undefined>(undefined);
  const announcer = useMemo(() => new Announcer(() => speaker.current), []);
  const checks = useRef(0);

  const settle = (next: DisplayVoiceReport, chosen: Speaker | undefined) => {
    speaker.current = chosen;
    setState(next);
    report(next);
  };
  const onTrouble: OnTrouble = (problem) => settle({ mode: 'off', problem }, undefined);
  const check = (then?: () => void) => {
    const mine = ++checks.current;
    void chooseSpeaker(onTrouble, style).then((choice) => {
      // A later check (the link came back, a tap) wins over one still under way.
      if (mine !== checks.current) return;
      settle(choice.report, choice.speaker);
      then?.();
      // Blocked for now: look again once the audio starts (unless another check came first).
      void choice.unblocked?.then(() => {
        if (mine === checks.current) check();
      });
    });
  };

  useEffect(() => {
    if (enabled && online && (state.mode === 'checking' || state.mode === 'off')) check();
  }, [enabled, online]);

  return {
    state,
    announce: (announcement, times) => announcer.announce(announcement, times),
    say: (announcement) => announcer.replace(announcement),
    test: () => {
      if (enabled) check(() => announcer.announce(testAnnouncement(), 1));
    },
  };
}
