/** Preact glue: the hall view and link state of a HallLink as component state. */
import { useEffect, useState } from 'preact/hooks';
import type { HallView } from '../../client/hall-sync.ts';
import type { HallLink, LinkState } from './hall-link.ts';

interface HallFeed {
  view: HallView | undefined;
  link: LinkState;
}

export function useHall(link: HallLink): HallFeed {
  const [view, setView] = useState<HallView | undefined>(link.sync.current);
  const [state, setState] = useState<LinkState>(link.state);

  useEffect(() => {
    setState(link.state);
    const offState = link.onState(setState);
    const offView = link.onView(setView);
    return () => {
      offState();
      offView();
    };
  }, [link]);

  return { view, link: state };
}
