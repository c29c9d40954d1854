/**
 * Ids the hall file gives (queues, items, windows' staff, devices, floors…)
 * and the wire repeats. Letters, digits, - and _ — and never a name that
 * Object.prototype already has (`__proto__`, `constructor`, `toString`, …):
 * ids become keys of the hall state, where such a name would find (or, for
 * `__proto__`, replace) the prototype instead of an entry.
 */
import { z } from 'zod';

const ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** A name every plain object already answers to. */
export function isPrototypeName(name: string): boolean {
  return name in Object.prototype;
}

export const configId = z
  .string()
  .regex(ID_PATTERN, 'use letters, digits, - or _ (1–40 characters)')
  .refine((s) => !isPrototypeName(s), 'a reserved name (Object.prototype has it)');
