/**
 * The command registry: every event a client may send on its namespace, and
 * what the server does with it, typed from the protocol's event maps
 * (`ClientEventsByRole` in state-machines/protocol/socket-events.ts).
 *
 * A role's table (sockets/roles.ts) is built from groups of entries
 * (sockets/commands/*.ts). Each entry is computed from the event map, so none
 * of these compile: an event name the map does not have, a schema that does
 * not parse to exactly the request type the map names, a handler whose answer
 * is not the map's ack type, an event of the map with no entry (unless the
 * table names it as deliberately unanswered), an event in two groups of one
 * table, or a group that brings an event of another role. Shared groups (staff ticket actions, staff bookings, sync) are
 * defined once and listed in several tables. tests/unit/command-registry-types.test.ts
 * holds the proof (`@ts-expect-error` on each).
 *
 * An entry declares; the registry does the rest, in this order, for every
 * request:
 *   1. cost classes asked at the door (staff-at-door): before the payload is read;
 *   2. parse with the entry's schema — BAD_REQUEST naming the first bad field;
 *   3. scope: a request naming a window must name the clerk's own (FORBIDDEN);
 *   4. the entry's own precondition (`check`), before anything is counted;
 *   5. limits (command-costs.ts): every request, or new requests only;
 *   6. a hall command: the request key `actor:requestId` (built by
 *      `requestKey`, nowhere else), `HallService.submit` with the cost's gate
 *      (a retry is answered from the log, the remembered refusal or its first
 *      attempt in the same batch, and costs nothing), the entry's `answer`
 *      made in the batch as of the command's own state; once the batch is on
 *      disk (group commit), the charge for a first acceptance and steps 7;
 *      anything else: the entry's `run`;
 *   7. one log line (command-log.ts puts the requestId on whatever the command
 *      caused): debug when accepted (seq), info when refused (code), error
 *      with the stack when it threw — the client then gets INTERNAL with only
 *      a reference — and the acknowledgement (a client that sent no ack
 *      callback gets none), counted for /metrics by role, event and result
 *      with its latency since step 1.
 *
 * The path of one command is kept lean: the per-socket `Caller` (and its
 * gates) is made on connect, entries and their answer functions at module
 * load; a command allocates only what it must — its parsed request, request
 * key, command and answer (log fields only when a line is written).
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { Ack, AckFn } from '../../state-machines/protocol/socket-events.ts';
import { requestKey, type Accepted } from '../hall/hall-service.ts';
import type { Caller } from './caller.ts';
import { ASKED, type Cost } from './command-costs.ts';
import { enterCommand, leaveCommand } from './command-log.ts';
import type { HallSocket } from './handshake.ts';

/** The request a client sends with an event of a map, and what its acknowledgement carries. */
export type RequestOf<F> = F extends (request: infer Q, ack: never) => void ? Q : never;
export type ResultOf<F> = F extends (request: never, ack: AckFn<infer A>) => void ? A : never;

/** A refusal a handler returns as it is (the answer's own shape). */
export type Refusal = Extract<Ack<never>, { ok: false }>;

interface Entry<Req> {
  /** Parses the payload (BAD_REQUEST naming the first bad field otherwise); parses to exactly the map's request type. */
  readonly schema: z.ZodType<Req>;
  /** 'own-window': a request naming a window must name the clerk's own (FORBIDDEN otherwise; supervisors and devices have none). */
  readonly scope?: 'window' extends keyof Req ? 'own-window' : never;
  /** Which budget pays, and when it is asked (command-costs.ts). */
  readonly cost: Cost;
  /** A refusal before anything is counted: what this terminal cannot do at all (a kiosk without a printer). */
  readonly check?: (req: Req, c: Caller) => ProtocolError | undefined;
}

/** A command the hall decides: the registry executes it under its request key and answers with `answer`. */
export interface HallEntry<Req, Res> extends Entry<Req> {
  /** The command for `decide` (or a refusal: no free booking code could be drawn). */
  readonly command: (req: Req, c: Caller) => HallCommand | Refusal;
  /** The answer to an accepted command (first time or retry). */
  readonly answer: (done: Accepted, c: Caller, req: Req) => Ack<Res>;
  readonly run?: never;
  readonly known?: never;
}

