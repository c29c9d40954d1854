/**
 * The hall configuration: one file per hall, validated at start-up.
 *
 * Everything the machines need to know about the physical hall lives here:
 * floors, queues, 事项 (items), windows and the queues each serves, staff with
 * their A/B posts, and the devices allowed to connect. The schema is the
 * single authority; the server refuses to start on a file that does not match
 * it and names the bad field (see `formatConfigError`).
 */
import { z } from 'zod';
import { checkPeripherals, peripheralsSchema } from '../devices/peripherals-config.ts';
import { configId } from '../domain/ids.ts';
import { formatTicketNumber, lastSequence, numberDigitsOf } from '../domain/ticket.ts';

const id = configId;
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 24-hour');

/** What of a paper the visitor brings: 原件 (shown, handed back), 复印件 (kept), or 原件及复印件. */
export const MATERIAL_FORMS = ['original', 'copy', 'both'] as const;

const WINDOW_TYPES = ['综合受理', '综合出件', '咨询', '即办', '部门专区', '一件事', '通办', 'EMS'] as const;

const bilingualName = z.object({
  zh: z.string().min(1).max(40),
  en: z.string().min(1).max(60),
});
export type BilingualName = z.infer<typeof bilingualName>;

const floorSchema = z.object({
  id,
  name: bilingualName,
  zones: z.array(z.object({ id, name: bilingualName })).default([]),
});

const queueSchema = z.object({
  id,
  /** One capital letter printed before the daily number: A001. */
  prefix: z.string().regex(/^[A-Z]$/, 'one capital letter A–Z'),
  name: bilingualName,
  floor: id,
  zone: id.optional(),
  /**
   * Digits after the prefix: 3 (A001–A999, the default) or 4 (A0001–A9999)
   * for a queue that issues more than 999 tickets a day.
   */
  numberDigits: z.union([z.literal(3), z.literal(4)], { error: 'use 3 (A001–A999) or 4 (A0001–A9999)' }).optional(),
  /** 每日限号: at most this many tickets a day (1–999, or up to 9999 with numberDigits 4). */
  dailyCap: z.number().int().min(1).max(9999).optional(),
  /** 停止取号: no new tickets from this local time on (e.g. "16:30"). */
  cutoff: localTime.optional(),
  /** Expected minutes per visitor, used for the wait estimate until the day has real service times. */
  serviceMinutes: z.number().min(0.5).max(240).optional(),
  /** 建议增开窗口: the supervisor desk warns once this queue's oldest waiting ticket has waited longer (overrides queueRules.longWaitMinutes). */
  longWaitMinutes: z.number().int().min(1).max(480).optional(),
  /**
   * 预约: this queue takes appointments. Slots cut the hall's opening sessions
   * (hall.hours) into `slotMinutes` pieces; each slot takes `capacity` bookings.
   * `openDays`: ISO weekdays (1 = Monday … 7 = Sunday), default Monday–Friday.
   */
  appointments: z
    .object({
      slotMinutes: z.number().int().min(5).max(240),
      capacity: z.number().int().min(1).max(100),
      openDays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
    })
    .optional(),
});
export type QueueConfig = z.infer<typeof queueSchema>;

/**
 * One paper of the 一次性告知: a plain name ("居民身份证原件", the form of hall files before), or the name with
 * what to bring — `form` 原件 (shown and handed back), 复印件 (kept), or both — and how many `copies` (份数).
 */
const materialSchema = z.preprocess(
  // The plain name is read as { name } (so a bad field is named, "materials[2].form", and not a union's "Invalid input").
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.strictObject({
    name: z.string().min(1).max(120),
    form: z.enum(MATERIAL_FORMS).optional(),
    copies: z.number().int().min(1).max(20).optional(),
    /** A word on the paper ("近3个月内", "委托办理时提交"). */
    note: z.string().min(1).max(80).optional(),
  }),
);
export type MaterialConfig = z.infer<typeof materialSchema>;

/** Lines of the 一次性告知书 (办理依据, 受理条件, 办理流程): short sentences, in the order read. */
const noticeLines = z.array(z.string().min(1).max(200)).max(20);
/** 拼音首字母 for the kiosk's search ("bdcdj" for 不动产登记): filled by the server's loader from the name when absent; write it to settle a 多音字. */
const pinyinInitials = z.string().regex(/^[a-z]{1,60}$/, 'lower-case pinyin initials, e.g. "bdcdj"');

