/**
 * What a screen offers is exactly what the server accepts (issue 12 item 4).
 *
 * The window panel, the supervisor's desk and the kiosk grey their buttons by
 * asking the shared deciders (`canDecide`) with what they have: the public hall
 * file and the state as their role sees it. Here every button is checked
 * against the server's own `decide` (the full hall file, the full state) over
 * generated states:
 *
 * - panel and desk: seeded random walks of every command through a hall in
 *   memory (windows in every state, tickets in every state at the counter and
 *   in the lists, AB岗 with standby, away, covering and both-away posts), at
 *   every step every counter, window, list, dialog and staff button for the A
 *   post, the B post and a clerk of another window;
 * - kiosk: every queue, walk-in and 绿色通道, through days of the shipped
 *   calendar (before opening, midday, 错时, 停止取号, 延时服务, closed,
 *   weekends), with a daily cap, a cut-off and a queue whose numbers run out.
 *
 * Two presses are offered for the answer itself and only those: 叫号 with
 * nobody waiting (当前没有等候的号码) and 关窗 in 延时服务 while tickets wait
 * that only this window serves (the refusal says what to do).
 */
import { describe, expect, it } from 'vitest';
import { loadHallConfig } from '../../server/config/load-config.ts';
import { toPublicConfig, type HallConfig } from '../../state-machines/config/hall-config.ts';
import { STAFFING_STATUSES } from '../../state-machines/domain/staffing.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import { strandedBy } from '../../state-machines/hall/after-hours.ts';
import { decide, type HallCommand } from '../../state-machines/hall/decide.ts';
import { closingStrands } from '../../state-machines/hall/deciders/refusals.ts';
import { stateFor } from '../../state-machines/protocol/projection.ts';
import { canDecide } from '../../state-machines/hall/decide.ts';
import { greenOffer, takeCommand, takeOffer } from '../../kiosk/take-ticket.ts';
import {
  askOnDuty,
  counterOffers,
  DIALOG_STAND_IN,
  hallCommandOf,
  offered,
  type CounterOffers,
  type PanelClerk,
  type PanelCommand,
} from '../../window-panel/window-commands.ts';
import { DEMO_CONFIG_PATH, SHIPPED_DEMO_PATH, writeHallVariant } from '../support/demo.ts';
import { seededRandom } from '../support/day-simulation.ts';
import { MemoryHall } from '../support/fold.ts';

/** Counts of what was checked, so a walk that stopped reaching a state is noticed. */
class Coverage {
  readonly seen = new Map<string, { offered: number; refused: number }>();
  readonly states = new Set<string>();
  note(button: string, offer: boolean) {
    const c = this.seen.get(button) ?? { offered: 0, refused: 0 };
    if (offer) c.offered++;
    else c.refused++;
    this.seen.set(button, c);
  }
}

// ── The panel and the supervisor's desk ─────────────────────────────────────

const SESSIONS_AT = [5, 7, 2];
const SUPERVISOR = { staffId: '9001' };

function panelHall(policy: 'requeue' | 'void'): HallConfig {
  return loadHallConfig(
    writeHallVariant((hall) => {
      hall.queueRules = { ...hall.queueRules, recall: { maxCalls: 2 }, noShow: { graceSeconds: 45, policy, maxRequeues: 1, requeueBehind: 2 } };
    }, DEMO_CONFIG_PATH),
  );
}

