/**
 * Which request a log line belongs to. While the command registry runs a
 * command, every line the server logs — the registry's own and whatever the
 * command causes on the way (the log cannot be written, a fold halts the hall,
 * a device is paired, a sign-in delay is lifted) — carries the actor, the
 * socket event and the requestId, so one search for the requestId finds
 * everything that command did. Work that ends later (a ticket's print job)
 * takes a copy with `runningCommand()`.
 *
 * The hall server's root logger has `commandLogMixin` as its pino `mixin`
 * (children inherit it). Commands run one at a time and synchronously (the
 * single writer), so one module-level slot is enough; entering and leaving
 * allocate nothing — the mixin builds its object only when a line is written.
 */

/** Who asked, what, and under which requestId (absent for requests without one, e.g. `sync:since`). */
export interface CommandCause {
  actor: string;
  event: string;
  requestId?: string | undefined;
}

let actor = '';
let event = '';
let requestId: string | undefined;
let running = false;

export function enterCommand(who: string, what: string, id: string | undefined): void {
  actor = who;
  event = what;
  requestId = id;
  running = true;
}

export function leaveCommand(): void {
  running = false;
}

/** The command running now, as a fresh object (pino merges a line's own fields into what a mixin returns). */
export function runningCommand(): CommandCause | undefined {
  return running ? { actor, event, requestId } : undefined;
}

/** pino `mixin`: the running command's fields on every line logged while it runs (a line's own fields win). */
export function commandLogMixin(): object {
  return runningCommand() ?? {};
}