/**
 * What an item and a 一件事 bundle both have: the name the visitor finds (拼音首字母 too), the queue that
 * serves it, and the parts of the 一次性告知书 that are not papers.
 */
const choiceFields = {
  id,
  name: z.string().min(1).max(60),
  nameEn: z.string().min(1).max(100).optional(),
  /** The queue whose windows accept it (a bundle: the hall's 一件事 windows). */
  queue: id,
  /** 承诺时限: working days from 受理 to completion (0: 即办件); unset: an item, the hall's cases.defaultPromiseDays; a bundle, the longest of its items'. */
  promiseDays: z.number().int().min(0).max(365).optional(),
  /** 受理条件: who may apply and when (a bundle's own come before its items'). */
  conditions: noticeLines.optional(),
  /** 办理流程: the steps, in order (a bundle's replace its items'). */
  steps: noticeLines.optional(),
  /** 收费: "不收费", or the fee and its basis. */
  fee: z.string().min(1).max(120).optional(),
  pinyin: pinyinInitials.optional(),
};

const itemSchema = z.object({
  ...choiceFields,
  /** 一次性告知: every paper the visitor must bring, in the order clerks check them. */
  materials: z.array(materialSchema).min(1).max(40),
  /** 办理依据: the laws and rules the item rests on. */
  basis: noticeLines.optional(),
});
export type ItemConfig = z.infer<typeof itemSchema>;

/**
 * 一件事: several items accepted together at one window on one ticket (新生儿出生"一件事"). The visitor
 * chooses it like an item; its id shares the items' namespace (a ticket's itemId names either), and its
 * 一次性告知 merges its items' (each paper once).
 */
const bundleSchema = z.object({
  ...choiceFields,
  items: z.array(id).min(2).max(12),
});
export type BundleConfig = z.infer<typeof bundleSchema>;

const windowSchema = z.object({
  /** The number painted above the window and spoken in calls ("请到 5 号窗口"). */
  number: z.number().int().min(1).max(999),
  name: z.string().min(1).max(40),
  /** The name in English, for the English switch of panels and screens. */
  nameEn: z.string().min(1).max(80).optional(),
  type: z.enum(WINDOW_TYPES),
  floor: id,
  zone: id.optional(),
  /** Queues this window serves, most important first. */
  queues: z.array(id).min(1),
  /** AB岗: the clerk on post A and the clerk who covers on post B. */
  posts: z.object({ a: id, b: id.optional() }),
});
export type WindowConfig = z.infer<typeof windowSchema>;

const staffSchema = z.object({
  /** 工号 */
  id,
  name: z.string().min(1).max(20),
  photo: z.string().max(200).optional(),
  /** clerk: a window; supervisor: the 值班主任台; guide: the 导办台 (README § The guide desk). */
  role: z.enum(['clerk', 'supervisor', 'guide']).default('clerk'),
  /** scrypt$N$r$p$salt(base64)$hash(base64); create with `npm run hash-pin`. */
  pinHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must be made with `npm run hash-pin`'),
});
export type StaffConfig = z.infer<typeof staffSchema>;

const deviceSchema = z.object({
  id,
  kind: z.enum(['kiosk', 'display']),
  name: z.string().min(1).max(40),
  floor: id,
  /** A kiosk in the 7×24 self-service area (自助服务区). */
  selfServiceArea: z.boolean().default(false),
  /** A display bound to one window (窗口屏) rather than the hall (综合屏). */
  window: z.number().int().optional(),
  /**
   * A 综合屏 shows the whole hall, or only its own floor (楼层屏: that floor's
   * windows, the calls to them, and the queues they serve).
   */
  scope: z.enum(['hall', 'floor']).default('hall'),
  /** A display bound to a window may be that window's rating tablet (评价器, facing the visitor) instead of its window screen. */
  layout: z.enum(['screen', 'rating']).default('screen'),
  /**
   * Shared secret the device presents when it connects (at least 16
   * characters). Optional: a device without one is paired from the supervisor
   * desk (设备管理), which gives it a token of its own.
   */
  token: z.string().min(16).max(200).optional(),
});
export type DeviceConfig = z.infer<typeof deviceSchema>;

/**
 * The queue rules (叫号规则) and their settings. Every field has a default, so
 * a hall file may leave the whole section out. README § "Queue rules" explains each.
 */
