/**
 * The fold's fast path: step a stored entity with its machine without
 * building an xstate actor.
 *
 * `xstate.transition` builds a fresh inert actor on every call (~40 µs), which
 * made replaying a big log slow (72 µs/event before this path existed). Most
 * steps are the simple case: a flat machine, an atomic state, transitions whose
 * guards are named and whose actions are all `assign`. For those the outcome is
 * fixed by (state value, event type) up to the guards and the assigned context,
 * so the first time a pair is seen we read its *plan* off the machine's
 * definition (the candidate transitions in xstate's order, each with its named
 * guard, target, and the assigns of exit → transition → entry) and cache it
 * per machine. Later steps run the first candidate whose guard passes, with the
 * same arguments and merge rule as xstate (`Object.assign({}, context,
 * partial)`, one assign after another). New entities get the same treatment
 * (the context factory, then the initial state's entry assigns).
 *
 * It reads the machine through xstate's typed definition (`machine.root`, its
 * state nodes and transitions, `machine.implementations`) and recognises
 * `assign` actions by their shape. Anything it cannot prove equivalent —
 * inline or parameterised guards, wildcard or root transitions, eventless or
 * delayed transitions, invocations, re-entry with entry/exit actions, nested
 * or parallel states, an action other than `assign`, `xstate.*` events, an
 * assigner or guard that touches `spawn`/`self` or throws — goes to the public
 * API (ask.ts). tests/unit/step-fast-path.test.ts checks every state × event
 * of every machine, and new entities, against ask.ts: the machine stays the
 * single source of truth.
 *
 * Decide never uses this path: it asks through ask.ts.
 */
import type { AnyStateMachine, AnyStateNode, EventFromLogic, EventObject, InputFrom } from 'xstate';
import { contextOf, next, start, type Fits, type MachineRecord, type RecordOf } from './ask.ts';

/**
 * Step a record `{ status, ...context }` with its machine: the new record (a
 * new object; the old one is untouched), or undefined when the event is not
 * enabled — exactly what ask.ts's `next` answers.
 */
export function stepRecord<M extends AnyStateMachine, R extends MachineRecord>(machine: M & Fits<M, R>, record: R, event: EventFromLogic<M>): R | undefined {
  const plan = fastPath ? planFor(machine, record.status, event.type) : FALLBACK;
  if (plan === FALLBACK) return next(machine, record, event);
  const context = contextOf(record);
  const stepped = runPlan(plan, context, event);
  if (stepped === FALLBACK) return next(machine, record, event);
  if (stepped === undefined) return undefined;
  // stepped.context is `context` (fresh, ours) or a fresh object from an assign: safe to complete in place.
  const out: Record<string, unknown> = stepped.context;
  out.status = stepped.target;
  return toRecord<R>(out);
}

/** A new entity in the machine's initial state, its context made from `input` — what ask.ts's `start` answers. */
export function startRecord<M extends AnyStateMachine, R extends MachineRecord = RecordOf<M>>(machine: M & Fits<M, R>, input: InputFrom<M>): R {
  const plan = fastPath ? initialPlanFor(machine) : FALLBACK;
  if (plan !== FALLBACK) {
    const made = runInitial(plan, input);
    if (made !== FALLBACK) {
      made.status = plan.target;
      return toRecord<R>(made);
    }
  }
  return start<M, R>(machine, input);
}

/**
 * On, always, in the hall. The bench turns it off for one replay to show what
 * the fast path saves over the public API alone (tests/bench/replay.ts); the
 * answers are the same either way (tests/unit/step-fast-path.test.ts).
 */
let fastPath = true;
export function useFastPath(on: boolean): void {
  fastPath = on;
}

/** The plan's output is the record the machine describes (checked against ask.ts by the equivalence tests). */
function toRecord<R>(fields: Record<string, unknown>): R {
  return fields as R;
}

// ---------------------------------------------------------------------------

/** An implementation xstate calls (a named guard, an assigner, the context factory), called here the way xstate calls it: (args, params). */
type Implementation = (args: unknown, params: unknown) => unknown;
type Assignment = Implementation | Record<string, unknown>;

interface Candidate {
  /** A named guard's implementation; undefined for an unguarded transition. */
  guard: Implementation | undefined;
  target: string;
  /** assign() payloads in xstate's execution order (exit, transition, entry). */
  assignments: Assignment[];
  /** false for a transition with neither target nor actions: xstate's `can` says no to it. */
  enabled: boolean;
}

/** Not provably equivalent: ask xstate. */
const FALLBACK = Symbol('fallback');
/** The candidates for (state, event type), in xstate's order: the first whose guard passes is taken; none → not enabled. */
type Plan = Candidate[];
type PlanEntry = Plan | typeof FALLBACK;

