/**
 * Voice calls (语音叫号): one announcement at a time, in order, each repeated
 * as configured — never two over each other (DOMAIN rule 6), whichever
 * speaker says them (the browser's Mandarin voice or the server's audio).
 */
import type { Announcement } from '../../../voice/announcement.ts';

/** Something that can say an announcement: prepared first (audio fetched), then played as often as needed. */
export interface Speaker {
  /** Ready to play, or undefined when this announcement cannot be said now (offline: it is dropped, never said late). */
  load(announcement: Announcement): Promise<Utterance | undefined>;
}

export interface Utterance {
  /** Resolves when it has been said (or has failed, or was stopped): never rejects, never hangs (each speaker has a watchdog). */
  play(): Promise<void>;
  /** Stop saying it now (the kiosk's visitor moved on to another screen). */
  stop(): void;
}

/** Silence between two utterances, so repeats are heard as repeats. */
const PAUSE_MS = 700;

export class Announcer {
  private readonly queue: { announcement: Announcement; times: number }[] = [];
  private running = false;
  private current: Utterance | undefined;
  /** Bumped by `replace`: a turn of the loop that started before stops repeating. */
  private generation = 0;

  /** `speaker()` is asked at each turn: the display may learn meanwhile that it can (or cannot) speak. */
  constructor(
    private readonly speaker: () => Speaker | undefined,
    private readonly pauseMs = PAUSE_MS,
  ) {}

  /** Queue `announcement` to be said `times` times, after everything already queued. */
  announce(announcement: Announcement, times: number): void {
    if (!this.speaker()) return;
    this.queue.push({ announcement, times });
    void this.run();
  }

  /**
   * Say `announcement` instead of anything queued or being said (a kiosk
   * screen read aloud: the screen the visitor left is no longer worth hearing).
   */
  replace(announcement: Announcement, times = 1): void {
    this.queue.length = 0;
    this.generation++;
    this.current?.stop();
    this.announce(announcement, times);
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.queue.shift(); item; item = this.queue.shift()) {
        const speaker = this.speaker();
        if (!speaker) {
          this.queue.length = 0;
          break;
        }
        const generation = this.generation;
        const utterance = await speaker.load(item.announcement).catch(() => undefined);
        if (!utterance) continue;
        for (let i = 0; i < item.times && generation === this.generation; i++) {
          this.current = utterance;
          await utterance.play();
          this.current = undefined;
          if (generation === this.generation) await sleep(this.pauseMs);
        }
      }
    } finally {
      this.running = false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, ms));
}
