/**
 * Each kiosk screen as it is read aloud (长辈模式, or the 语音播报 button): what
 * the screen is, then the choices in the order they stand, in the screen's
 * own words; after taking a ticket the number sign by sign, where to wait and
 * how many are ahead. Built from the closed vocabulary of
 * state-machines/voice/kiosk-speech.ts, so the hall server can say it too.
 */
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { RoutedScan } from '../state-machines/devices/device-types.ts';
import type { GreenReason, TicketRecord } from '../state-machines/domain/ticket.ts';
import { newTicketWait, ticketWait, type Wait } from '../state-machines/hall/estimate.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { PAUSE as COMMA } from '../state-machines/voice/announcement.ts';
import type { KioskPhrase, SpeechPart } from '../state-machines/voice/kiosk-speech.ts';
import { queuesOnPage } from './queue-board.tsx';
import { waitsForOpening } from './self-service-texts.ts';
import { takeOffer, type Availability } from './take-ticket.ts';
import type { TicketingStatus } from '../state-machines/hall/schedule.ts';

/** Which screen the visitor sees: a new one is read once, when it appears (a count changing on it is not news). */
export type KioskScreen =
  | { kind: 'home' | 'green-reasons' | 'lookup' | 'appt-check-in' | 'appt-refused' | 'appt-book' | 'error' | 'case-pickup' }
  /** 按事项取号 (item-flow.tsx): not read aloud yet — the item names have no voice clips. */
  | { kind: 'items' }
  | { kind: 'green-queues'; reason: GreenReason }
  /** The 7×24 kiosk once the hall is closed (self-service-home.tsx), with why no ticket can be taken now. */
  | { kind: 'self-service'; closed: ClosedReason }
  | { kind: 'ticket'; ticketId: string; ahead: number; wait: Wait }
  | { kind: 'scan'; scan: RoutedScan; greenOffered: boolean };

interface Hall {
  config: PublicHallConfig;
  state: HallState;
  now: number;
  deviceId: string;
  elderly: boolean;
  page: number;
}

/** Why a tile is grey, in the tile's words (queue-board.tsx STOPPED_TEXT). */
const STOPPED: Record<Exclude<Availability, 'open'>, KioskPhrase> = {
  closed: 'k-closed-today',
  full: 'k-full-today',
  exhausted: 'k-numbers-used-up',
  not_yet: 'k-not-yet',
  midday_break: 'k-midday-break',
  closed_day: 'k-closed-day',
};

type ClosedReason = Extract<TicketingStatus, { open: false }>['reason'];
const CLOSED: Record<ClosedReason, KioskPhrase> = {
  not_yet: 'k-not-yet',
  midday_break: 'k-midday-break',
  stopped: 'k-closed-today',
  closed_day: 'k-closed-day',
};

const GREEN_REASONS: KioskPhrase[] = ['k-elderly', 'k-disabled', 'k-pregnant', 'k-military', 'k-urgent'];
const p = (phrase: KioskPhrase): SpeechPart => ({ phrase });
/** A breath between two parts. */
const PAUSE: SpeechPart = COMMA;
const name = (id: string, zh: string): SpeechPart => ({ name: id, zh });

/** A key that changes exactly when the visitor is on another screen (or another page of it). */
export function screenKey(screen: KioskScreen, page: number): string {
  switch (screen.kind) {
    case 'ticket':
      return `ticket:${screen.ticketId}`;
    case 'scan':
      return `scan:${screen.scan.at}`;
    case 'green-queues':
      return `green-queues:${page}`;
    case 'home':
      return `home:${page}`;
    default:
      return screen.kind;
  }
}

