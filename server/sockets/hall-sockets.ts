/**
 * Socket.IO wiring: one namespace per role, every inbound payload parsed with
 * its zod schema, every accepted event broadcast with its log seq. What one
 * client may cost is bounded (limits.ts): connections and sync per socket,
 * commands per kiosk or session, slow consumers dropped.
 */
import pino, { type Logger } from 'pino';
import type { Namespace, Server, Socket } from 'socket.io';
import { toPublicConfig } from '../../state-machines/config/hall-config.ts';
import type { TicketRecord } from '../../state-machines/domain/ticket.ts';
import type { HallEventType } from '../../state-machines/domain/events.ts';
import type { HallCommand } from '../../state-machines/hall/decide.ts';
import { ticketWait } from '../../state-machines/hall/estimate.ts';
import { kioskBudgetWait } from '../../state-machines/hall/kiosk-issuing.ts';
import { own, type HallState } from '../../state-machines/hall/state.ts';
import { eventFor, publicTicket, seesStaffDetails, stateFor } from '../../state-machines/protocol/projection.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import {
  approveCloseRequest,
  assignPostRequest,
  appointmentCodeRequest,
  appointmentSlotsRequest,
  bookAppointmentRequest,
  cancelTicketRequest,
  hallCancelAppointmentRequest,
  parkTicketRequest,
  pauseWindowRequest,
  prioritiseTicketRequest,
  requeueTicketRequest,
  takeTicketRequest,
  ticketActionRequest,
  transferTicketRequest,
  windowCommandRequest,
} from '../../state-machines/protocol/messages.ts';
import {
  NAMESPACES,
  type Ack,
  type ConnectionIdentity,
  type HallSnapshot,
  type Role,
  type ServerToClientEvents,
  type TicketReceipt,
  type TicketResult,
} from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';
import type { z } from 'zod';
import type { SessionStore } from '../auth/session-store.ts';
import type { AppointmentDesk } from '../hall/appointment-desk.ts';
import type { HallService } from '../hall/hall-service.ts';
import { ConnectionLimits } from './connection-limits.ts';
import { authenticate, type Credentials, type SocketData, type SocketIdentity } from './handshake.ts';
import { bindSocketLog, handle } from './handle.ts';
import { LIMITS, rateLimited } from './limits.ts';
import { TokenBuckets } from './rate-limit.ts';
import { attachSyncSince } from './sync-since.ts';

const TICK_MS = 25_000;

/** A gate for new (not retried) commands: a refusal, or undefined to go ahead. */
type Admit = () => ProtocolError | undefined;

type AnyNamespace = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;
type AnySocket = Socket<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

export interface HallSocketsOptions {
  serverVersion: string;
  now?: () => number;
  /** 预约: booking, check-in and cancellation (kiosk and staff). */
  appointments?: AppointmentDesk;
  /** Where the socket layer logs (a child of the hall server's logger): internal errors, dropped sockets. */
  log?: Logger;
  /** Device tokens: the hall file's and those minted by pairing. */
  devices: Credentials['devices'];
}

