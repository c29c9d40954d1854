/**
 * The display page: the hall's wall screen, or — when its device is bound to
 * a window — that window's screen. Calls arrive by push; each new call
 * flashes and, on the hall screen, is spoken twice (by the browser's Mandarin
 * voice or, without one, by the server's audio: state-machines/client/web/voice).
 * A display bound to a window with the rating layout is that window's rating
 * tablet (评价器, rating-tablet.tsx) instead.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import type { HallLink } from '../state-machines/client/web/hall-link.ts';
import { ConnectingScreen, LinkBanner, ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import type { DisplayVoiceReport } from '../state-machines/devices/device-messages.ts';
import { useVoice } from '../state-machines/client/web/voice/use-voice.ts';
import { callAnnouncement } from '../state-machines/voice/announcement.ts';
import { HallScreen } from './hall-screen.tsx';
import { NewCalls } from './new-calls.ts';
import { VoiceNotice } from './voice-notice.tsx';
import { RatingTablet, type RateService } from './rating-tablet.tsx';
import { WindowScreen } from './window-screen.tsx';

/** Hall practice (hall-practice.md §3): every call is played twice. */
const TIMES_SPOKEN = 2;

/** `#voice-test` in the address: say the test sentence (the IT person checking a display's voice). */
const VOICE_TEST_HASH = '#voice-test';

export function DisplayApp({ link, reportVoice, rate }: { link: HallLink; reportVoice: (report: DisplayVoiceReport) => void; rate: RateService }) {
  const { view, link: linkState } = useHall(link);
  const voice = useVoice({ enabled: view !== undefined && boundWindow(view) === undefined, online: linkState.kind === 'online', report: reportVoice });
  const newCalls = useRef(new NewCalls());
  const [flashSeq, setFlashSeq] = useState<number>();

  useEffect(() => {
    if (!view) return;
    const ownWindow = boundWindow(view);
    const floor = view.identity.role === 'display' ? view.identity.floor : undefined;
    const onFloor = (n: number) => floor === undefined || view.config.windows.some((w) => w.number === n && w.floor === floor);
    // A floor display speaks the calls to its own floor's windows only: a visitor upstairs is not sent downstairs twice.
    const fresh = newCalls.current.take(view).filter((c) => (ownWindow === undefined || c.window === ownWindow) && onFloor(c.window));
    const newest = fresh[fresh.length - 1];
    if (newest) setFlashSeq(newest.seq);
    // Window screens stay silent: the hall screens already speak every call,
    // and the same sentence from two speakers a moment apart is noise.
    if (ownWindow !== undefined) return;
    for (const call of fresh) voice.announce(callAnnouncement(call.number, call.window, call.recall === true), TIMES_SPOKEN);
  }, [view]);

  // Once the display knows how it speaks.
  useEffect(() => {
    const run = () => {
      if (location.hash !== VOICE_TEST_HASH || voice.state.mode === 'checking') return;
      history.replaceState(history.state, '', location.pathname + location.search);
      voice.test();
    };
    run();
    addEventListener('hashchange', run);
    return () => removeEventListener('hashchange', run);
  }, [voice.state.mode]);

  useEffect(() => {
    document.documentElement.lang = 'zh-CN';
  }, []);

  if (linkState.kind === 'refused') return <ProblemScreen code={linkState.code} lang="zh" />;
  if (!view) return <ConnectingScreen link={linkState} lang="zh" />;

  const ownWindow = boundWindow(view);
  // 评价器: a display bound to a window with the rating layout faces the visitor and asks for the rating.
  if (ownWindow !== undefined && view.identity.role === 'display' && view.identity.rating) {
    return (
      <>
        <LinkBanner link={linkState} lang="zh" />
        <RatingTablet view={view} windowNumber={ownWindow} rate={rate} />
      </>
    );
  }
  return (
    <>
      <LinkBanner link={linkState} lang="zh" />
      {ownWindow === undefined ? (
        <HallScreen view={view} flashSeq={flashSeq} voiceNotice={<VoiceNotice voice={voice.state} onTest={voice.test} />} />
      ) : (
        <WindowScreen view={view} windowNumber={ownWindow} flashSeq={flashSeq} />
      )}
    </>
  );
}

function boundWindow(view: HallView): number | undefined {
  return view.identity.role === 'display' ? view.identity.window : undefined;
}
