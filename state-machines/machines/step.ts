/**
 * Drive a machine one step from a stored state, purely.
 *
 * Entities (tickets, windows) are stored as plain records (`status` + data)
 * so the hall state stays a small JSON document that checkpoints and
 * snapshots can copy. To move one, we resolve its machine snapshot from the
 * record, ask the machine whether the event is enabled, and take the
 * transition with `xstate.transition` — no actor, no side effects, no clock.
 *
 * Fast path. `xstate.transition` builds a fresh inert actor on every call
 * (~30 µs), which made replaying a big log slow (72 µs/event). Most steps are
 * the simple case: a flat machine, an atomic state, one unguarded transition
 * whose only actions are `assign`. For those the outcome is fixed by
 * (state value, event type) except for the assigned context, so the first
 * time a pair is seen we read its *plan* off the machine definition (target
 * value, the assign actions of exit → transition → entry in xstate's order)
 * and cache it per machine. Later steps run the assigners directly with the
 * same arguments and merge rule as xstate's `assign` (`Object.assign({},
 * context, partial)`, one after another).
 *
 * Anything the planner cannot prove equivalent — guards, wildcard or parent
 * transitions, eventless/delayed transitions, invocations, re-entry with
 * entry/exit actions, parallel or nested states, any action other than
 * `assign`, `xstate.*` events, an assigner that touches `spawn`/`self` or
 * throws — goes to xstate as before. The machine stays the single source of
 * truth; tests/unit/step-fast-path.test.ts checks every state × event of
 * every machine against xstate.
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
  const plan = planFor(machine, value, event.type);
  if (plan === DISABLED) return undefined;
  if (plan !== FALLBACK) {
    const fast = runPlan(plan, context, event);
    if (fast !== FALLBACK) return { value: plan.target as TValue, context: fast as TContext };
  }
  return stepWithXstate(machine, value, context, event);
}

/**
 * Step an entity stored as a plain record `{ status, ...context }`: the
 * machine's value is `status`, its context every other field. Returns the new
 * record (a new object; the old one is untouched), or undefined when the event
 * is not enabled.
 *
 * The split and join are written as key loops on purpose: `{ status, ...rest }`
 * followed by `{ ...context, status }` sends V8 through fresh hidden classes on
 * every step and cost ~3 µs of a ~4 µs step on replay.
 */
export function stepRecord<TValue extends string, TRecord extends { status: TValue }, TEvent extends EventObject>(
  machine: AnyStateMachine,
  record: TRecord,
  event: TEvent,
): TRecord | undefined {
  const context: Record<string, unknown> = {};
  for (const key in record) if (key !== 'status' && Object.hasOwn(record, key)) context[key] = (record as Record<string, unknown>)[key];
  const next = stepMachine<TValue, Record<string, unknown>, TEvent>(machine, record.status, context, event);
  if (!next) return undefined;
  // next.context is `context` (fresh, ours) or a fresh object from assign: safe to complete in place.
  const out = next.context;
  out.status = next.value;
  return out as TRecord;
}

