/**
 * Drive a machine one step from a stored state, purely.
 *
 * Entities (tickets, windows) are stored as plain records (`status` + data)
 * so the hall state stays a small JSON document that checkpoints and
 * snapshots can copy. To move one, we resolve its machine snapshot from the
 * record, ask the machine whether the event is enabled, and take the
 * transition with `xstate.transition` — no actor, no side effects, no clock.
 */
import { transition, type AnyStateMachine, type EventObject } from 'xstate';

export interface Stepped<TValue extends string, TContext> {
  value: TValue;
  context: TContext;
}

export function stepMachine<TValue extends string, TContext, TEvent extends EventObject>(
  machine: AnyStateMachine,
  value: TValue,
  context: TContext,
  event: TEvent,
): Stepped<TValue, TContext> | undefined {
  const snapshot = machine.resolveState({ value, context });
  if (!snapshot.can(event)) return undefined;
  const [next] = transition(machine, snapshot, event);
  return { value: next.value as TValue, context: next.context as TContext };
}
