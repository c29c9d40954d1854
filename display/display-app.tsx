/**
 * The display page: the hall's wall screen, or — when its device is bound to
 * a window — that window's screen. Calls arrive by push; each new call
 * flashes and, on the hall screen, is spoken twice.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { HallView } from '../state-machines/client/hall-sync.ts';
import type { HallLink } from '../state-machines/client/web/hall-link.ts';
import { ConnectingScreen, LinkBanner, ProblemScreen } from '../state-machines/client/web/status-screens.tsx';
import { useHall } from '../state-machines/client/web/use-hall.ts';
import { Announcer, callAnnouncement } from './announcer.ts';
import { HallScreen } from './hall-screen.tsx';
import { NewCalls } from './new-calls.ts';
import { WindowScreen } from './window-screen.tsx';

/** Hall practice (hall-practice.md §3): every call is played twice. */
const TIMES_SPOKEN = 2;

export function DisplayApp({ link }: { link: HallLink }) {
  const { view, link: linkState } = useHall(link);
  const [voiceWorks, setVoiceWorks] = useState(true);
  const announcer = useMemo(() => new Announcer(undefined, { onVoice: setVoiceWorks }), []);
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
    for (const call of fresh) announcer.announce(callAnnouncement(call.number, call.window), TIMES_SPOKEN);
  }, [view]);

  useEffect(() => {
    document.documentElement.lang = 'zh-CN';
  }, []);

  if (linkState.kind === 'refused') return <ProblemScreen code={linkState.code} lang="zh" />;
  if (!view) return <ConnectingScreen link={linkState} lang="zh" />;

  const ownWindow = boundWindow(view);
  return (
    <>
      <LinkBanner link={linkState} lang="zh" />
      {ownWindow === undefined ? (
        <HallScreen view={view} flashSeq={flashSeq} voiceOn={announcer.available && voiceWorks} />
      ) : (
        <WindowScreen view={view} windowNumber={ownWindow} flashSeq={flashSeq} />
      )}
    </>
  );
}

function boundWindow(view: HallView): number | undefined {
  return view.identity.role === 'display' ? view.identity.window : undefined;
}