/** Anything else (sync, slot lists, printing, pairing, sign-in protection): the handler answers. */
export interface ServiceEntry<Req, Res> extends Entry<Req> {
  readonly run: (req: Req, c: Caller) => Ack<Res>;
  /** For a cost asked of new requests only: this request was already taken (a retry costs nothing). */
  readonly known?: (req: Req, c: Caller) => boolean;
  readonly command?: never;
  readonly answer?: never;
}

/** The entry for one event: only requests that carry a requestId can be hall commands (it is their idempotency key). */
export type Command<Req, Res> = [Req] extends [{ requestId: string }] ? HallEntry<Req, Res> | ServiceEntry<Req, Res> : ServiceEntry<Req, Res>;

/** Entries for the events of a map, typed from it. */
export type CommandsFor<M> = { [E in keyof M]: Command<RequestOf<M[E]>, ResultOf<M[E]>> };

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Each entry's schema parses to exactly its event's request type; every key is an event of the map. */
type SchemasMatch<M, T> = {
  [E in keyof T]: E extends keyof M
    ? T[E] extends { schema: z.ZodType<infer Parsed> }
      ? Exactly<Parsed, RequestOf<M[E]>> extends true
        ? T[E]
        : { schema: `parses to another type than the request of ${E & string}` }
      : T[E]
    : `${E & string} is not an event of this map`;
};

/**
 * A group of entries for some events of a map (`defineCommands<WindowClientEvents>()({ … })`).
 * The handlers' parameters are typed from the map.
 */
export function defineCommands<M>() {
  return <T extends Partial<CommandsFor<M>>>(commands: T & SchemasMatch<M, T>): T => commands;
}

type KeysOf<G extends readonly unknown[]> = G[number] extends infer U ? (U extends unknown ? keyof U : never) : never;
type Overlap<G extends readonly unknown[], Seen = never> = G extends readonly [infer H, ...infer R] ? (keyof H & Seen) | Overlap<R, Seen | keyof H> : never;
type RoleCheck<M, Unanswered, G extends readonly unknown[]> = [Exclude<keyof M, KeysOf<G> | Unanswered>] extends [never]
  ? [Overlap<G>] extends [never]
    ? [Exclude<KeysOf<G>, keyof M>] extends [never]
      ? [KeysOf<G> & Unanswered] extends [never]
        ? unknown
        : { answeredAndUnanswered: KeysOf<G> & Unanswered }
      : { notAnEventOfThisRole: Exclude<KeysOf<G>, keyof M> }
    : { registeredTwice: Overlap<G> }
  : { noEntryFor: Exclude<keyof M, KeysOf<G> | Unanswered> };

declare const checked: unique symbol;
/** A table that went through `roleCommands` (only those can be attached to a socket). */
export interface Checked {
  readonly [checked]: true;
}
/** A role's table: one entry per event of its map, each registered once on every socket of the role. */
export type CommandTable<M, Unanswered extends keyof M = never> = Omit<CommandsFor<M>, Unanswered> & Checked;

/**
 * The table of a role from its groups, exhaustive: every event of the map has
 * exactly one entry — except those named in `Unanswered`, which are answered
 * FORBIDDEN like any event the role does not have (for an event a later issue
 * implements: say so where the table is built).
 */
export function roleCommands<M, Unanswered extends keyof M = never>() {
  return <const G extends readonly Partial<CommandsFor<M>>[]>(groups: G & RoleCheck<M, Unanswered, G>): CommandTable<M, Unanswered> => {
    const table: Record<string, unknown> = {};
    for (const group of groups) {
      for (const [event, entry] of Object.entries(group)) {
        // The types forbid it; a group assembled at run time would not be checked by them.
        if (Object.hasOwn(table, event)) throw new Error(`${event} is registered twice`);
        table[event] = entry;
      }
    }
    return table as CommandTable<M, Unanswered>;
  };
}

