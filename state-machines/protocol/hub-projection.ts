/**
 * What of the hall's log leaves the hall for a city/province hub (README §
 * Hub). The hub needs the figures the hall is judged by — who waited how
 * long, which window served, the 好差评 levels, cases and their days — and
 * nothing about the person: a hub is seen by more people, farther away, and
 * 个人信息保护法 asks for the least data that does the job.
 *
 * So each event is shipped with the fields below removed, wherever they sit:
 * the masks of a booking's name and phone, its keyed phone hash (`personKey`:
 * it links one person's visits), the 8-digit check-in code (a bearer secret),
 * every free-text note and comment (a clerk may type a name into one: the
 * guide desk's question, answer and complaint too, and the person a visitor
 * was handed to), and the 办件编号 (it opens a case's status). Everything else is a number, an id
 * from the hall file, a clerk's 工号 or a time.
 *
 * A field added to an event must be classified: `tests/unit/hub-projection.test.ts`
 * walks every event's schema and fails on a key that is in neither list.
 */
export const HALL_ONLY_FIELDS = [
  'nameMasked',
  'phoneMasked',
  'personKey',
  'code',
  'note',
  'text',
  'receiptNo',
  // The guide desk's and the 咨询 window's words (首问负责, 办不成事反映): typed by staff about a person's matter.
  'question',
  'answer',
  'topic',
  'what',
  'reply',
  'handedToPerson',
  // 免费邮寄 (EMS): the recipient's masked address, and the waybill number that tracks the parcel to their door.
  'addressMasked',
  'waybillNo',
] as const;

const HALL_ONLY: ReadonlySet<string> = new Set(HALL_ONLY_FIELDS);

/** The event's payload as the hub receives it: the same JSON with every hall-only field removed at any depth. */
export function forHub(payload: unknown): unknown {
  if (Array.isArray(payload)) return payload.map(forHub);
  if (payload === null || typeof payload !== 'object') return payload;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) if (!HALL_ONLY.has(key)) out[key] = forHub(value);
  return out;
}