interface InitialPlan {
  contextFactory: Implementation;
  target: string;
  assignments: Assignment[];
}

/** Thrown by the `spawn` we hand to assigners: spawning needs a real actor. */
class NeedsXstate extends Error {}
const noSpawn = (): never => {
  throw new NeedsXstate('spawn');
};

const plans = new WeakMap<AnyStateMachine, Map<string, Map<string, PlanEntry>>>();
const initialPlans = new WeakMap<AnyStateMachine, InitialPlan | typeof FALLBACK>();

function planFor(machine: AnyStateMachine, value: string, eventType: string): PlanEntry {
  let byValue = plans.get(machine);
  if (!byValue) {
    byValue = new Map();
    plans.set(machine, byValue);
  }
  let byType = byValue.get(value);
  if (!byType) {
    byType = new Map();
    byValue.set(value, byType);
  }
  let entry = byType.get(eventType);
  if (entry === undefined) {
    try {
      entry = analyse(machine, value, eventType);
    } catch {
      entry = FALLBACK;
    }
    byType.set(eventType, entry);
  }
  return entry;
}

/** Which state × event pairs take the fast path (for tests and the bench): `disabled` when no transition is planned at all. */
export function fastPathCoverage(machine: AnyStateMachine, value: string, eventType: string): 'fast' | 'disabled' | 'xstate' {
  const entry = planFor(machine, value, eventType);
  return entry === FALLBACK ? 'xstate' : entry.length === 0 ? 'disabled' : 'fast';
}

/** Whether new entities of this machine take the fast path (for tests). */
export function fastStartCoverage(machine: AnyStateMachine): 'fast' | 'xstate' {
  return initialPlanFor(machine) === FALLBACK ? 'xstate' : 'fast';
}

function analyse(machine: AnyStateMachine, value: string, eventType: string): PlanEntry {
  const root: AnyStateNode = machine.root;
  if (eventType.startsWith('xstate.') || !flatMachine(root)) return FALLBACK;
  const source = root.states[value];
  if (!source) return FALLBACK; // xstate throws its own error for an unknown state
  // Transitions the root would take when no candidate of the state passes: not modelled.
  if (root.transitions.has(eventType)) return FALLBACK;
  const plan: Plan = [];
  for (const candidate of source.transitions.get(eventType) ?? []) {
    const guard = candidate.guard === undefined ? undefined : namedGuard(machine, candidate.guard);
    if (guard === FALLBACK) return FALLBACK;
    const targets = candidate.target;
    if (targets !== undefined && targets.length !== 1) return FALLBACK;
    const targetNode = targets?.[0];
    if (targetNode === undefined) {
      const assignments = assignmentsOf(machine, candidate.actions);
      if (!assignments) return FALLBACK;
      plan.push({ guard, target: value, assignments, enabled: candidate.actions.length > 0 });
      continue;
    }
    if (targetNode.parent !== root || root.states[targetNode.key] !== targetNode) return FALLBACK;
    const stays = targetNode === source && !candidate.reenter;
    if (targetNode === source && (source.entry.length || source.exit.length)) return FALLBACK;
    if (targetNode.type === 'final' && machine.config.output !== undefined) return FALLBACK;
    const assignments = assignmentsOf(machine, [...(stays ? [] : source.exit), ...candidate.actions, ...(stays ? [] : targetNode.entry)]);
    if (!assignments) return FALLBACK;
    plan.push({ guard, target: targetNode.key, assignments, enabled: true });
  }
  return plan;
}

function initialPlanFor(machine: AnyStateMachine): InitialPlan | typeof FALLBACK {
  let plan = initialPlans.get(machine);
  if (plan === undefined) {
    try {
      plan = analyseInitial(machine);
    } catch {
      plan = FALLBACK;
    }
    initialPlans.set(machine, plan);
  }
  return plan;
}

/** A machine whose context comes from a factory and whose initial state is a plain child of the root, entered with assigns only. */
function analyseInitial(machine: AnyStateMachine): InitialPlan | typeof FALLBACK {
  const root: AnyStateNode = machine.root;
  const contextFactory: unknown = machine.config.context;
  if (typeof contextFactory !== 'function' || !flatMachine(root) || root.entry.length) return FALLBACK;
  const initial = root.initial;
  const target = initial.target.length === 1 ? initial.target[0] : undefined;
  if (!target || target.parent !== root || target.type !== 'atomic') return FALLBACK;
  const assignments = assignmentsOf(machine, [...initial.actions, ...target.entry]);
  return assignments ? { contextFactory: contextFactory as Implementation, target: target.key, assignments } : FALLBACK;
}