const queueRulesSchema = z
  .object({
    /** 重呼: total calls of a ticket at one counter visit, the first call included. */
    recall: z.object({ maxCalls: z.number().int().min(1).max(10).default(3) }).prefault({}),
    /** 过号. */
    noShow: z
      .object({
        /** Seconds after the first call before the clerk may mark 过号. */
        graceSeconds: z.number().int().min(0).max(1800).default(120),
        /** requeue: 过号重排 once the visitor comes back; void: 过号无效，请重新取号. */
        policy: z.enum(['requeue', 'void']).default('requeue'),
        /** A requeued ticket goes behind this many waiting tickets of its queue. */
        requeueBehind: z.number().int().min(0).max(50).default(3),
        /** How many times one ticket may be requeued. */
        maxRequeues: z.number().int().min(0).max(5).default(1),
      })
      .prefault({}),
    /**
     * 防止插队饿死: how priority (绿色通道, appointments), the window's own queue
     * order and first-come share a window. See call-order.ts and the README.
     */
    fairness: z
      .object({
        /**
         * A priority ticket lines up as if it had come this many minutes
         * earlier: it goes before walk-ins who came up to this long before it,
         * never before those who came earlier.
         */
        priorityLeadMinutes: z.number().int().min(0).max(480).default(30),
        /**
         * Each step down a window's queue list counts as coming this many
         * minutes later, so a window prefers its own business but a ticket of
         * its later queues is never passed by one that came more than
         * (steps × this) after it. 0 = plain first come across the window's queues.
         */
        queueStepMinutes: z.number().int().min(0).max(480).default(10),
        /** After this many priority calls in a row at a window, a waiting walk-in is called next. */
        maxPriorityStreak: z.number().int().min(1).max(50).default(3),
      })
      .prefault({}),
    /** 预计等待. */
    estimate: z
      .object({
        /** Recent completed services per queue that the estimate averages. */
        samples: z.number().int().min(1).max(200).default(20),
        /** Minutes per visitor before a queue has enough real samples (a queue's serviceMinutes overrides). */
        defaultServiceMinutes: z.number().min(0.5).max(240).default(8),
      })
      .prefault({}),
    /** 建议增开窗口: minutes the oldest waiting ticket of a queue may wait before the supervisor desk warns (a queue's longWaitMinutes overrides). */
    longWaitMinutes: z.number().int().min(1).max(480).default(20),
    /** 手机提醒: the ticket's phone page alerts the visitor (sound, vibration, a full-screen banner) once this many or fewer are ahead, and at every call. */
    phoneAlert: z.object({ aheadAtMost: z.number().int().min(0).max(50).default(3) }).prefault({}),
  })
  .prefault({});
export type QueueRules = z.infer<typeof queueRulesSchema>;

/**
 * Abuse limits (防刷): a stuck key or a prankster at a kiosk, PIN guessing at
 * a window panel. Defaults suit a county hall; a city hall's busiest kiosk
 * issues about one ticket every 10 s at the peak.
 */
const limitsSchema = z
  .object({
    /** Tickets one kiosk may issue per minute, sustained. */
    kioskTicketsPerMinute: z.number().int().min(1).max(100_000).default(12),
    /** Tickets one kiosk may issue in a quick burst (a family taking several numbers). */
    kioskTicketBurst: z.number().int().min(1).max(100_000).default(6),
    /**
     * Tickets one kiosk may issue in any 60 minutes: the sustained budget that keeps public kiosks from
     * draining a queue's daily numbers (the burst rate alone would let 4 kiosks empty 999 in 21 minutes).
     * About twice what the busiest kiosk issues in the busiest hour; the desk alerts well before.
     */
    kioskTicketsPerHour: z.number().int().min(1).max(1_000_000).default(240),
    /** Commands one clerk or supervisor session may send per minute (each accepted one is written to the log): generous for people, a wall for a stuck key or a script. */
    staffCommandsPerMinute: z.number().int().min(1).max(1_000_000).default(120),
    /** …and in a quick burst. */
    staffCommandBurst: z.number().int().min(1).max(1_000_000).default(60),
    /** Connections one device token or session may open per minute (each one is answered with a full snapshot of the hall). */
    connectsPerMinute: z.number().int().min(1).max(1_000_000).default(60),
    /** Live sockets one device token or session may hold; a new one closes the oldest. */
    socketsPerToken: z.number().int().min(1).max(100_000).default(32),
    /**
     * New Socket.IO (Engine.IO) handshakes one network address may open per minute, before any token is
     * shown: each costs memory until it joins a role or times out. The server's own machine (loopback) is
     * not limited by address, only by `engineSessions`.
     */
    handshakesPerAddressPerMinute: z.number().int().min(1).max(1_000_000).default(30),
    /** Engine.IO sessions the server holds at most (every kiosk, display, panel and desk tab is one). */
    engineSessions: z.number().int().min(10).max(1_000_000).default(3000),
    /**
     * Wrong PINs from one address for one 工号 (×4 from one address across
     * 工号) before each further try there waits 15 s, doubling. Also how many
     * wrong PINs for one 工号 from anywhere raise an alert on the supervisor
     * desk. Nothing is ever locked by 工号 alone (server/auth/login-guard.ts).
     */
    loginFailuresBeforeLock: z.number().int().min(1).max(100).default(5),
    /** The longest wait between tries (the doubling stops here). */
    loginLockMinutes: z.number().int().min(1).max(1440).default(15),
  })
  .prefault({});