/** The reference implementation: what the fast path must always agree with. */
export function stepWithXstate<TValue extends string, TContext, TEvent extends EventObject>(
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

// ---------------------------------------------------------------------------

type Assigner = (args: AssignArgs, params: undefined) => unknown;
interface AssignArgs {
  context: unknown;
  event: EventObject;
  spawn: () => never;
  self: undefined;
  system: undefined;
}
type Assignment = Assigner | Record<string, unknown>;

interface Plan {
  target: string;
  /** assign() payloads in xstate's execution order (exit, transition, entry). */
  assignments: Assignment[];
}

/** The event is not enabled in this state: stepMachine answers undefined, as `snapshot.can` does. */
const DISABLED = Symbol('disabled');
/** Not provably equivalent: take the xstate path. */
const FALLBACK = Symbol('fallback');
type PlanEntry = Plan | typeof DISABLED | typeof FALLBACK;

/** Thrown by the `spawn` we hand to assigners: spawning needs a real actor. */
class NeedsXstate extends Error {}
const noSpawn = (): never => {
  throw new NeedsXstate('spawn');
};

const plans = new WeakMap<AnyStateMachine, Map<string, Map<string, PlanEntry>>>();

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

/** Which state × event pairs take the fast path (for tests and the bench). */
export function fastPathCoverage(machine: AnyStateMachine, value: string, eventType: string): 'fast' | 'disabled' | 'xstate' {
  const entry = planFor(machine, value, eventType);
  return entry === DISABLED ? 'disabled' : entry === FALLBACK ? 'xstate' : 'fast';
}

interface NodeLike {
  key: string;
  type: string;
  parent?: NodeLike | undefined;
  states: Record<string, NodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: unknown[] | undefined;
  after: unknown[];
  invoke: unknown[];
  entry: unknown[];
  exit: unknown[];
}
interface TransitionLike {
  target?: NodeLike[] | undefined;
  guard?: unknown;
  actions: unknown[];
  reenter?: boolean;
}

function analyse(machine: AnyStateMachine, value: string, eventType: string): PlanEntry {
  const root = machine.root as unknown as NodeLike;
  if (typeof value !== 'string' || typeof eventType !== 'string' || eventType.startsWith('xstate.')) return FALLBACK;
  if (!Object.hasOwn(root.states, value)) return FALLBACK; // xstate will throw its own error
  if (!isPlainNode(root) || root.entry.length || root.exit.length) return FALLBACK;
  for (const node of Object.values(root.states)) if (!isPlainNode(node)) return FALLBACK;
  for (const node of [root, ...Object.values(root.states)]) {
    for (const descriptor of node.transitions.keys()) if (descriptor.includes('*')) return FALLBACK;
  }
  const source = root.states[value]!;
  const candidates = source.transitions.get(eventType);
  if (!candidates || candidates.length === 0) {
    // The root would be asked next; we do not model that.
    return root.transitions.has(eventType) ? FALLBACK : DISABLED;
  }
  const chosen = candidates[0]!;
  if (chosen.guard !== undefined) return FALLBACK;
  const targets = chosen.target;
  if (targets !== undefined && targets.length !== 1) return FALLBACK;
  const targetNode = targets?.[0];
  if (targetNode === undefined) {
    // Targetless: only actions; with none, xstate's `can` says the event is forbidden.
    if (chosen.actions.length === 0) return DISABLED;
    const assignments = assignmentsOf(machine, chosen.actions);
    return assignments ? { target: value, assignments } : FALLBACK;
  }
  if (targetNode.parent !== root || !Object.hasOwn(root.states, targetNode.key)) return FALLBACK;
  const exits = targetNode === source && !chosen.reenter ? [] : source.exit;
  const entries = targetNode === source && !chosen.reenter ? [] : targetNode.entry;
  if (targetNode === source && (source.entry.length || source.exit.length)) return FALLBACK;
  if (targetNode.type === 'final' && (machine.config as { output?: unknown }).output !== undefined) return FALLBACK;
  const assignments = assignmentsOf(machine, [...exits, ...chosen.actions, ...entries]);
  return assignments ? { target: targetNode.key, assignments } : FALLBACK;
}

/** A flat node: atomic or final, no eventless or delayed transitions, no invocations. */
function isPlainNode(node: NodeLike): boolean {
  const isRoot = node.parent === undefined;
  if (!isRoot && node.type !== 'atomic' && node.type !== 'final') return false;
  if (isRoot && node.type !== 'compound') return false;
  if (node.always && node.always.length) return false;
  if (node.after.length || node.invoke.length) return false;
  return true;
}

/**
 * The assign() payloads of `actions`, or undefined if any action is something
 * else. Named actions (`actions: 'call'`, declared in `setup({ actions })`) are
 * looked up in the machine's implementations, as xstate does.
 */
function assignmentsOf(machine: AnyStateMachine, actions: unknown[]): Assignment[] | undefined {
  const out: Assignment[] = [];
  const named = (machine.implementations as { actions?: Record<string, unknown> }).actions ?? {};
  for (const entry of actions) {
    const action = typeof entry === 'string' && Object.hasOwn(named, entry) ? named[entry] : entry;
    if (typeof action !== 'function') return undefined;
    const a = action as { type?: unknown; assignment?: unknown };
    if (a.type !== 'xstate.assign') return undefined;
    const assignment = a.assignment;
    if (typeof assignment !== 'function' && (typeof assignment !== 'object' || assignment === null)) return undefined;
    out.push(assignment as Assignment);
  }
  return out;
}

/** Apply the plan's assigns as xstate's resolveAssign does; FALLBACK if an assigner needs more than context and event. */
function runPlan(plan: Plan, context: unknown, event: EventObject): unknown {
  let ctx = context || {}; // as machine.resolveState does
  try {
    for (const assignment of plan.assignments) {
      const args: AssignArgs = { context: ctx, event, spawn: noSpawn, self: undefined, system: undefined };
      let partial: unknown;
      if (typeof assignment === 'function') {
        partial = assignment(args, undefined);
      } else {
        const p: Record<string, unknown> = {};
        for (const key of Object.keys(assignment)) {
          const prop = assignment[key];
          p[key] = typeof prop === 'function' ? (prop as Assigner)(args, undefined) : prop;
        }
        partial = p;
      }
      ctx = Object.assign({}, ctx, partial);
    }
  } catch {
    return FALLBACK;
  }
  return ctx;
}
