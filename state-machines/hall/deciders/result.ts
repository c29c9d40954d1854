/**
 * What a decider answers: the one event that records what happened, or a
 * refusal (a typed protocol error with its zh/en sentence, refusals.ts). The
 * steps inside a decider answer a `Result` — a value to go on with, or the
 * refusal to give — so a refusal is passed on with `if (!r.ok) return r`.
 */
import type { HallEvent } from '../../domain/events.ts';
import type { ProtocolError } from '../../protocol/errors.ts';

interface Refusal {
  ok: false;
  error: ProtocolError;
}

export type Result<T> = { ok: true; value: T } | Refusal;

/** A decider's answer: the server appends `event`, then folds it with evolve. */
export type Decision = { ok: true; event: HallEvent } | Refusal;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse(error: ProtocolError): Refusal {
  return { ok: false, error };
}

export function accept(event: HallEvent): Decision {
  return { ok: true, event };
}