export type Limits = z.infer<typeof limitsSchema>;

/**
 * 预约服务制度 (seed 003): the hall-wide appointment rules. Every field has a
 * default, so a hall file may leave the whole section out.
 */
const appointmentRulesSchema = z
  .object({
    /** Check-in opens this many minutes before the slot start. */
    checkInEarlyMinutes: z.number().int().min(0).max(240).default(30),
    /** …and closes this many minutes after it (seed 003 §4: 30 min late = 视为放弃). Later = forfeited (爽约). */
    checkInLateMinutes: z.number().int().min(0).max(240).default(30),
    /** This many no-shows within `blockDays`… */
    noShowsBeforeBlock: z.number().int().min(1).max(20).default(2),
    /** …block new bookings of that person for this many days after the no-show that made the count. */
    blockDays: z.number().int().min(1).max(365).default(90),
    /** The hall may cancel a booking only this many hours before its slot (seed 003 §3: 提前 8 小时告知). */
    hallCancelNoticeHours: z.number().int().min(0).max(168).default(8),
    /** Bookings one person (phone number) may hold per day. */
    maxPerPersonPerDay: z.number().int().min(1).max(10).default(1),
    /** How many days ahead a slot may be booked (today = 0). */
    bookAheadDays: z.number().int().min(0).max(60).default(7),
  })
  .prefault({});
export type AppointmentRules = z.infer<typeof appointmentRulesSchema>;

/** An online booking channel (政务服务网, 小程序) with its own API token for the REST API. */
const channelSchema = z.object({
  id,
  name: z.string().min(1).max(40),
  /** Shared secret sent as `Authorization: Bearer <token>`. At least 24 characters. */
  token: z.string().min(24).max(200),
});
export type ChannelConfig = z.infer<typeof channelSchema>;

/** AB岗 rules. */
const staffingRulesSchema = z
  .object({
    /** A single-post window (no B) whose A has been away this many hours of opening time is escalated to the supervisor. */
    singlePostEscalateHours: z.number().min(0.5).max(24).default(4),
  })
  .prefault({});
type StaffingRules = z.infer<typeof staffingRulesSchema>;

/**
 * 好差评 (README § 好差评). Optional: a hall file without it invites no ratings
 * (a hall upgraded keeps deciding as before until it configures them).
 */
