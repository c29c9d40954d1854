/**
 * Voice calls (语音叫号) through the Web Speech API: one announcement at a
 * time, in order, each repeated as configured — never two over each other
 * (DOMAIN rule 6). A display without speech synthesis still shows every
 * call; it just stays silent.
 */

/** "请 A 0 1 2 号，到 5 号窗口办理": the ticket is spelled out so it is read sign by sign, not as "A twelve". */
export function callAnnouncement(ticketNumber: string, window: number): string {
  return `请 ${[...ticketNumber].join(' ')} 号，到 ${window} 号窗口办理`;
}

interface AnnouncerOptions {
  lang: string;
  /** Slightly slower than default: halls echo. */
  rate: number;
  /** Silence between two utterances, so repeats are heard as repeats. */
  pauseMs: number;
  /**
   * Told whether speech works: Chromium refuses to speak before anyone has
   * touched the page ('not-allowed') unless started with
   * --autoplay-policy=no-user-gesture-required, which an unattended wall
   * display must be.
   */
  onVoice: (working: boolean) => void;
}

const DEFAULTS: AnnouncerOptions = { lang: 'zh-CN', rate: 0.85, pauseMs: 700, onVoice: () => undefined };

export class Announcer {
  private readonly queue: string[] = [];
  private speaking = false;
  private readonly options: AnnouncerOptions;

  constructor(
    private readonly synth: SpeechSynthesis | undefined = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis,
    options: Partial<AnnouncerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  get available(): boolean {
    return this.synth !== undefined && typeof SpeechSynthesisUtterance !== 'undefined';
  }

  /** Queue `text` to be spoken `times` times, after everything already queued. */
  announce(text: string, times: number): void {
    if (!this.available) return;
    for (let i = 0; i < times; i++) this.queue.push(text);
    this.next();
  }

  private next(): void {
    const synth = this.synth;
    if (this.speaking || !synth) return;
    const text = this.queue.shift();
    if (text === undefined) return;
    this.speaking = true;

    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = this.options.lang;
    utterance.rate = this.options.rate;
    const voice = chineseVoice(synth);
    if (voice) utterance.voice = voice;

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      setTimeout(() => {
        this.speaking = false;
        this.next();
      }, this.options.pauseMs);
    };
    utterance.onend = () => {
      this.options.onVoice(true);
      finish();
    };
    utterance.onerror = (e) => {
      if (e.error === 'not-allowed') this.options.onVoice(false);
      finish();
    };
    // Chromium sometimes never fires `end` (no voice installed, audio device
    // gone). One stuck utterance must not silence every later call.
    const watchdog = setTimeout(() => {
      synth.cancel();
      finish();
    }, 2_000 + text.length * 500);
    try {
      synth.speak(utterance);
    } catch {
      finish();
    }
  }
}

function chineseVoice(synth: SpeechSynthesis): SpeechSynthesisVoice | undefined {
  const voices = synth.getVoices();
  return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => v.lang.toLowerCase().startsWith('zh'));
}