export function attachHallSockets(io: Server, hall: HallService, sessions: SessionStore, options: HallSocketsOptions) {
  const now = options.now ?? Date.now;
  const log = options.log ?? pino({ enabled: false });
  const namespaces = new Map<Role, AnyNamespace>();
  const { kioskTicketsPerMinute, kioskTicketBurst, kioskTicketsPerHour } = hall.config.limits;
  const kioskTickets = new TokenBuckets(kioskTicketsPerMinute, kioskTicketBurst);
  /** Booking-code attempts per kiosk (check-in, cancel, booking): a code is a credential, so guessing is slowed. */
  const kioskCodes = new TokenBuckets(kioskTicketsPerMinute, kioskTicketBurst);
  const limits = {
    tickets: kioskTickets,
    codes: kioskCodes,
    ticketsPerHour: kioskTicketsPerHour,
    staff: new TokenBuckets(hall.config.limits.staffCommandsPerMinute, hall.config.limits.staffCommandBurst),
    slotLists: new TokenBuckets(LIMITS.slotLists.perMinute, LIMITS.slotLists.burst),
  };
  const connections = new ConnectionLimits(hall.config.limits, () => namespaces.values(), log);

  // Every snapshot at one seq carries the same projected state: build it once per audience, not once per socket.
  const publicConfig = toPublicConfig(hall.config);
  let projected: { seq: number; staff?: HallState; public?: HallState } = { seq: -1 };
  const projectedState = (role: Role): HallState => {
    if (projected.seq !== hall.seq) projected = { seq: hall.seq };
    return seesStaffDetails(role) ? (projected.staff ??= stateFor(role, hall.state)) : (projected.public ??= stateFor(role, hall.state));
  };
  const snapshotFor = (identity: SocketIdentity): HallSnapshot => ({
    protocol: PROTOCOL_VERSION,
    serverVersion: options.serverVersion,
    seq: hall.seq,
    now: now(),
    config: publicConfig,
    state: projectedState(identity.role),
    identity: publicIdentity(identity),
  });

  for (const role of Object.keys(NAMESPACES) as Role[]) {
    const nsp = io.of(NAMESPACES[role]) as unknown as AnyNamespace;
    namespaces.set(role, nsp);
    nsp.use((socket, next) => {
      const identity = authenticate(role, socket, { config: hall.config, sessions, devices: options.devices }, now());
      if (identity instanceof Error) return next(identity);
      const refused = connections.admit(identity.actor);
      if (refused) return next(refused);
      socket.data.identity = identity;
      socket.data.handled = new Set();
      bindSocketLog(socket, log);
      next();
    });
    nsp.on('connection', (socket) => {
      const identity = socket.data.identity;
      connections.track(socket, identity.actor);
      socket.on('disconnect', () => connections.untrack(socket, identity.actor));
      if (identity.session) {
        void socket.join(`session:${identity.session.id}`);
        // A session checked only at the handshake would outlive its 12 hours on a panel left open overnight.
        const session = identity.session;
        (socket as unknown as Socket).use((packet, next) => {
          if (session.expiresAt > now()) return next();
          const ack = packet.at(-1);
          if (typeof ack === 'function') {
            (ack as (r: Ack<never>) => void)({ ok: false, error: protocolError('UNAUTHORIZED', '登录已过期，请重新登录', 'Your session has expired; sign in again') });
          }
          socket.disconnect(true);
        });
      }
      // Socket.IO encodes synchronously, so this snapshot is exactly the state at hall.seq.
      socket.emit('hall:snapshot', snapshotFor(identity));
      attachSyncSince(socket, role, hall, () => snapshotFor(identity), connections, log);
      // Staff commands (/window, /admin) share one generous budget per session: a stuck key or a script cannot fill the disk.
      const staffKey = identity.session?.id ?? identity.actor;
      const admitStaff: Admit = () => {
        const wait = limits.staff.admit(staffKey, now());
        return wait > 0 ? rateLimited(wait, '操作', 'commands') : undefined;
      };
      if (role === 'kiosk') attachKiosk(socket, hall, identity, limits, now);
      if (role === 'window') attachWindow(socket, hall, identity, admitStaff);
      if (role === 'admin') {
        attachStaffTicketActions(socket, hall, identity, undefined, admitStaff);
        handle(socket, 'post:assign', assignPostRequest, (req): Ack<null> => {
          const by = { staffId: identity.staff?.id ?? '' };
          const executed = hall.execute({ type: 'post.assign', window: req.window, post: req.post, clerkId: req.clerkId, by }, identity.actor, `${identity.actor}:${req.requestId}`, admitStaff);
          return executed.ok ? { ok: true, seq: executed.event.seq, result: null } : executed;
        });
        handle(socket, 'window:close-approved', approveCloseRequest, (req): Ack<null> => {
          const by = { staffId: identity.staff?.id ?? '' };
          const executed = hall.execute({ type: 'window.close_approved', window: req.window, by, reason: req.reason }, identity.actor, `${identity.actor}:${req.requestId}`, admitStaff);
          return executed.ok ? { ok: true, seq: executed.event.seq, result: null } : executed;
        });
      }
      if (options.appointments) attachAppointments(socket, options.appointments, identity, { ...limits, admitStaff }, now);
      if (identity.session) {
        // Staff commands other modules add to this socket (设备管理, 登录保护: they write too) count against the
        // same session budget, at the door; the hall's own commands above are gated inside execute (after a retry
        // is answered) and sync/slot lists have their own limits.
        const gatedHere = new Set(socket.data.handled);
        (socket as unknown as Socket).use((packet, next) => {
          const event = packet[0];
          if (typeof event !== 'string' || gatedHere.has(event) || !socket.data.handled.has(event)) return next();
          const refused = admitStaff();
          if (!refused) return next();
          const ack = packet.at(-1);
          if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, error: refused });
        });
      }
      // An event this role has no handler for gets a typed answer instead of silence.
      (socket as unknown as Socket).onAny((event: unknown, ...args: unknown[]) => {
        if (typeof event === 'string' && socket.data.handled.has(event)) return;
        const ack = args.at(-1);
        if (typeof ack !== 'function') return;
        const name = typeof event === 'string' ? event.slice(0, 40) : typeof event;
        (ack as (r: Ack<never>) => void)({
          ok: false,
          error: protocolError('FORBIDDEN', '此终端不能执行该操作', `"${name}" is not available on ${NAMESPACES[role]}`),
        });
      });
    });
  }

  hall.on('event', (stored) => {
    const delta = { seq: stored.seq, at: stored.at, event: stored.event };
    const staffDelta = { ...delta, event: eventFor('admin', stored.event) };
    const publicDelta = { ...delta, event: eventFor('kiosk', stored.event) };
    for (const [role, nsp] of namespaces) nsp.emit('hall:event', seesStaffDetails(role) ? staffDelta : publicDelta);
  });

  const tick = setInterval(() => {
    for (const nsp of namespaces.values()) nsp.volatile.emit('clock:tick', { now: now(), seq: hall.seq });
  }, TICK_MS);
  tick.unref();

  return {
    /** Disconnect every socket of a session (sign-out). */
    endSession(sessionId: string) {
      for (const nsp of namespaces.values()) nsp.in(`session:${sessionId}`).disconnectSockets(true);
    },
    close() {
      clearInterval(tick);
      connections.close();
    },
  };
}