/** An entry with its types erased: the registry parses with the entry's own schema, so its handlers get their type. */
interface AnyEntry {
  readonly schema: z.ZodType;
  readonly scope?: 'own-window';
  readonly cost: Cost;
  readonly check?: (req: unknown, c: Caller) => ProtocolError | undefined;
  readonly known?: (req: unknown, c: Caller) => boolean;
  readonly command?: (req: unknown, c: Caller) => HallCommand | Refusal;
  readonly answer?: (done: Accepted, c: Caller, req: unknown) => Ack<unknown>;
  readonly run?: (req: unknown, c: Caller) => Ack<unknown>;
}

/** The event names of each table, made once: `socket.data.handled` (what the FORBIDDEN answer and the tests read). */
const eventNames = new WeakMap<object, ReadonlySet<string>>();

/** Register a table's events on a new socket: one listener per event. */
export function attachCommands(socket: HallSocket, table: Checked, caller: Caller): void {
  let handled = eventNames.get(table);
  if (handled === undefined) {
    handled = new Set(Object.keys(table));
    eventNames.set(table, handled);
  }
  socket.data.handled = handled;
  const entries = table as unknown as Record<string, AnyEntry>;
  // Inbound events are registered by name from the typed table; the socket's own typing has none.
  const inbound = socket as unknown as Socket;
  for (const event of handled) {
    const entry = entries[event]!;
    inbound.on(event, (payload: unknown, ack: unknown) => dispatch(entry, event, caller, payload, ack));
  }
}

/** Steps 1–7 for one request. */
function dispatch(entry: AnyEntry, event: string, c: Caller, payload: unknown, ack: unknown): void {
  // /metrics: every answer is counted with the time from here to the acknowledgement (server/metrics/hall-metrics.ts).
  const started = performance.now();
  const reply = typeof ack === 'function' ? (ack as (response: Ack<unknown>) => void) : undefined;
  if (ASKED[entry.cost] === 'door') {
    const refused = c.services.costs.gate(entry.cost, c);
    if (refused !== undefined) {
      settle(c, event, rawRequestId(payload), { ok: false, error: refused }, reply, started);
      return;
    }
  }
  const parsed = entry.schema.safeParse(payload);
  if (!parsed.success) {
    settle(c, event, rawRequestId(payload), badRequest(event, parsed.error), reply, started);
    return;
  }
  const req = parsed.data;
  const requestId = requestIdOf(req);
  const settled = (result: Ack<unknown>) => settle(c, event, requestId, result, reply, started);
  let result: Ack<unknown> | typeof SUBMITTED;
  enterCommand(c.actor, event, requestId);
  try {
    result = run(entry, event, req, c, requestId, settled);
  } catch (err) {
    result = internal(c, event, requestId, err);
  } finally {
    leaveCommand();
  }
  if (result !== SUBMITTED) settled(result);
}

/** A hall command was queued for the hall's next batch: it is answered once that batch is on disk. */
const SUBMITTED = Symbol('submitted');

/** A handler threw: logged with the stack and a reference; the client gets only the reference. */
function internal(c: Caller, event: string, requestId: string | undefined, err: unknown): Refusal {
  const ref = randomBytes(4).toString('hex');
  c.services.log.error({ ref, ...where(c, event, requestId), err }, 'internal error in a socket handler');
  const refusal: Refusal = { ok: false, error: protocolError('INTERNAL', `系统内部错误，请联系工作人员（编号 ${ref}）`, `Internal error (reference ${ref})`) };
  alreadyLogged.add(refusal);
  return refusal;
}

/** Answers whose line was written where they were made (a throw, with its stack): not logged again. */
const alreadyLogged = new WeakSet<object>();

/**
 * Steps 3–6 for a parsed request. A hall command goes to the hall's next batch
 * (group commit, hall-service.ts): its answer is made there as of its own
 * state, its charge and acknowledgement once the batch is written (`settled`).
 */