/** One random command, mostly the kind that moves the hall on (by whoever is on duty), some by the wrong person or on the wrong ticket. */
function randomCommand(hall: MemoryHall, rnd: () => number): HallCommand | 'wait' {
  const { state, config } = hall;
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rnd() * xs.length)];
  const tickets = Object.values(state.tickets);
  const inStatus = (s: TicketRecord['status']) => tickets.filter((t) => t.status === s);
  const window = pick(SESSIONS_AT)!;
  const win = config.windows.find((w) => w.number === window)!;
  const onDuty = state.staffing[String(window)]?.onDuty;
  const clerkId = rnd() < 0.8 && onDuty !== undefined ? onDuty : pick([win.posts.a, win.posts.b ?? win.posts.a, '1021'])!;
  const at = { clerkId, window };
  const current = state.windows[String(window)]?.current;
  const anyTicket = pick(tickets)?.id ?? '2026-11-21/A001';
  const by = rnd() < 0.3 ? SUPERVISOR : { staffId: clerkId, window };
  const r = rnd();
  if (r < 0.12) return 'wait';
  if (r < 0.3) {
    const queueId = pick(['comprehensive', 'tax', 'ems', 'pickup', 'enterprise'])!;
    return rnd() < 0.15
      ? { type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId, class: 'green', priorityReason: 'elderly' }
      : { type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId };
  }
  const ticketId = current ?? anyTicket;
  const choices: HallCommand[] = [
    { type: 'clerk.sign_in', ...at },
    { type: 'clerk.sign_out', ...at },
    { type: 'clerk.sign_out', ...at, reason: pick(['meeting', 'leave'] as const)! },
    { type: 'post.take_over', ...at },
    { type: 'window.open', ...at },
    { type: 'window.open', ...at },
    { type: 'window.close', ...at },
    { type: 'window.pause', ...at, reason: 'break' },
    { type: 'window.resume', ...at },
    { type: 'ticket.call_next', ...at },
    { type: 'ticket.call_next', ...at },
    { type: 'ticket.call_next', ...at },
    { type: 'ticket.call_number', ...at, ticketId: pick(inStatus('waiting'))?.id ?? anyTicket },
    { type: 'ticket.recall', ...at, ticketId },
    { type: 'ticket.start', ...at, ticketId },
    { type: 'ticket.start', ...at, ticketId },
    { type: 'ticket.complete', ...at, ticketId },
    { type: 'ticket.complete', ...at, ticketId },
    { type: 'ticket.no_show', ...at, ticketId },
    { type: 'ticket.transfer', ...at, ticketId, toQueueId: pick(['tax', 'ems', 'comprehensive'])! },
    { type: 'ticket.transfer', ...at, ticketId, toWindow: pick([2, 5, 7])! },
    { type: 'ticket.park', ...at, ticketId },
    { type: 'ticket.resume', ...at, ticketId: pick(inStatus('parked'))?.id ?? anyTicket },
    { type: 'ticket.requeue', ticketId: pick(inStatus('no_show'))?.id ?? anyTicket, by },
    { type: 'ticket.cancel', ticketId: anyTicket, reason: 'visitor_left', by },
    { type: 'ticket.prioritise', ticketId: pick(inStatus('waiting'))?.id ?? anyTicket, reason: 'urgent', by },
    { type: 'post.assign', window: 7, post: 'b', clerkId: pick(['1014', '1012'])!, by: SUPERVISOR },
    { type: 'window.close_approved', window, by: SUPERVISOR, reason: '设备故障' },
  ];
  return pick(choices)!;
}

/** The counter card's buttons and the command each sends (a dialog's button asks with a stand-in for its choice). */
function counterButtons(current: string): [keyof CounterOffers, PanelCommand][] {
  const ticketId = current;
  return [
    ['callNext', { kind: 'call-next' }],
    ['recall', { kind: 'recall', ticketId }],
    ['start', { kind: 'start', ticketId }],
    ['complete', { kind: 'complete', ticketId }],
    ['noShow', { kind: 'no-show', ticketId }],
    ['park', { kind: 'park', ticketId }],
    ['cancel', { kind: 'cancel', ticketId, ...DIALOG_STAND_IN }],
    ['open', { kind: 'open' }],
    ['close', { kind: 'close' }],
    ['pause', { kind: 'pause', ...DIALOG_STAND_IN }],
    ['resume', { kind: 'resume-window' }],
  ];
}