function publicIdentity(identity: SocketIdentity): ConnectionIdentity {
  if ((identity.role === 'kiosk' || identity.role === 'display') && identity.device) {
    const d = identity.device;
    return {
      role: identity.role,
      deviceId: d.id,
      deviceName: d.name,
      window: d.window,
      floor: d.scope === 'floor' ? d.floor : undefined,
      selfServiceArea: d.kind === 'kiosk' && d.selfServiceArea ? true : undefined,
    };
  }
  if (identity.role === 'window' && identity.staff && identity.session?.window != null) {
    return { role: 'window', staffId: identity.staff.id, staffName: identity.staff.name, window: identity.session.window };
  }
  return { role: 'admin', staffId: identity.staff?.id ?? '', staffName: identity.staff?.name ?? '' };
}

function ticketOf(hall: HallService, ticketId: string): TicketRecord {
  const t = own(hall.state.tickets, ticketId);
  if (!t) throw new Error(`ticket ${ticketId} vanished from state`);
  return t;
}

/**
 * The receipt a visitor sees: the ticket, people ahead, the wait — as of `at`,
 * the time of the event (so the printed ticket, figured at the same event,
 * says the same), or now for a retried command.
 */
function receiptOf(hall: HallService, ticketId: string, at: number): TicketReceipt {
  const ticket = ticketOf(hall, ticketId);
  return { ticket, ...ticketWait(hall.state, hall.config, ticket, at) };
}

