/**
 * What a socket command costs, and which budget pays (README § Limits and
 * failures). Every entry of the command registry names one cost class; the
 * registry asks `gate` at the moment the class says, and `charge` after a
 * command it accepted for the first time. The numbers are the hall file's
 * `limits` and `LIMITS` in limits.ts.
 *
 *   class            budget                                    asked                  refusal words
 *   staff            the clerk's or supervisor's session       new requests only      操作 / commands
 *   staff-at-door    the same                                  every request, before   操作 / commands
 *                                                              it is even read
 *   kiosk-ticket     the kiosk's hourly budget (from the log)  new requests only;     取号 / tickets
 *                    and its ticket rate                       every new take counts,
 *                                                              issued or refused
 *   kiosk-code       the kiosk's booking-code attempts         new requests only      操作 / attempts
 *   kiosk-check-in   as kiosk-code; a check-in issues a ticket, so once accepted it also counts as one
 *   slot-list        the kiosk or session                      every request          查询 / slot lists
 *   materials        the kiosk (paper)                         new requests only      打印告知单 / …
 *   print-status     the socket (real time)                    every request          查询打印结果 / …
 *   voice-report     the socket (real time)                    every request          语音状态上报 / …
 *   rating           the rating tablet (device)                new requests only      评价 / ratings
 *   planning         the supervisor's session                  every request          窗口测算 / planning queries
 *                    (a query reads weeks of history once a day; the rest is arithmetic, but not unbounded)
 *   report           the supervisor's session                  every request          查询报表 / reports
 *   self-limited     the handler bounds itself (sync-since.ts: per socket, rate, snapshots, one answer in flight)
 *
 * "New requests only": a retry of a request already answered is answered
 * again and costs nothing. For hall commands that is decided inside
 * `HallService.execute` (the gate runs after the log was searched for the
 * request key: one search, not two).
 */
import { kioskBudgetWait } from '../../state-machines/hall/kiosk-issuing.ts';
import { protocolError, type ProtocolError } from '../../state-machines/protocol/errors.ts';
import type { HallService } from '../hall/hall-service.ts';
import { LIMITS, rateLimited } from './limits.ts';
import { TokenBucket, TokenBuckets, type Rate } from './rate-limit.ts';

export type Cost =
  | 'staff'
  | 'staff-at-door'
  | 'kiosk-ticket'
  | 'kiosk-code'
  | 'kiosk-check-in'
  | 'slot-list'
  | 'materials'
  | 'print-status'
  | 'voice-report'
  | 'rating'
  | 'planning'
  | 'report'
  | 'self-limited';

/** When the registry asks a cost class: before reading the request, for new requests, for every request, or never (the handler bounds itself). */
export const ASKED = {
  staff: 'new',
  'staff-at-door': 'door',
  'kiosk-ticket': 'new',
  'kiosk-code': 'new',
  'kiosk-check-in': 'new',
  'slot-list': 'always',
  materials: 'new',
  'print-status': 'always',
  'voice-report': 'always',
  rating: 'new',
  planning: 'always',
  report: 'always',
  'self-limited': 'self',
} as const satisfies Record<Cost, 'door' | 'new' | 'always' | 'self'>;

/** Who pays, per connection: the registry's `Caller` carries these. */
export interface Payer {
  readonly deviceId: string;
  /** The staff session (or, without one, the actor): staff commands and slot lists are counted per session. */
  readonly sessionKey: string;
  /** Buckets of this socket (created on first use, gone with the socket). */
  readonly socketBuckets: Partial<Record<Cost, TokenBucket>>;
}

/** Socket-level costs: per socket, on the real clock (like the other socket bounds). */
const PER_SOCKET = {
  'print-status': { rate: LIMITS.printJobStatus, zh: '查询打印结果', en: 'print status look-ups' },
  'voice-report': { rate: LIMITS.displayVoice, zh: '语音状态上报', en: 'voice reports' },
} as const satisfies Partial<Record<Cost, { rate: Rate; zh: string; en: string }>>;

/** The hall's command budgets (one per hall server), on the hall's clock so tests can drive them. */
export class CommandCosts {
  private readonly tickets: TokenBuckets;
  /** Booking-code attempts per kiosk (check-in, cancel, booking): a code is a credential, so guessing is slowed. */
  private readonly codes: TokenBuckets;
  private readonly staff: TokenBuckets;
  private readonly slotLists = new TokenBuckets(LIMITS.slotLists.perMinute, LIMITS.slotLists.burst);
  /** Paper: material lists per kiosk. */
  private readonly materials = new TokenBuckets(LIMITS.printMaterials.perMinute, LIMITS.printMaterials.burst);
  /** 好差评 per rating tablet. */
  private readonly ratings = new TokenBuckets(LIMITS.ratings.perMinute, LIMITS.ratings.burst);
  /** 窗口测算 per supervisor session. */
  private readonly planning = new TokenBuckets(LIMITS.planning.perMinute, LIMITS.planning.burst);
  /** 统计报表 per supervisor session. */
  private readonly reports = new TokenBuckets(LIMITS.reports.perMinute, LIMITS.reports.burst);
  private readonly ticketsPerHour: number;

