/**
 * Where a command acts, looked up once for every decider: the window (its
 * configuration and record), the ticket, the ticket at a window's counter, a
 * window ready to call, a ticket staff may act on. Each answers the thing or
 * the refusal that comes first, in the order the hall has always explained
 * them (an unknown window before a closed one, a paused window before an
 * unknown ticket…). Whether a step is allowed is then the machines' answer.
 */
import type { WindowConfig } from '../../config/hall-config.ts';
import type { TicketRecord } from '../../domain/ticket.ts';
import type { WindowRecord } from '../../domain/window.ts';
import { can } from '../../machines/ask.ts';
import { windowMachine } from '../../machines/window-machine.ts';
import { own, type HallState } from '../state.ts';
import type { AtWindow, StaffActor } from './commands.ts';
import type { DeciderConfig } from './decider.ts';
import { completeCurrentFirst, noTicket, notAtThisCounter, notServedHere, unknownWindow, windowNotOpen, windowPaused } from './refusals.ts';
import { ok, refuse, type Result } from './result.ts';

type Windows = Pick<DeciderConfig, 'windows'>;

export function findWindow(config: Windows, number: number): WindowConfig | undefined {
  return config.windows.find((w) => w.number === number);
}

export function windowOf(config: Windows, number: number): Result<WindowConfig> {
  const win = findWindow(config, number);
  return win ? ok(win) : refuse(unknownWindow(number));
}

/** The window's record; a window added to the hall file since the state was made is closed. */
export function windowRecordOf(state: Pick<HallState, 'windows'>, number: number): WindowRecord {
  return state.windows[String(number)] ?? { number, status: 'closed' };
}

/** A configured window that is open (and, unless `allowPaused`, not paused). */
export function openWindow(state: HallState, config: Windows, number: number, allowPaused: boolean): Result<WindowRecord> {
  if (!findWindow(config, number)) return refuse(unknownWindow(number));
  const record = windowRecordOf(state, number);
  if (record.status === 'closed') return refuse(windowNotOpen());
  if (record.status === 'paused' && !allowPaused) return refuse(windowPaused());
  return ok(record);
}

export function ticketOf(state: HallState, ticketId: string): Result<TicketRecord> {
  const ticket = own(state.tickets, ticketId);
  return ticket ? ok(ticket) : refuse(noTicket());
}

/** The ticket at this window's counter (the window open, not paused, holding it). */
export function atCounter(state: HallState, config: Windows, command: AtWindow & { ticketId: string }): Result<{ ticket: TicketRecord; record: WindowRecord }> {
  const record = openWindow(state, config, command.window, false);
  if (!record.ok) return record;
  const ticket = ticketOf(state, command.ticketId);
  if (!ticket.ok) return ticket;
  if (record.value.current !== ticket.value.id) return refuse(notAtThisCounter(ticket.value));
  return ok({ ticket: ticket.value, record: record.value });
}

/** An open, unpaused window whose machine may call now (its counter is free). */
export function readyToCall(state: HallState, config: Windows, number: number, now: number): Result<{ win: WindowConfig; record: WindowRecord }> {
  const record = openWindow(state, config, number, false);
  if (!record.ok) return record;
  if (!can(windowMachine, record.value, { type: 'CALL', at: now, ticketId: '' })) return refuse(completeCurrentFirst());
  const win = windowOf(config, number);
  if (!win.ok) return win;
  return ok({ win: win.value, record: record.value });
}

export function servesTicket(win: Pick<WindowConfig, 'number' | 'queues'>, ticket: TicketRecord): boolean {
  return ticket.forWindow === win.number || win.queues.includes(ticket.queueId);
}

/** A ticket staff may act on from outside the counter: a clerk only within their window's queues (or a ticket at their window). */
export function staffTicket(state: HallState, config: Windows, ticketId: string, by: StaffActor): Result<TicketRecord> {
  const ticket = ticketOf(state, ticketId);
  if (!ticket.ok || by.window === undefined) return ticket;
  const win = windowOf(config, by.window);
  if (!win.ok) return win;
  if (!servesTicket(win.value, ticket.value) && ticket.value.window !== by.window) return refuse(notServedHere(ticket.value, by.window));
  return ticket;
}

export function staffName(config: Pick<DeciderConfig, 'staff'>, staffId: string): string {
  return config.staff.find((s) => s.id === staffId)?.name ?? staffId;
}