/** Execute and answer with the ticket the produced event is about. */
function executeOnTicket(hall: HallService, identity: SocketIdentity, requestId: string, command: HallCommand, produces: HallEventType, admit: Admit): Ack<TicketResult> {
  const executed = hall.execute(command, identity.actor, `${identity.actor}:${requestId}`, admit);
  if (!executed.ok) return executed;
  const e = executed.event.event;
  if (e.type !== produces || !('ticketId' in e)) return duplicateMismatch();
  return { ok: true, seq: executed.event.seq, result: { ticket: ticketOf(hall, e.ticketId) } };
}

interface KioskLimits {
  tickets: TokenBuckets;
  codes: TokenBuckets;
  ticketsPerHour: number;
  slotLists: TokenBuckets;
}

function attachKiosk(socket: AnySocket, hall: HallService, identity: SocketIdentity, limits: KioskLimits, now: () => number) {
  const deviceId = identity.device?.id ?? '';
  // The burst rate per minute (a family taking several numbers, a stuck key) and a sustained budget per hour
  // counted from the log, so public kiosks cannot drain a queue's daily numbers (and a restart does not refill it).
  const admit: Admit = () => {
    const t = now();
    const hourly = kioskBudgetWait(hall.state, deviceId, t, limits.ticketsPerHour);
    if (hourly > 0) {
      const minutes = Math.ceil(hourly / 60);
      return {
        ...protocolError(
          'RATE_LIMITED',
          `本机一小时内已发出 ${limits.ticketsPerHour} 个号，请 ${minutes} 分钟后再试，或到其他取号机取号`,
          `This kiosk has issued ${limits.ticketsPerHour} tickets within the hour; try again in ${minutes} min or use another kiosk`,
        ),
        retryAfterSeconds: hourly,
      };
    }
    const wait = limits.tickets.waitFor(deviceId, t);
    return wait > 0 ? rateLimited(wait, '取号', 'tickets') : undefined;
  };
  handle(socket, 'ticket:take', takeTicketRequest, (req): Ack<TicketReceipt> => {
    const key = `${identity.actor}:${req.requestId}`;
    const result = hall.execute(
      {
        type: 'ticket.take',
        deviceId,
        queueId: req.queueId,
        itemId: req.itemId,
        class: req.greenChannel ? 'green' : 'walk_in',
        priorityReason: req.greenChannel,
      },
      identity.actor,
      key,
      admit,
    );
    if (!result.ok) return result;
    if (result.event.event.type !== 'ticket.issued') return duplicateMismatch();
    if (!result.duplicate) limits.tickets.take(deviceId, now());
    const receipt = receiptOf(hall, result.event.event.ticketId, result.duplicate ? now() : result.event.at);
    return { ok: true, seq: result.event.seq, result: { ...receipt, ticket: publicTicket(receipt.ticket) } };
  });
}

/**
 * Ticket actions away from the counter (过号重排, 作废, 绿色通道), for clerks
 * within their window's queues and for supervisors anywhere.
 */
function attachStaffTicketActions(socket: AnySocket, hall: HallService, identity: SocketIdentity, ownWindow: number | undefined, admit: Admit) {
  const staffId = identity.staff?.id ?? '';
  const by = { staffId, window: ownWindow };
  const wrongWindow = (window: number | undefined): Ack<never> | undefined =>
    ownWindow !== undefined && window !== undefined && window !== ownWindow ? forbiddenWindow(ownWindow, window) : undefined;
  handle(socket, 'ticket:requeue', requeueTicketRequest, (req): Ack<TicketReceipt> => {
    const refused = wrongWindow(req.window);
    if (refused) return refused;
    const executed = executeOnTicket(hall, identity, req.requestId, { type: 'ticket.requeue', ticketId: req.ticketId, by }, 'ticket.requeued', admit);
    return executed.ok ? { ...executed, result: receiptOf(hall, executed.result.ticket.id, hall.state.at) } : executed;
  });
  handle(socket, 'ticket:cancel', cancelTicketRequest, (req) => {
    const refused = wrongWindow(req.window);
    if (refused) return refused;
    return executeOnTicket(hall, identity, req.requestId, { type: 'ticket.cancel', ticketId: req.ticketId, reason: req.reason, note: req.note, by }, 'ticket.cancelled', admit);
  });
  handle(socket, 'ticket:prioritise', prioritiseTicketRequest, (req) => {
    const refused = wrongWindow(req.window);
    if (refused) return refused;
    return executeOnTicket(hall, identity, req.requestId, { type: 'ticket.prioritise', ticketId: req.ticketId, reason: req.reason, by }, 'ticket.prioritised', admit);
  });
}