function checkPanel(hall: MemoryHall, at: PanelClerk, coverage: Coverage, problems: string[]) {
  const { config, now } = hall;
  const full = hall.state;
  // What the panel has: the public hall file, the state as a window sees it.
  const view = { config: toPublicConfig(config), state: stateFor('window', full) };
  const server = (command: HallCommand) => decide(full, config, command, now);
  const record = full.windows[String(at.window)];
  const current = record?.current ?? '';
  const say = (what: string, offer: boolean, command: HallCommand, answer = server(command)) =>
    problems.push(
      `${what} at ${at.window} by ${at.clerkId} (window ${record?.status}): offered ${offer}, server ${answer.ok ? 'accepts' : `${answer.error.code} ${answer.error.message}`}`,
    );

  const offers = counterOffers(view, at, now);
  for (const [button, command] of counterButtons(current)) {
    const offer = offers[button] === true;
    const hallCommand = hallCommandOf(command, at);
    const answer = server(hallCommand);
    coverage.note(`panel ${button}`, offer);
    if (answer.ok === offer) continue;
    // The two presses offered for their answer.
    if (offer && button === 'callNext' && !answer.ok && answer.error.code === 'QUEUE_EMPTY') continue;
    if (offer && button === 'close' && !answer.ok && JSON.stringify(answer.error) === JSON.stringify(closingStrands(strandedBy(full, config, at.window))))
      continue;
    say(button, offer, hallCommand, answer);
  }
  // The 过号 countdown says what the server would tell the clerk on duty.
  const onDuty = full.staffing[String(at.window)]?.onDuty ?? at.clerkId;
  const grace = server({ type: 'ticket.no_show', clerkId: onDuty, window: at.window, ticketId: current });
  const expected = grace.ok ? 0 : grace.error.code === 'TOO_EARLY' ? grace.error.retryAfterSeconds : undefined;
  if (offers.noShowInSeconds !== expected) problems.push(`过号 countdown ${offers.noShowInSeconds}, server ${expected}`);

  // 转办: the button when some target is accepted; the dialog's options exactly the accepted ones.
  const targets = [...config.queues.map((q) => ({ toQueueId: q.id })), ...config.windows.map((w) => ({ toWindow: w.number }))];
  let anyTarget = false;
  for (const target of targets) {
    const command: PanelCommand = { kind: 'transfer', ticketId: current, ...target };
    const answer = server(hallCommandOf(command, at));
    anyTarget ||= answer.ok;
    const offer = offered(view, at, command, now);
    coverage.note('transfer target', offer);
    if (offer !== answer.ok) say(`transfer to ${JSON.stringify(target)}`, offer, hallCommandOf(command, at), answer);
  }
  coverage.note('panel transfer', offers.transfer);
  if (offers.transfer !== anyTarget) problems.push(`transfer button ${offers.transfer}, server accepts a target: ${anyTarget}`);

  // 接替办理 in the standby bar.
  const takeOver: PanelCommand = { kind: 'take-over' };
  const offer = offered(view, at, takeOver, now);
  coverage.note('take-over', offer);
  if (offer !== server(hallCommandOf(takeOver, at)).ok) say('take-over', offer, hallCommandOf(takeOver, at));

  // The lists: 指呼 and 转绿色通道 on the line, 恢复办理 on the parked, 过号重排 (or 过号无效) on the no-shows.
  for (const t of Object.values(full.tickets)) {
    const rows: [string, PanelCommand][] =
      t.status === 'waiting'
        ? [
            ['call-number', { kind: 'call-number', ticketId: t.id }],
            ['prioritise', { kind: 'prioritise', ticketId: t.id, ...DIALOG_STAND_IN }],
          ]
        : t.status === 'parked'
          ? [['resume-ticket', { kind: 'resume-ticket', ticketId: t.id }]]
          : t.status === 'no_show'
            ? [['requeue', { kind: 'requeue', ticketId: t.id }]]
            : [];
    for (const [name, command] of rows) {
      const offer = offered(view, at, command, now);
      const answer = server(hallCommandOf(command, at));
      coverage.note(`list ${name}`, offer);
      if (offer !== answer.ok) say(`${name} ${t.number}`, offer, hallCommandOf(command, at), answer);
    }
    if (t.status === 'no_show') {
      // 过号无效 is said when the server would tell the clerk on duty the rule says no.
      const voidTag = (() => {
        const d = askOnDuty(view, at, { kind: 'requeue', ticketId: t.id }, now);
        return !d.ok && d.error.code === 'LIMIT_REACHED';
      })();
      const answer = server({ type: 'ticket.requeue', ticketId: t.id, by: { staffId: onDuty, window: at.window } });
      coverage.note('过号无效', voidTag);
      if (voidTag !== (!answer.ok && answer.error.code === 'LIMIT_REACHED')) problems.push(`过号无效 ${t.number}: ${voidTag}`);
    }
  }
}

/** The supervisor's desk: 过号重排 rows and 批准关窗 (the desk's own rule: only where a close needs approval). */
function checkDesk(hall: MemoryHall, coverage: Coverage, problems: string[]) {
  const { config, now } = hall;
  const full = hall.state;
  const pub = toPublicConfig(config);
  const seen = stateFor('admin', full);
  for (const t of Object.values(full.tickets).filter((x) => x.status === 'no_show')) {
    const command: HallCommand = { type: 'ticket.requeue', ticketId: t.id, by: SUPERVISOR };
    const offer = canDecide(seen, pub, command, now).ok;
    coverage.note('desk requeue', offer);
    if (offer !== decide(full, config, command, now).ok) problems.push(`desk requeue ${t.number}: offered ${offer}`);
  }
  for (const w of config.windows) {
    const command: HallCommand = { type: 'window.close_approved', window: w.number, by: SUPERVISOR, reason: '' };
    const offer = canDecide(seen, pub, command, now).ok;
    coverage.note('desk approve close', offer);
    if (offer !== decide(full, config, command, now).ok) problems.push(`desk approve close ${w.number}: offered ${offer}`);
  }
}