export function screenSpeech(screen: KioskScreen, hall: Hall): SpeechPart[] {
  switch (screen.kind) {
    case 'home':
      return [
        p('k-home'),
        PAUSE,
        p('k-choose'),
        PAUSE,
        p('k-green'),
        PAUSE,
        p('k-check-in'),
        PAUSE,
        ...(hall.config.queues.some((q) => q.appointments) ? [p('k-book'), PAUSE] : []),
        p('k-lookup'),
        PAUSE,
        ...tiles(hall, undefined),
      ];
    case 'self-service':
      return selfServiceSpeech(screen.closed, hall.config);
    case 'green-reasons':
      return [p('k-green'), PAUSE, p('k-green-who'), ...GREEN_REASONS.flatMap((r) => [PAUSE, p(r)])];
    case 'green-queues':
      return [p('k-green-choose'), PAUSE, ...tiles(hall, screen.reason)];
    case 'lookup':
      return [p('k-lookup'), PAUSE, p('k-lookup-how')];
    case 'case-pickup':
      return [p('k-case-pickup'), PAUSE, p('k-case-pickup-how')];
    case 'appt-check-in':
      return [p('k-check-in'), PAUSE, p('k-check-in-how')];
    case 'appt-refused':
      return [p('k-check-in')];
    case 'appt-book':
      return [p('k-book')];
    case 'error':
      return [p('k-no-ticket')];
    case 'items':
      return [];
    case 'ticket':
      return ticketSpeech(screen, hall);
    case 'scan':
      if (screen.scan.kind === 'id-invalid') return [p('k-id-invalid')];
      if (screen.scan.kind === 'id-number') return screen.scan.elderly && screen.greenOffered ? [p('k-id-elderly'), PAUSE, p('k-id-green')] : [p('k-id-read')];
      return [];
  }
}

/** The screen's title, why the hall is shut, what works now, then what waits (the screen's own list, in its order). */
function selfServiceSpeech(closed: ClosedReason, config: PublicHallConfig): SpeechPart[] {
  const booking = config.queues.some((q) => q.appointments);
  const phrases: KioskPhrase[] = [
    'k-self-service',
    CLOSED[closed],
    'k-any-hour',
    'k-lookup',
    ...(booking ? (['k-book'] as const) : []),
    'k-after-opening',
    ...waitsForOpening(config).map((w) => w.said),
  ];
  return phrases.flatMap((phrase, i) => (i === 0 ? [p(phrase)] : [PAUSE, p(phrase)]));
}

/** The tiles of this page in order: letter, name, then 前面 N 人 or why it is grey (取号时间未到 …). */
function tiles(hall: Hall, green: GreenReason | undefined): SpeechPart[] {
  const { shown } = queuesOnPage(hall.config, hall.elderly, hall.page);
  return shown.flatMap((queue): SpeechPart[] => {
    const availability = takeOffer(hall, hall.deviceId, queue.id, green, hall.now);
    const ahead = newTicketWait(hall.state, hall.config, queue.id, hall.now, green ? 'green' : 'walk_in').ahead;
    return [
      { letter: queue.prefix },
      name(`q-${queue.id}`, queue.name.zh),
      PAUSE,
      ...(availability === 'open' ? [p('k-ahead-tile'), { count: ahead }, p('k-people')] : [p(STOPPED[availability])]),
      PAUSE,
    ];
  });
}

function ticketSpeech(screen: Extract<KioskScreen, { kind: 'ticket' }>, hall: Hall): SpeechPart[] {
  const ticket: TicketRecord | undefined = hall.state.tickets[screen.ticketId];
  if (!ticket) return [p('k-ticket')];
  const queue = hall.config.queues.find((q) => q.id === ticket.queueId);
  const floor = queue && hall.config.floors.find((f) => f.id === queue.floor);
  const zone = queue?.zone === undefined ? undefined : floor?.zones.find((z) => z.id === queue.zone);
  const live = ticket.status === 'waiting' ? ticketWait(hall.state, hall.config, ticket, hall.now) : { ahead: screen.ahead, wait: screen.wait };
  return [
    p('k-ticket'),
    PAUSE,
    ...(queue ? [name(`q-${queue.id}`, queue.name.zh), PAUSE] : []),
    p('k-your-number'),
    { ticket: ticket.number },
    PAUSE,
    ...(floor ? [p('k-wait-at'), name(`f-${floor.id}`, floor.name.zh), ...(zone ? [name(`z-${zone.id}`, zone.name.zh)] : []), p('k-wait-there'), PAUSE] : []),
    p('k-ahead'),
    { count: live.ahead },
    p('k-people'),
    PAUSE,
    ...waitSpeech(live.wait),
  ];
}

/** The ticket's wait in waitText's 'ticket' words. */
function waitSpeech(wait: Wait): SpeechPart[] {
  switch (wait.kind) {
    case 'minutes':
      return [p('k-wait-about'), { count: wait.minutes }, p('k-minutes')];
    case 'now':
      return [p('k-wait-now')];
    case 'not_open':
      return [p('k-wait-not-open')];
    case 'unknown':
      return [p('k-wait-unknown')];
  }
}