function forbiddenWindow(ownWindow: number, window: number): Ack<never> {
  return {
    ok: false,
    error: protocolError('FORBIDDEN', `您登录的是 ${ownWindow} 号窗口，不能操作 ${window} 号窗口`, `Signed in to window ${ownWindow}, not window ${window}`, 'window'),
  };
}

function attachWindow(socket: AnySocket, hall: HallService, identity: SocketIdentity, admit: Admit) {
  const clerkId = identity.staff?.id ?? '';
  const ownWindow = identity.session?.window ?? -1;
  const key = (requestId: string) => `${identity.actor}:${requestId}`;

  const windowCommands = [
    ['window:open', windowCommandRequest, (r: { window: number }) => ({ type: 'window.open', clerkId, window: r.window })],
    ['window:close', windowCommandRequest, (r: { window: number }) => ({ type: 'window.close', clerkId, window: r.window })],
    ['window:resume', windowCommandRequest, (r: { window: number }) => ({ type: 'window.resume', clerkId, window: r.window })],
    ['post:take-over', windowCommandRequest, (r: { window: number }) => ({ type: 'post.take_over', clerkId, window: r.window })],
    [
      'window:pause',
      pauseWindowRequest,
      (r: z.infer<typeof pauseWindowRequest>) => ({ type: 'window.pause', clerkId, window: r.window, reason: r.reason, note: r.note }),
    ],
  ] as const;
  for (const [event, schema, build] of windowCommands) {
    handle(socket, event, schema, (req: { requestId: string; window: number }): Ack<null> => {
      if (req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
      const executed = hall.execute(build(req as never) as HallCommand, identity.actor, key(req.requestId), admit);
      return executed.ok ? { ok: true, seq: executed.event.seq, result: null } : executed;
    });
  }

  handle(socket, 'ticket:call-next', windowCommandRequest, (req) => {
    if (req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
    const executed = hall.execute({ type: 'ticket.call_next', clerkId, window: req.window }, identity.actor, key(req.requestId), admit);
    if (!executed.ok) return executed;
    if (executed.event.event.type !== 'ticket.called') return duplicateMismatch();
    return { ok: true, seq: executed.event.seq, result: { ticket: ticketOf(hall, executed.event.event.ticketId) } };
  });

  /** Commands on one ticket at this window: [socket event, command, event it produces]. */
  const ticketCommands = [
    ['ticket:call-number', 'ticket.call_number', 'ticket.called'],
    ['ticket:recall', 'ticket.recall', 'ticket.recalled'],
    ['ticket:start', 'ticket.start', 'ticket.serving_started'],
    ['ticket:complete', 'ticket.complete', 'ticket.completed'],
    ['ticket:no-show', 'ticket.no_show', 'ticket.no_show'],
    ['ticket:resume', 'ticket.resume', 'ticket.resumed'],
  ] as const;
  for (const [event, type, produces] of ticketCommands) {
    handle(socket, event, ticketActionRequest, (req) => {
      if (req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
      return executeOnTicket(hall, identity, req.requestId, { type, clerkId, window: req.window, ticketId: req.ticketId }, produces, admit);
    });
  }
  handle(socket, 'ticket:transfer', transferTicketRequest, (req) => {
    if (req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
    return executeOnTicket(
      hall,
      identity,
      req.requestId,
      { type: 'ticket.transfer', clerkId, window: req.window, ticketId: req.ticketId, toQueueId: req.toQueueId, toWindow: req.toWindow, note: req.note },
      'ticket.transferred',
      admit,
    );
  });
  handle(socket, 'ticket:park', parkTicketRequest, (req) => {
    if (req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
    return executeOnTicket(hall, identity, req.requestId, { type: 'ticket.park', clerkId, window: req.window, ticketId: req.ticketId, note: req.note }, 'ticket.parked', admit);
  });
  attachStaffTicketActions(socket, hall, identity, ownWindow, admit);
}

/**
 * 预约 on the sockets. Kiosk: slots, book (现场预约), check in and cancel by
 * code, rate-limited per kiosk (a check-in issues a ticket). Staff (/window,
 * /admin): book for a caller (电话预约) and cancel on the hall's side.
 */
function attachAppointments(socket: AnySocket, desk: AppointmentDesk, identity: SocketIdentity, limits: KioskLimits & { admitStaff: Admit }, now: () => number) {
  const role = identity.role;
  if (role === 'display') return;
  /** A request not answered before passes the gate (a retry is always answered: it costs nothing new). */
  const gated = (requestId: string, admit: Admit): Ack<never> | undefined => {
    if (desk.hall.knowsRequest(`${identity.actor}:${requestId}`)) return undefined;
    const refused = admit();
    return refused && { ok: false, error: refused };
  };
  const listKey = identity.session?.id ?? identity.actor;
  handle(socket, 'appointment:slots', appointmentSlotsRequest, (req) => {
    const wait = limits.slotLists.admit(listKey, now());
    return wait > 0 ? { ok: false, error: rateLimited(wait, '查询', 'slot lists') } : desk.slots(req.queueId);
  });
  if (role === 'kiosk') {
    const deviceId = identity.device?.id ?? '';
    const admitCode: Admit = () => {
      const wait = limits.codes.admit(deviceId, now());
      return wait > 0 ? rateLimited(wait, '操作', 'attempts') : undefined;
    };
    handle(socket, 'appointment:book', bookAppointmentRequest, (req) => {
      if (req.window !== undefined) return { ok: false, error: protocolError('BAD_REQUEST', '请求格式不正确', 'window is for staff bookings', 'window') };
      return gated(req.requestId, admitCode) ?? desk.book(req, { channel: 'kiosk', bookedBy: deviceId, actor: identity.actor });
    });
    handle(socket, 'appointment:check-in', appointmentCodeRequest, (req) => {
      const refused = gated(req.requestId, admitCode);
      if (refused) return refused;
      const result = desk.checkIn(req.code, deviceId, identity.actor, req.requestId);
      // A check-in issues a ticket: it counts against the kiosk's ticket rate like a take.
      if (result.ok) limits.tickets.take(deviceId, now());
      return result;
    });
    handle(socket, 'appointment:cancel', appointmentCodeRequest, (req) => gated(req.requestId, admitCode) ?? desk.cancelByCode(req.code, identity.actor, req.requestId));
    return;
  }
  const staffId = identity.staff?.id ?? '';
  const ownWindow = role === 'window' ? (identity.session?.window ?? -1) : undefined;
  const by = { staffId, window: ownWindow };
  handle(socket, 'appointment:book', bookAppointmentRequest, (req) => {
    if (ownWindow !== undefined && req.window !== undefined && req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
    return gated(req.requestId, limits.admitStaff) ?? desk.book(req, { channel: 'phone', bookedBy: staffId, actor: identity.actor, staff: by });
  });
  handle(socket, 'appointment:cancel', hallCancelAppointmentRequest, (req) => {
    if (ownWindow !== undefined && req.window !== undefined && req.window !== ownWindow) return forbiddenWindow(ownWindow, req.window);
    return gated(req.requestId, limits.admitStaff) ?? desk.cancelByHall(req.appointmentId, req.reason, by, identity.actor, req.requestId);
  });
}

/** A requestId reused for a different kind of command: refuse rather than misreport. */
function duplicateMismatch(): Ack<never> {
  const error: ProtocolError = protocolError('BAD_REQUEST', '请求编号已被另一操作使用', 'requestId was already used for a different command', 'requestId');
  return { ok: false, error };
}
