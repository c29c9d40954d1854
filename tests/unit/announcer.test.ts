/**
 * The one player of the wall and the kiosk: announce() queues, replace() (a
 * kiosk screen the visitor left) stops what is being said and drops the queue.
 */
import { describe, expect, it } from 'vitest';
import { Announcer, type Speaker } from '../../state-machines/client/web/voice/announcer.ts';
import type { Announcement } from '../../state-machines/voice/announcement.ts';

const say = (text: string): Announcement => ({ text, clips: [], audioPath: '' });

/** A speaker whose utterances last until stopped or `finish()`ed, logging what happens. */
function fakeSpeaker() {
  const log: string[] = [];
  const playing: { text: string; end: () => void }[] = [];
  const speaker: Speaker = {
    load: async (a) => ({
      play: () =>
        new Promise<void>((end) => {
          log.push(`start ${a.text}`);
          playing.push({ text: a.text, end });
        }),
      stop: () => {
        const p = playing.find((x) => x.text === a.text);
        if (!p) return;
        log.push(`stop ${a.text}`);
        playing.splice(playing.indexOf(p), 1);
        p.end();
      },
    }),
  };
  const finish = () => playing.shift()?.end();
  return { speaker, log, finish };
}

const tick = () => new Promise((ok) => setTimeout(ok, 5));

describe('Announcer', () => {
  it('says queued announcements one at a time, each as often as asked', async () => {
    const { speaker, log, finish } = fakeSpeaker();
    const announcer = new Announcer(() => speaker, 0);
    announcer.announce(say('A'), 2);
    announcer.announce(say('B'), 1);
    for (let i = 0; i < 3; i++) {
      await tick();
      finish();
    }
    await tick();
    expect(log).toEqual(['start A', 'start A', 'start B']);
  });

  it('replace() stops what is being said, drops what is queued and says the new one (a kiosk screen left)', async () => {
    const { speaker, log, finish } = fakeSpeaker();
    const announcer = new Announcer(() => speaker, 0);
    announcer.announce(say('home'), 2);
    announcer.announce(say('later'), 1);
    await tick();
    announcer.replace(say('ticket'));
    await tick();
    finish();
    await tick();
    expect(log).toEqual(['start home', 'stop home', 'start ticket']);
  });
});