describe('the window panel and the desk offer exactly what the server accepts', () => {
  const coverage = { requeue: new Coverage(), void: new Coverage() };
  for (const [seed, policy] of [
    [7, 'requeue'],
    [11, 'requeue'],
    [23, 'void'],
  ] as const) {
    it(`random walk ${seed} (过号 policy ${policy})`, () => {
      const config = panelHall(policy);
      const hall = new MemoryHall(config, Date.parse('2026-11-23T09:00:00+08:00'));
      const rnd = seededRandom(seed);
      const problems: string[] = [];
      for (let step = 0; step < 700 && problems.length < 5; step++) {
        const command = randomCommand(hall, rnd);
        if (command === 'wait') hall.now += Math.floor(rnd() * 120_000);
        else {
          hall.now += 1000;
          hall.run(command);
        }
        for (const window of SESSIONS_AT) {
          const win = config.windows.find((w) => w.number === window)!;
          for (const clerkId of new Set([win.posts.a, win.posts.b ?? win.posts.a, '1021'])) checkPanel(hall, { clerkId, window }, coverage[policy], problems);
          const record = hall.state.windows[String(window)];
          const counter = record?.current ? hall.state.tickets[record.current]?.status : 'none';
          coverage[policy].states
            .add(`window ${record?.status}`)
            .add(`counter ${counter}`)
            .add(`staffing ${hall.state.staffing[String(window)]?.status ?? 'unstaffed'}`);
        }
        checkDesk(hall, coverage[policy], problems);
      }
      expect(problems.slice(0, 5)).toEqual([]);
    });
  }

  it('the walks reached every window state, the counter empty, called and serving, the AB岗 states, and saw every button offered and refused', () => {
    const all = new Coverage();
    for (const c of [coverage.requeue, coverage.void]) {
      for (const s of c.states) all.states.add(s);
      for (const [button, n] of c.seen)
        all.seen.set(button, { offered: (all.seen.get(button)?.offered ?? 0) + n.offered, refused: (all.seen.get(button)?.refused ?? 0) + n.refused });
    }
    for (const s of ['closed', 'idle', 'calling', 'serving', 'paused']) expect(all.states, `window ${s}`).toContain(`window ${s}`);
    for (const s of ['none', 'called', 'serving']) expect(all.states, `counter ${s}`).toContain(`counter ${s}`);
    for (const s of STAFFING_STATUSES.filter((x) => x !== 'escalated')) expect(all.states, `staffing ${s}`).toContain(`staffing ${s}`);
    expect([...all.seen.keys()].sort()).toEqual(
      [
        '过号无效',
        'desk approve close',
        'desk requeue',
        'list call-number',
        'list prioritise',
        'list requeue',
        'list resume-ticket',
        'panel callNext',
        'panel cancel',
        'panel close',
        'panel complete',
        'panel noShow',
        'panel open',
        'panel park',
        'panel pause',
        'panel recall',
        'panel resume',
        'panel start',
        'panel transfer',
        'take-over',
        'transfer target',
      ].sort(),
    );
    for (const [button, c] of all.seen) {
      expect(c.offered, `${button} offered somewhere`).toBeGreaterThan(0);
      expect(c.refused, `${button} refused somewhere`).toBeGreaterThan(0);
    }
    // Under the void policy 过号重排 is never offered.
    expect(coverage.void.seen.get('list requeue')?.offered).toBe(0);
  });
});

// ── The kiosk ───────────────────────────────────────────────────────────────

