/**
 * Events read back from the log are checked before anything uses them: a row
 * whose payload is not an event of `hallEventSchema` (state-machines/domain/
 * events.ts) — an unknown type, a missing or mistyped field, a value outside
 * its enum — is refused with an error naming its seq, instead of being folded
 * into the state or sent to screens as if it were one.
 *
 * Not `hallEventSchema.parse` itself: at start-up every event after the
 * checkpoint is read, and zod more than doubles the cost of reading one (on
 * the bench's replay log, 200k events: JSON.parse 0.58 µs an event, zod's
 * safeParse +0.91 µs, this check +0.16 µs; replaying 1M events from the
 * first, best of three: 7.24 s before, 7.40 s with this check, 7.96 s with
 * zod — about a tenth more). This check is compiled once
 * from the same schema — per event type, each field's presence and kind, and
 * enum and literal values — so it stays complete as events are added (a field
 * kind it cannot check stops the server at load, not silently). It checks
 * less than zod (no lengths, ranges or integer-ness: the hall wrote those
 * values through the same schemas and decide; the hash chain tells whether a
 * row was altered since) and, like zod's objects, ignores fields it does not
 * know. The payload itself is used as it is: what was written is what is read.
 */
import type { z } from 'zod';
import { hallEventSchema, type HallEvent } from '../../state-machines/domain/events.ts';

/** A row of the log that is not a hall event. */
export class MalformedEventError extends Error {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`event ${seq} in the log is malformed: ${reason}`);
    this.name = 'MalformedEventError';
  }
}

/** Parse and check one stored payload. Throws MalformedEventError naming `seq`. */
export function readEvent(seq: number, payload: string): HallEvent {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch (err) {
    throw new MalformedEventError(seq, `not JSON (${(err as Error).message})`);
  }
  const reason = problemOf(value);
  if (reason !== undefined) throw new MalformedEventError(seq, reason);
  return value as HallEvent;
}

/** What is wrong with `value` as a hall event, or undefined when nothing is. */
export function problemOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  const type = (value as { type?: unknown }).type;
  const fields = typeof type === 'string' ? EVENT_FIELDS.get(type) : undefined;
  if (fields === undefined) return `unknown event type ${JSON.stringify(type)?.slice(0, 60)}`;
  return problemIn(value as Record<string, unknown>, fields, type as string);
}

const STRING = 0;
const NUMBER = 1;
const BOOLEAN = 2;
const ONE_OF = 3;
const OBJECT = 4;
const ARRAY = 5;

/** One field of an event: its kind (a small number: one switch, no call per field), and what to say about a bad value. */
interface Field {
  key: string;
  optional: boolean;
  kind: typeof STRING | typeof NUMBER | typeof BOOLEAN | typeof ONE_OF | typeof OBJECT | typeof ARRAY;
  expected: string;
  /** ONE_OF: the enum's or literal's values. */
  allowed?: ReadonlySet<unknown>;
  /** OBJECT: its own fields. */
  fields?: Field[];
  /** ARRAY: what each element must be. */
  element?: Field;
}

function problemIn(value: Record<string, unknown>, fields: readonly Field[], path: string): string | undefined {
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const v = value[f.key];
    if (v === undefined) {
      if (f.optional) continue;
      return `${path}.${f.key} is missing`;
    }
    let ok: boolean;
    switch (f.kind) {
      case STRING:
        ok = typeof v === 'string';
        break;
      case NUMBER:
        ok = typeof v === 'number';
        break;
      case BOOLEAN:
        ok = typeof v === 'boolean';
        break;
      case ONE_OF:
        ok = f.allowed!.has(v);
        break;
      case OBJECT: {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          ok = false;
          break;
        }
        const inner = problemIn(v as Record<string, unknown>, f.fields!, `${path}.${f.key}`);
        if (inner !== undefined) return inner;
        ok = true;
        break;
      }
      case ARRAY: {
        ok = Array.isArray(v);
        if (!ok) break;
        // Arrays are rare and short (a rating's ticked reasons): each element is checked as a one-field object.
        for (let j = 0; j < (v as unknown[]).length; j++) {
          const inner = problemIn({ [f.element!.key]: (v as unknown[])[j] }, [f.element!], `${path}.${f.key}[${j}]`);
          if (inner !== undefined) return inner;
        }
        break;
      }
    }
    if (!ok) return `${path}.${f.key}: expected ${f.expected}, got ${JSON.stringify(v)?.slice(0, 60)}`;
  }
  return undefined;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
};
const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

function compileField(key: string, schema: z.ZodType, optional = false): Field {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
      return compileField(key, def.innerType!, true);
    case 'string':
      return { key, optional, kind: STRING, expected: 'a string' };
    case 'number':
      return { key, optional, kind: NUMBER, expected: 'a number' };
    case 'boolean':
      return { key, optional, kind: BOOLEAN, expected: 'true or false' };
    case 'enum':
    case 'literal': {
      const allowed = new Set<unknown>(def.type === 'enum' ? Object.values(def.entries!) : def.values);
      return { key, optional, kind: ONE_OF, allowed, expected: `one of ${[...allowed].join(', ')}` };
    }
    case 'object':
      return { key, optional, kind: OBJECT, expected: 'an object', fields: compileShape(def.shape!) };
    case 'array': {
      const element = compileField('[]', def.element!);
      return { key, optional, kind: ARRAY, expected: `an array of ${element.expected}`, element };
    }
    default:
      throw new Error(`event-check.ts cannot check a ${def.type} field (${key}) of hallEventSchema: teach it that kind`);
  }
}

function compileShape(shape: Record<string, z.ZodType>): Field[] {
  return Object.entries(shape).map(([key, schema]) => compileField(key, schema));
}

/** Per event type, its fields (the discriminator `type` itself is how the entry was found). */
const EVENT_FIELDS = new Map<string, Field[]>(
  (defOf(hallEventSchema).options ?? []).map((option) => {
    const shape = defOf(option).shape!;
    const type = defOf(shape.type!).values![0] as string;
    return [type, compileShape(shape).filter((f) => f.key !== 'type')];
  }),
);
