/**
 * Asking a machine about a stored entity, through xstate's public API only.
 *
 * Entities (tickets, windows, AB岗 staffing, the hall's phase) are stored as
 * plain records — the machine's state value as `status`, its context as the
 * other fields — so the hall state stays a small JSON document. To ask about
 * one we resolve its snapshot (`machine.resolveState`), ask `snapshot.can`,
 * and take the step with `xstate.transition`; a new entity is made with
 * `xstate.initialTransition`. No actor, no side effects, no clock.
 *
 * This is how decide asks (legality is `can` under the hall's rules), and the
 * reference the fold's fast path (step.ts) must agree with.
 */
import { initialTransition, transition, type AnyStateMachine, type ContextFrom, type EventFromLogic, type InputFrom, type StateValueFrom } from 'xstate';

/** An entity as the hall state stores it: the machine's state value as `status`, its context as the other fields. */
export type MachineRecord<TStatus extends string = string> = { status: TStatus };

/** The record a machine describes (its context and its state value as `status`), for when no record type is at hand. */
export type RecordOf<M extends AnyStateMachine> = ContextFrom<M> & { status: StateValueFrom<M> };

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The machine is typed against the record: its states are exactly the record's
 * statuses and its context is the record without `status`. Every function here
 * takes the machine as `M & Fits<M, R>`, so a state added to a machine but not
 * to the status union (or the other way round), or a context that drifts from
 * the record, does not compile.
 */
export type Fits<M extends AnyStateMachine, R extends MachineRecord> =
  Same<StateValueFrom<M>, R['status']> extends true
    ? Same<ContextFrom<M>, Omit<R, 'status'>> extends true
      ? unknown
      : { contextMustBe: Omit<R, 'status'> }
    : { statesMustBe: R['status'] };

/**
 * The context part of a record (every field but `status`). A key loop on
 * purpose: `{ status, ...rest }` sends V8 through fresh hidden classes on
 * every call, which the fold's fast path cannot afford.
 */
export function contextOf(record: MachineRecord): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  const fields: Readonly<Record<string, unknown>> = record;
  for (const key in fields) if (key !== 'status' && Object.hasOwn(fields, key)) context[key] = fields[key];
  return context;
}

function snapshotOf(machine: AnyStateMachine, record: MachineRecord) {
  return machine.resolveState({ value: record.status, context: contextOf(record) });
}

/** May `event` happen to the entity now (its machine's guards included)? */
export function can<M extends AnyStateMachine, R extends MachineRecord>(machine: M & Fits<M, R>, record: R, event: EventFromLogic<M>): boolean {
  return snapshotOf(machine, record).can(event);
}

/** The entity after `event`, or undefined when its machine does not allow it. */
export function next<M extends AnyStateMachine, R extends MachineRecord>(machine: M & Fits<M, R>, record: R, event: EventFromLogic<M>): R | undefined {
  const any: AnyStateMachine = machine;
  const snapshot = snapshotOf(any, record);
  if (!snapshot.can(event)) return undefined;
  const [after] = transition(any, snapshot, event);
  return { ...after.context, status: after.value };
}

/** Does the entity's state carry this tag (what a state declares about itself, e.g. the hall phases that issue tickets)? */
export function hasTag<M extends AnyStateMachine, R extends MachineRecord>(machine: M & Fits<M, R>, record: R, tag: string): boolean {
  return snapshotOf(machine, record).hasTag(tag);
}

/** A new entity: the machine's initial state, its context made from `input`. */
export function start<M extends AnyStateMachine, R extends MachineRecord = RecordOf<M>>(machine: M & Fits<M, R>, input: InputFrom<M>): R {
  const any: AnyStateMachine = machine;
  const [snapshot] = initialTransition(any, input);
  return { ...snapshot.context, status: snapshot.value };
}