const ratingReasonSchema = z.object({ id, zh: z.string().min(1).max(20), en: z.string().min(1).max(60) });
const ratingsSchema = z.object({
  /** The window's pad and tablet may rate for this long after 办结. */
  windowSeconds: z.number().int().min(10).max(3600).default(120),
  /** The phone page may rate for this long after 办结; unset: until the end of the service day. */
  phoneMinutes: z.number().int().min(1).max(1440).optional(),
  /** Reasons to tick for 不满意 and 非常不满意 (hall practice: the usual complaints at a counter). */
  reasons: z
    .array(ratingReasonSchema)
    .min(1)
    .max(12)
    .default([
      { id: 'slow', zh: '办理效率低', en: 'Slow service' },
      { id: 'attitude', zh: '服务态度差', en: 'Poor attitude' },
      { id: 'unclear', zh: '告知不清楚', en: 'Unclear explanation' },
      { id: 'repeat_trips', zh: '多次跑腿', en: 'Had to come back again' },
      { id: 'long_wait', zh: '等候时间长', en: 'Long wait' },
      { id: 'other', zh: '其他', en: 'Other' },
    ]),
  /** Optional secondary items the visitor may rate too (offline 好差评: 服务效率, 服务态度, 服务水平). Empty: the overall level only. */
  secondary: z
    .array(ratingReasonSchema)
    .max(6)
    .default([
      { id: 'efficiency', zh: '服务效率', en: 'Efficiency' },
      { id: 'attitude', zh: '服务态度', en: 'Attitude' },
      { id: 'competence', zh: '服务水平', en: 'Competence' },
    ]),
  /** 差评整改: a follow-up must be closed within this many of the hall's working days (national rule: 15). */
  followUpWorkingDays: z.number().int().min(1).max(60).default(15),
  /**
   * How 未评价 (nobody rated in time) counts in the reports' 满意率: 'excluded' (default) leaves it out —
   * 满意率 is over the ratings given; 'satisfied' counts it as 满意, as some provinces' rules do. 参评率 shows it either way.
   */
  unratedInReports: z.enum(['excluded', 'satisfied']).default('excluded'),
});
export type RatingsConfig = z.infer<typeof ratingsSchema>;
export type CasesConfig = HallConfig['cases'];
export type GuideConfig = HallConfig['guide'];

/**
 * 窗口测算 (README § Window planning): the waiting target the planner staffs for, and how much history it reads.
 * Defaults: 90% of visitors called within 15 minutes (the ≤15-minute wait halls publish), the last 8 weeks.
 */
const planningSchema = z
  .object({
    target: z
      .object({
        /** Share of visitors to call within the time: 0.9 = 90%. */
        share: z.number().min(0.5).max(0.99).default(0.9),
        withinMinutes: z.number().int().min(1).max(240).default(15),
      })
      .prefault({}),
    /** Weeks of history read (each weekday averages over its days in them); at most 12 so a query stays bounded. */
    historyWeeks: z.number().int().min(1).max(12).default(8),
  })
  .prefault({});
export type PlanningConfig = z.infer<typeof planningSchema>;

const sessionSchema = z.object({ start: localTime, end: localTime });

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const weekday = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);

/**
 * The hall's calendar (see state-machines/hall/schedule.ts). Optional: a hall
 * file without it takes tickets at any time (as before the schedule existed).
 */
const scheduleSchema = z.object({
  /** Opening sessions per weekday; a weekday left out is closed. Without `week`: hall.hours Monday–Friday. */
  week: z.partialRecord(weekday, z.array(sessionSchema)).optional(),
  /** 法定节假日: closed. */
  holidays: z.array(date).default([]),
  /** 调休上班: a weekend day worked with the hours of weekday `as`. */
  workdays: z.array(z.object({ date, as: weekday.default('mon') })).default([]),
  /** Special service days (便民服务日, 周末延时): their own hours. */
  special: z.array(z.object({ date, hours: z.array(sessionSchema), note: z.string().max(60).optional() })).default([]),
  /** 取号 opens this many minutes before the first session. */
  ticketsFromMinutesBefore: z.number().int().min(0).max(240).default(30),
  /** 停止取号 this many minutes before the last session ends. */
  ticketsUntilMinutesBefore: z.number().int().min(0).max(240).default(30),
  /** 午间错时: windows that stay open through the midday gap (tickets keep being issued for them). */
  staggeredWindows: z.array(z.number().int().min(1).max(999)).default([]),
});
type ScheduleConfigSection = z.infer<typeof scheduleSchema>;

/**
 * The kiosk's voice (长辈模式 and the 语音播报 button read each screen aloud).
 * `rate`: the browser voice's rate (1 its normal speed); the server audio plays at rate / 0.85 of its own speed.
 * `volume`: 0.1–1 of the kiosk's speaker.
 */
const kioskVoiceSchema = z.object({
  rate: z.number().min(0.5).max(1.5).default(0.85),
  volume: z.number().min(0.1).max(1).default(1),
});
export type KioskVoiceConfig = z.infer<typeof kioskVoiceSchema>;

/** 绿色通道: a visitor whose ID card says they are at least `elderlyAge` is offered 绿色通道（老年人） (README § ID cards). */
const greenChannelSchema = z.object({ elderlyAge: z.number().int().min(50).max(100).default(60) });
export type GreenChannelConfig = z.infer<typeof greenChannelSchema>;