describe('the kiosk offers exactly what the server accepts', () => {
  /** The shipped calendar (错时: windows 1 and 5 open over midday, so tickets are issued then) with a daily cap and a cut-off; and without 错时. */
  const halls = [true, false].map((staggered) =>
    loadHallConfig(
      writeHallVariant((hall) => {
        for (const q of hall.queues) {
          if (q.id === 'tax') q.dailyCap = 4; // 每日限号
          if (q.id === 'police') q.cutoff = '11:00'; // the queue's own 停止取号
        }
        if (!staggered && hall.schedule) hall.schedule.staggeredWindows = [];
      }, SHIPPED_DEMO_PATH),
    ),
  );
  const coverage = new Coverage();

  function checkKiosk(hall: MemoryHall, problems: string[], coverage: Coverage) {
    const { config } = hall;
    const pub = toPublicConfig(config);
    const view = { config: pub, state: stateFor('kiosk', hall.state) };
    for (const green of [undefined, 'elderly'] as const) {
      let anyOpen = false;
      for (const q of config.queues) {
        const tile = takeOffer(view, 'kiosk-1f-1', q.id, green, hall.now);
        const answer = decide(hall.state, config, takeCommand('kiosk-1f-1', q.id, green), hall.now);
        anyOpen ||= answer.ok;
        coverage.note(`tile ${tile}`, tile === 'open');
        // Open exactly when the server issues; refused for the reason the tile says.
        const why = answer.ok
          ? 'open'
          : answer.error.code === 'DAILY_CAP_REACHED'
            ? 'full'
            : answer.error.code === 'NUMBERS_EXHAUSTED'
              ? 'exhausted'
              : answer.error.code === 'TICKETING_CLOSED'
                ? 'closed-ish'
                : answer.error.code;
        const tileWhy = ['closed', 'not_yet', 'midday_break', 'closed_day'].includes(tile) ? 'closed-ish' : tile;
        if (tileWhy !== why) problems.push(`${new Date(hall.now).toISOString()} ${q.id}${green ? ' green' : ''}: tile ${tile}, server ${why}`);
      }
      if (green && (greenOffer(view, 'kiosk-1f-1', hall.now) === 'open') !== anyOpen)
        problems.push(`${new Date(hall.now).toISOString()}: 绿色通道 entry ${greenOffer(view, 'kiosk-1f-1', hall.now)}, server issues: ${anyOpen}`);
    }
  }

  for (const [i, config] of halls.entries()) {
    it(`over a weekend of the shipped calendar${i === 0 ? ' (错时 over midday)' : ' without 错时'}, with a daily cap, a cut-off and numbers that run out`, () => {
      // Friday 2026-11-27 07:00 (a workday), Saturday (周末便民服务日, 09:00–12:00), Sunday (closed), to Monday 09:00, every 20 minutes.
      const hall = new MemoryHall(config, Date.parse('2026-11-27T07:00:00+08:00'));
      const problems: string[] = [];
      const end = Date.parse('2026-11-30T09:00:00+08:00');
      let opened = false;
      while (hall.now < end && problems.length < 5) {
        hall.settle();
        checkKiosk(hall, problems, coverage);
        coverage.states.add(`phase ${hall.state.phase.status}`);
        for (const q of ['tax', 'police', 'ems', 'comprehensive']) hall.run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: q });
        if (!opened && hall.run({ type: 'window.open', clerkId: '1013', window: 7 }).ok) opened = true;
        // The EMS window serves a little slower than tickets come: some are left at closing time (延时服务).
        const called = hall.run({ type: 'ticket.call_next', clerkId: '1013', window: 7 });
        if (called.ok && called.event.type === 'ticket.called')
          hall.run({ type: 'ticket.complete', clerkId: '1013', window: 7, ticketId: called.event.ticketId });
        // In the evening the supervisor voids what is left, and 延时服务 ends with the last ticket.
        if (hall.state.phase.status === 'extended' && hall.now - (hall.state.phase.extendedFrom ?? hall.now) > 40 * 60_000) {
          for (const t of Object.values(hall.state.tickets))
            if (t.status === 'waiting') hall.run({ type: 'ticket.cancel', ticketId: t.id, reason: 'visitor_left', by: SUPERVISOR });
        }
        hall.now += 20 * 60_000;
      }
      // 号码用尽: pickup runs through all 999 numbers on Monday morning.
      hall.now = Date.parse('2026-11-30T09:30:00+08:00');
      for (let i = 0; i < 1000; i++) hall.run({ type: 'ticket.take', deviceId: 'kiosk-1f-1', queueId: 'pickup' });
      checkKiosk(hall, problems, coverage);
      expect(problems).toEqual([]);
    });
  }

  it('the weekends reached every phase of the hall and every state of a tile', () => {
    for (const p of ['before_open', 'open', 'midday', 'tickets_stopped', 'extended', 'closed', 'closed_day'])
      expect(coverage.states, p).toContain(`phase ${p}`);
    for (const t of ['open', 'closed', 'full', 'exhausted', 'not_yet', 'midday_break', 'closed_day'])
      expect(coverage.seen.has(`tile ${t}`), `tile ${t}`).toBe(true);
  });
});