/** A compound root whose children are atomic or final, none with eventless or delayed transitions or invocations, no wildcard events. */
function flatMachine(root: AnyStateNode): boolean {
  if (root.type !== 'compound' || root.exit.length || !plainNode(root)) return false;
  for (const node of [root, ...Object.values(root.states)]) {
    if (node !== root && ((node.type !== 'atomic' && node.type !== 'final') || !plainNode(node))) return false;
    for (const descriptor of node.transitions.keys()) if (descriptor.includes('*')) return false;
  }
  return true;
}

function plainNode(node: AnyStateNode): boolean {
  return !node.always?.length && node.after.length === 0 && node.invoke.length === 0;
}

/** A guard referenced by name, as xstate resolves it (machine.implementations.guards); anything else is not planned. */
function namedGuard(machine: AnyStateMachine, guard: unknown): Implementation | typeof FALLBACK {
  if (typeof guard !== 'string') return FALLBACK;
  const implementation: unknown = machine.implementations.guards[guard];
  // Built-in guards (and/or/not/stateIn) carry `check` and need a snapshot.
  if (typeof implementation !== 'function' || 'check' in implementation) return FALLBACK;
  return implementation as Implementation;
}

/**
 * The assign() payloads of `actions`, or undefined if any action is something
 * else. Named actions (`actions: 'call'`, declared in `setup({ actions })`) are
 * looked up in the machine's implementations, as xstate does.
 */
function assignmentsOf(machine: AnyStateMachine, actions: readonly unknown[]): Assignment[] | undefined {
  const out: Assignment[] = [];
  for (const entry of actions) {
    const action: unknown = typeof entry === 'string' ? machine.implementations.actions[entry] : entry;
    const assignment = assignmentOf(action);
    if (assignment === undefined) return undefined;
    out.push(assignment);
  }
  return out;
}

/** What xstate's `assign(…)` returns: a function tagged `xstate.assign` carrying its `assignment` (a function or an object of them). */
function assignmentOf(action: unknown): Assignment | undefined {
  if (typeof action !== 'function' || !('type' in action) || action.type !== 'xstate.assign' || !('assignment' in action)) return undefined;
  const assignment: unknown = action.assignment;
  if (typeof assignment === 'function') return assignment as Implementation;
  if (typeof assignment === 'object' && assignment !== null && !Array.isArray(assignment)) return { ...assignment };
  return undefined;
}

/** The first candidate whose guard passes, applied; undefined when none is enabled; FALLBACK when a guard or assigner needs more than context and event. */
function runPlan(
  plan: Plan,
  context: Record<string, unknown>,
  event: EventObject,
): { target: string; context: Record<string, unknown> } | undefined | typeof FALLBACK {
  try {
    for (const candidate of plan) {
      // As xstate's evaluateGuard calls a named guard: ({ context, event }, undefined).
      if (candidate.guard !== undefined && !candidate.guard({ context, event }, undefined)) continue;
      if (!candidate.enabled) return undefined;
      return { target: candidate.target, context: applyAssigns(candidate.assignments, context, event) };
    }
  } catch {
    return FALLBACK;
  }
  return undefined;
}

/** xstate's initial step: the context factory's result copied (`Object.assign({}, {}, …)`), then the entry assigns. */
function runInitial(plan: InitialPlan, input: unknown): Record<string, unknown> | typeof FALLBACK {
  try {
    const made: unknown = plan.contextFactory({ input, spawn: noSpawn, self: undefined }, undefined);
    if (typeof made !== 'object' || made === null) return FALLBACK;
    const context: Record<string, unknown> = {};
    Object.assign(context, made);
    const init = { type: 'xstate.init', input };
    return applyAssigns(plan.assignments, context, init);
  } catch {
    return FALLBACK;
  }
}

/** As xstate's resolveAssign: each partial merged into a fresh copy, in order. Throws when an assigner needs an actor. */
function applyAssigns(assignments: Assignment[], context: Record<string, unknown>, event: EventObject): Record<string, unknown> {
  let ctx = context;
  for (const assignment of assignments) {
    const args = { context: ctx, event, spawn: noSpawn, self: undefined, system: undefined };
    let partial: unknown;
    if (typeof assignment === 'function') {
      partial = assignment(args, undefined);
    } else {
      const p: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(assignment)) p[key] = typeof prop === 'function' ? prop(args, undefined) : prop;
      partial = p;
    }
    ctx = Object.assign({}, ctx, partial);
  }
  return ctx;
}