export const hallConfigSchema = z
  .object({
    hall: z.object({
      id,
      name: z.string().min(1).max(60),
      nameEn: z.string().min(1).max(100),
      timezone: z.string().refine(isTimeZone, 'not an IANA time zone such as Asia/Shanghai'),
      /** Opening sessions of a normal working day, e.g. 08:30–12:00 and 14:00–17:30. */
      hours: z.array(sessionSchema).min(1),
    }),
    floors: z.array(floorSchema).min(1),
    queueRules: queueRulesSchema,
    limits: limitsSchema,
    appointmentRules: appointmentRulesSchema,
    /** Online booking channels allowed to use the appointments REST API. */
    channels: z.array(channelSchema).default([]),
    schedule: scheduleSchema.optional(),
    staffingRules: staffingRulesSchema,
    ratings: ratingsSchema.optional(),
    /** 办件 (README § Cases): promised days, 容缺 time and the desk's 限时办结 warning. */
    cases: z
      .object({
        /** 承诺时限 of an item that names none, in working days (行政许可法 第四十二条: 二十日). */
        defaultPromiseDays: z.number().int().min(0).max(365).default(20),
        /** 容缺受理: working days the visitor has to bring the missing papers. */
        pendingWorkingDays: z.number().int().min(1).max(60).default(5),
        /** The supervisor desk lists open cases due within this many working days (and every overdue one). */
        dueSoonWorkingDays: z.number().int().min(0).max(30).default(3),
      })
      .prefault({}),
    /** 导办台 (README § The guide desk): complaints' deadline, and which queues are 咨询 (enquiries recorded at 办结). */
    guide: z
      .strictObject({
        /** 办不成事反映: working days to answer a complaint by (its due day; overdue after). */
        complaintWorkingDays: z.number().int().min(1).max(30).default(5),
        /** Queues whose tickets are enquiries (咨询): at 办结 the clerk records the enquiry, not a case — at any window, as at a 咨询 window. */
        enquiryQueues: z.array(id).max(20).default([]),
      })
      .prefault({}),
    planning: planningSchema,
    queues: z.array(queueSchema).min(1),
    items: z.array(itemSchema),
    /** 一件事 bundles (README § Items and bundles); optional. */
    bundles: z.array(bundleSchema).default([]),
    windows: z.array(windowSchema).min(1),
    staff: z.array(staffSchema).min(1),
    devices: z.array(deviceSchema),
    /** Printers, scanners, keypads (devices issue); optional. */
    peripherals: peripheralsSchema.prefault({}),
    kioskVoice: kioskVoiceSchema.prefault({}),
    greenChannel: greenChannelSchema.prefault({}),
    /**
     * /metrics: served to this machine (loopback) always, and to another machine that sends
     * `Authorization: Bearer <token>` (at least 16 characters; METRICS_TOKEN in the environment takes precedence).
     */
    metrics: z.object({ token: z.string().min(16).max(200).optional() }).optional(),
  })
  .superRefine((cfg, ctx) => {
    const floorIds = new Set(cfg.floors.map((f) => f.id));
    const zoneIds = new Set(cfg.floors.flatMap((f) => f.zones.map((z) => z.id)));
    const queueIds = new Set(cfg.queues.map((q) => q.id));
    const staffIds = new Set(cfg.staff.map((s) => s.id));
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    unique(
      cfg.queues.map((q) => q.id),
      (i, v) => issue(['queues', i, 'id'], `duplicate queue id "${v}"`),
    );
    unique(
      cfg.queues.map((q) => q.prefix),
      (i, v) => issue(['queues', i, 'prefix'], `prefix "${v}" is used by two queues`),
    );
    unique(
      cfg.items.map((q) => q.id),
      (i, v) => issue(['items', i, 'id'], `duplicate item id "${v}"`),
    );
    unique(
      cfg.windows.map((w) => w.number),
      (i, v) => issue(['windows', i, 'number'], `window number ${v} appears twice`),
    );
    unique(
      cfg.staff.map((s) => s.id),
      (i, v) => issue(['staff', i, 'id'], `duplicate 工号 "${v}"`),
    );
    unique(
      cfg.devices.map((d) => d.id),
      (i, v) => issue(['devices', i, 'id'], `duplicate device id "${v}"`),
    );
    unique(
      cfg.devices.map((d) => d.token ?? `(none ${d.id})`),
      (i) => issue(['devices', i, 'token'], 'two devices share a token'),
    );
    unique(
      cfg.channels.map((c) => c.id),
      (i, v) => issue(['channels', i, 'id'], `duplicate channel id "${v}"`),
    );
    const deviceTokens = new Set(cfg.devices.flatMap((d) => (d.token === undefined ? [] : [d.token])));
    unique(
      cfg.channels.map((c) => c.token),
      (i) => issue(['channels', i, 'token'], 'two channels share a token'),
    );
    cfg.channels.forEach((c, i) => {
      if (deviceTokens.has(c.token)) issue(['channels', i, 'token'], 'a channel token must differ from every device token');
    });
    cfg.queues.forEach((q, i) => {
      const last = lastSequence(q);
      if (q.dailyCap !== undefined && q.dailyCap > last) {
        issue(
          ['queues', i, 'dailyCap'],
          `dailyCap ${q.dailyCap} needs more digits: ${numberDigitsOf(q)}-digit numbers end at ${formatTicketNumber(q.prefix, last, numberDigitsOf(q))}; set numberDigits to 4`,
        );
      }
      if (!floorIds.has(q.floor)) issue(['queues', i, 'floor'], `unknown floor "${q.floor}"`);
      if (q.zone && !zoneIds.has(q.zone)) issue(['queues', i, 'zone'], `unknown zone "${q.zone}"`);
    });
    cfg.items.forEach((it, i) => {
      if (!queueIds.has(it.queue)) issue(['items', i, 'queue'], `unknown queue "${it.queue}"`);
    });
    checkBundles(cfg, queueIds, issue);
    cfg.windows.forEach((w, i) => {
      if (!floorIds.has(w.floor)) issue(['windows', i, 'floor'], `unknown floor "${w.floor}"`);
      if (w.zone && !zoneIds.has(w.zone)) issue(['windows', i, 'zone'], `unknown zone "${w.zone}"`);
      w.queues.forEach((q, j) => {
        if (!queueIds.has(q)) issue(['windows', i, 'queues', j], `unknown queue "${q}"`);
      });
      unique(w.queues, (j, v) => issue(['windows', i, 'queues', j], `queue "${v}" listed twice`));
      if (!staffIds.has(w.posts.a)) issue(['windows', i, 'posts', 'a'], `unknown 工号 "${w.posts.a}"`);
      if (w.posts.b !== undefined && !staffIds.has(w.posts.b)) issue(['windows', i, 'posts', 'b'], `unknown 工号 "${w.posts.b}"`);
      if (w.posts.b === w.posts.a) issue(['windows', i, 'posts', 'b'], 'post B must be a different clerk from post A');
    });
    cfg.guide.enquiryQueues.forEach((q, j) => {
      if (!queueIds.has(q)) issue(['guide', 'enquiryQueues', j], `unknown queue "${q}"`);
    });
    const windowNumbers = new Set(cfg.windows.map((w) => w.number));
    cfg.devices.forEach((d, i) => {
      if (!floorIds.has(d.floor)) issue(['devices', i, 'floor'], `unknown floor "${d.floor}"`);
      if (d.window !== undefined && !windowNumbers.has(d.window)) issue(['devices', i, 'window'], `unknown window ${d.window}`);
      if (d.layout === 'rating' && (d.kind !== 'display' || d.window === undefined))
        issue(['devices', i, 'layout'], 'a rating tablet is a display bound to a window');
    });
    const kioskIds = new Set(cfg.devices.filter((d) => d.kind === 'kiosk').map((d) => d.id));
    checkPeripherals(cfg.peripherals, kioskIds, windowNumbers, issue);
    for (const q of cfg.queues) {
      if (!cfg.windows.some((w) => w.queues.includes(q.id))) {
        issue(['queues', cfg.queues.indexOf(q), 'id'], `no window serves queue "${q.id}"`);
      }
    }
  });