function run(
  entry: AnyEntry,
  event: string,
  req: unknown,
  c: Caller,
  requestId: string | undefined,
  settled: (result: Ack<unknown>) => void,
): Ack<unknown> | typeof SUBMITTED {
  if (entry.scope === 'own-window') {
    const window = (req as { window?: number | undefined }).window;
    if (c.ownWindow !== undefined && window !== undefined && window !== c.ownWindow) return forbiddenWindow(c.ownWindow, window);
  }
  if (entry.check !== undefined) {
    const refused = entry.check(req, c);
    if (refused !== undefined) return { ok: false, error: refused };
  }
  const { costs, hall } = c.services;
  const asked = ASKED[entry.cost];
  if (asked === 'always') {
    const refused = costs.gate(entry.cost, c);
    if (refused !== undefined) return { ok: false, error: refused };
  }
  if (entry.command !== undefined && entry.answer !== undefined) {
    if (requestId === undefined) throw new Error('a hall command without a requestId');
    const command = entry.command(req, c);
    if ('ok' in command) return command;
    const answerOf = entry.answer;
    hall.submit<Ack<unknown>>({
      command,
      actor: c.actor,
      requestKey: requestKey(c.actor, requestId),
      admit: asked === 'new' ? c.gateFor(entry.cost) : undefined,
      answer: (done) => (done.ok ? answerOf(done, c, req) : done),
      failed: (err) => internal(c, event, requestId, err),
      deliver: (answer, done) => {
        // Charged once written (a batch that could not be written costs nothing more than its gate).
        if (done.ok && !done.duplicate) costs.charge(entry.cost, c);
        settled(answer);
      },
      during: (work) => {
        enterCommand(c.actor, event, requestId);
        try {
          return work();
        } finally {
          leaveCommand();
        }
      },
    });
    return SUBMITTED;
  }
  if (asked === 'new' && entry.known?.(req, c) !== true) {
    const refused = costs.gate(entry.cost, c);
    if (refused !== undefined) return { ok: false, error: refused };
  }
  if (entry.run === undefined) throw new Error('an entry with neither command nor run');
  return entry.run(req, c);
}

type Reply = ((response: Ack<unknown>) => void) | undefined;

/** The answer and its log line (every request ends here: refused at the door, answered at once, or after its batch). */
function settle(c: Caller, event: string, requestId: string | undefined, result: Ack<unknown>, reply: Reply, started: number): void {
  if (!alreadyLogged.has(result)) logOutcome(c, event, requestId, result);
  answer(c, event, result, reply, started);
}

/** The acknowledgement, counted (event names come from the role's table: a bounded label set). */
function answer(c: Caller, event: string, result: Ack<unknown>, reply: Reply, started: number): void {
  reply?.(result);
  c.services.metrics?.command(c.role, event, result, (performance.now() - started) / 1000);
}

function logOutcome(c: Caller, event: string, requestId: string | undefined, result: Ack<unknown>): void {
  const log = c.services.log;
  if (result.ok) {
    if (log.isLevelEnabled('debug')) log.debug({ ...where(c, event, requestId), seq: result.seq }, 'command');
    return;
  }
  const { code, field } = result.error;
  // An INTERNAL answered without a throw (a fold that failed, a code that could not be drawn): logged with who asked.
  if (code === 'INTERNAL') log.error({ ...where(c, event, requestId), answer: result.error.messageEn }, 'internal error answered');
  else log.info({ ...where(c, event, requestId), code, field }, 'command refused');
}

/** Who asked what: the fields of every line the registry logs. */
function where(c: Caller, event: string, requestId: string | undefined) {
  return { role: c.role, namespace: c.namespace, event, actor: c.actor, requestId };
}

function requestIdOf(req: unknown): string | undefined {
  const id = typeof req === 'object' && req !== null && 'requestId' in req ? req.requestId : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A requestId from a payload not (yet) parsed, for the log line of its refusal: only if it could be one. */
function rawRequestId(payload: unknown): string | undefined {
  const id = requestIdOf(payload);
  return id !== undefined && id.length <= 64 ? id : undefined;
}

function badRequest(event: string, error: z.ZodError): Refusal {
  const first = error.issues[0];
  const field = first ? first.path.map(String).join('.') : undefined;
  return {
    ok: false,
    error: protocolError('BAD_REQUEST', '请求格式不正确', `Malformed ${event}: ${first?.message ?? 'invalid payload'}`, field || undefined),
  };
}

function forbiddenWindow(ownWindow: number, window: number): Refusal {
  return {
    ok: false,
    error: protocolError(
      'FORBIDDEN',
      `您登录的是 ${ownWindow} 号窗口，不能操作 ${window} 号窗口`,
      `Signed in to window ${ownWindow}, not window ${window}`,
      'window',
    ),
  };
}