  constructor(
    private readonly hall: HallService,
    private readonly now: () => number,
  ) {
    const limits = hall.config.limits;
    this.tickets = new TokenBuckets(limits.kioskTicketsPerMinute, limits.kioskTicketBurst);
    this.codes = new TokenBuckets(limits.kioskTicketsPerMinute, limits.kioskTicketBurst);
    this.staff = new TokenBuckets(limits.staffCommandsPerMinute, limits.staffCommandBurst);
    this.ticketsPerHour = limits.kioskTicketsPerHour;
  }

  /** May this command go ahead? Takes a token when it may. */
  gate(cost: Cost, payer: Payer): ProtocolError | undefined {
    switch (cost) {
      case 'staff':
      case 'staff-at-door':
        return refusedIf(this.staff.admit(payer.sessionKey, this.now()), '操作', 'commands');
      case 'kiosk-ticket': {
        // Every new take costs a token, issued or refused: refused takes are cheap to decide but each is
        // remembered for its retry, so a kiosk looping on a refusal must be slowed like one taking tickets.
        const refused = this.ticketGate(payer.deviceId);
        if (refused === undefined) this.tickets.take(payer.deviceId, this.now());
        return refused;
      }
      case 'kiosk-code':
      case 'kiosk-check-in':
        return refusedIf(this.codes.admit(payer.deviceId, this.now()), '操作', 'attempts');
      case 'slot-list':
        return refusedIf(this.slotLists.admit(payer.sessionKey, this.now()), '查询', 'slot lists');
      case 'materials':
        return refusedIf(this.materials.admit(payer.deviceId, this.now()), '打印告知单', 'material lists printed at this kiosk');
      case 'rating':
        return refusedIf(this.ratings.admit(payer.deviceId, this.now()), '评价', 'ratings');
      case 'planning':
        return refusedIf(this.planning.admit(payer.sessionKey, this.now()), '窗口测算', 'planning queries');
      case 'report':
        return refusedIf(this.reports.admit(payer.sessionKey, this.now()), '查询报表', 'reports');
      case 'print-status':
      case 'voice-report': {
        const { rate, zh, en } = PER_SOCKET[cost];
        const bucket = (payer.socketBuckets[cost] ??= new TokenBucket(rate));
        return refusedIf(bucket.admit(Date.now()), zh, en);
      }
      case 'self-limited':
        return undefined;
      default:
        return unknownCost(cost);
    }
  }

  /** After a command was accepted for the first time (not a retry): what it costs beyond its gate. */
  charge(cost: Cost, payer: Payer): void {
    // A check-in issues a ticket: it counts against the kiosk's ticket rate like a take (a take paid at its gate).
    if (cost === 'kiosk-check-in') this.tickets.take(payer.deviceId, this.now());
  }

  /**
   * The burst rate per minute (a family taking several numbers, a stuck key) and a sustained budget per hour
   * counted from the log, so public kiosks cannot drain a queue's daily numbers (and a restart does not refill it).
   */
  private ticketGate(deviceId: string): ProtocolError | undefined {
    const t = this.now();
    const hourly = kioskBudgetWait(this.hall.state, deviceId, t, this.ticketsPerHour);
    if (hourly > 0) {
      const minutes = Math.ceil(hourly / 60);
      return {
        ...protocolError(
          'RATE_LIMITED',
          `本机一小时内已发出 ${this.ticketsPerHour} 个号，请 ${minutes} 分钟后再试，或到其他取号机取号`,
          `This kiosk has issued ${this.ticketsPerHour} tickets within the hour; try again in ${minutes} min or use another kiosk`,
        ),
        retryAfterSeconds: hourly,
      };
    }
    return refusedIf(this.tickets.waitFor(deviceId, t), '取号', 'tickets');
  }
}

function refusedIf(wait: number, whatZh: string, whatEn: string): ProtocolError | undefined {
  return wait > 0 ? rateLimited(wait, whatZh, whatEn) : undefined;
}

/** A cost class added to the union but not to the switch fails to compile here. */
function unknownCost(cost: never): never {
  throw new Error(`unknown cost class ${String(cost)}`);
}