export type HallConfig = z.infer<typeof hallConfigSchema>;

/** A bundle's id is not an item's (a ticket's itemId names one or the other), its items exist, each once, and its queue does. */
function checkBundles(
  cfg: { items: ItemConfig[]; bundles: BundleConfig[] },
  queueIds: ReadonlySet<string>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const itemIds = new Set(cfg.items.map((i) => i.id));
  unique(
    cfg.bundles.map((b) => b.id),
    (i, v) => issue(['bundles', i, 'id'], `duplicate bundle id "${v}"`),
  );
  cfg.bundles.forEach((b, i) => {
    if (itemIds.has(b.id)) issue(['bundles', i, 'id'], `"${b.id}" is already an item's id`);
    if (!queueIds.has(b.queue)) issue(['bundles', i, 'queue'], `unknown queue "${b.queue}"`);
    b.items.forEach((it, j) => {
      if (!itemIds.has(it)) issue(['bundles', i, 'items', j], `unknown item "${it}"`);
    });
    unique(b.items, (j, v) => issue(['bundles', i, 'items', j], `item "${v}" listed twice`));
  });
}

function unique<T>(values: readonly T[], onDuplicate: (index: number, value: T) => void): void {
  const seen = new Set<T>();
  values.forEach((v, i) => {
    if (seen.has(v)) onDuplicate(i, v);
    seen.add(v);
  });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** "windows[3].posts.a: unknown 工号 "9999"" — one line per problem, naming the field. */
export function formatConfigError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
      return `${path || '(root)'}: ${i.message}`;
    })
    .join('\n');
}

/**
 * What every client may know about the hall: no tokens, no PIN hashes.
 * Staff appear with name and 工号 only (信息公开, seed 004 §12).
 */
export interface PublicHallConfig {
  hall: { id: string; name: string; nameEn: string; timezone: string; hours: { start: string; end: string }[] };
  floors: HallConfig['floors'];
  queueRules: QueueRules;
  appointmentRules: AppointmentRules;
  /** Opening days and hours (public: kiosks say when tickets resume). */
  schedule?: ScheduleConfigSection | undefined;
  staffingRules: StaffingRules;
  /** 好差评 settings (public: the rating tablet and the phone page show the levels and reasons). */
  ratings?: RatingsConfig | undefined;
  /** 办件: promised days (the panel shows the clerk the day it will promise) and the desk's warnings. */
  cases: CasesConfig;
  /** 导办台: complaints' deadline and the 咨询 queues (the panel offers the enquiry dialog for them). */
  guide: GuideConfig;
  queues: QueueConfig[];
  items: ItemConfig[];
  /** 一件事 bundles (optional: a public hall file of before has none). */
  bundles?: BundleConfig[] | undefined;
  windows: WindowConfig[];
  staff: { id: string; name: string; photo?: string | undefined }[];
  /** Kiosks by id and name (no tokens): the 值班主任台 names a kiosk issuing far above the others. Optional so a full HallConfig still fits where a public one is asked for. */
  kiosks?: { id: string; name: string }[] | undefined;
  /** The kiosk's sustained ticket budget (the desk's alert is measured against it). */
  limits: Pick<Limits, 'kioskTicketsPerHour'>;
  /** The kiosk's voice and the ID card's age for the green channel (optional: a hall file of before has the defaults). */
  kioskVoice?: KioskVoiceConfig | undefined;
  greenChannel?: GreenChannelConfig | undefined;
}

/**
 * The hall file as clients may see it: no tokens, PIN hashes or channel secrets. Staff: the public
 * (kiosks, displays, `/api/hall`) learn only the clerks — their name, 工号 and photo are shown on the
 * window screens anyway (信息公开) — and never supervisors' 工号, which would only help someone guess
 * at the sign-in; window panels and the supervisor desk get everyone.
 */
export function toPublicConfig(cfg: HallConfig, audience: 'public' | 'staff' = 'public'): PublicHallConfig {
  return {
    hall: cfg.hall,
    floors: cfg.floors,
    queueRules: cfg.queueRules,
    appointmentRules: cfg.appointmentRules,
    schedule: cfg.schedule,
    staffingRules: cfg.staffingRules,
    ratings: cfg.ratings,
    cases: cfg.cases,
    guide: cfg.guide,
    queues: cfg.queues,
    items: cfg.items,
    bundles: cfg.bundles,
    windows: cfg.windows,
    staff: cfg.staff.filter((s) => audience === 'staff' || s.role === 'clerk').map((s) => ({ id: s.id, name: s.name, photo: s.photo })),
    kiosks: cfg.devices.filter((d) => d.kind === 'kiosk').map((d) => ({ id: d.id, name: d.name })),
    limits: { kioskTicketsPerHour: cfg.limits.kioskTicketsPerHour },
    kioskVoice: cfg.kioskVoice,
    greenChannel: cfg.greenChannel,
  };
}
