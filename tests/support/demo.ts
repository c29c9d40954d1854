/**
 * The demo hall for tests, loaded and validated the same way the server does.
 *
 * Tests take tickets at whatever simulated (or real) hour suits them, so they
 * get the demo hall WITHOUT its calendar (a copy written once per process);
 * the calendar as shipped has its own tests (SHIPPED_DEMO_PATH).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { loadHallConfig } from '../../server/config/load-config.ts';
import type { hallConfigSchema } from '../../state-machines/config/hall-config.ts';

export const SHIPPED_DEMO_PATH = 'server/halls/demo-hall.json';

/** A hall file as written on disk (defaults not yet applied). */
export type HallFile = z.input<typeof hallConfigSchema>;

/**
 * Write a copy of a hall file (by default the demo hall as shipped) with
 * `change` applied to a fresh temporary folder and return its path. Every
 * test or bench that needs a variant of the demo hall goes through here.
 */
/**
 * An edit to a hall file as JSON, for tests that build odd halls on purpose (fields the schema would
 * refuse, shapes the types do not describe): the document is loosely typed by design.
 */
// biome-ignore lint/suspicious/noExplicitAny: a JSON document edited freely, before the loader validates it
export type LooseHallFile = Record<string, any>;
export type HallFileEdit = (hall: LooseHallFile) => void;

export function writeHallVariant<T = HallFile>(change: (hall: T) => void, base: string = SHIPPED_DEMO_PATH): string {
  const raw = JSON.parse(readFileSync(base, 'utf8')) as T;
  change(raw);
  const file = join(mkdtempSync(join(tmpdir(), 'yc-hall-')), 'hall.json');
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return file;
}

export const DEMO_CONFIG_PATH = writeHallVariant((hall) => {
  delete hall.schedule;
});
export const demoConfig = loadHallConfig(DEMO_CONFIG_PATH);

export const DEMO_TOKENS = {
  kiosk: 'demo-kiosk-1f-1-token',
  kiosk2: 'demo-kiosk-1f-2-token',
  display: 'demo-display-hall-token',
  windowScreen5: 'demo-display-w5-token',
  /** 评价器: the rating tablets facing the visitors of windows 5 and 6. */
  ratingTablet5: 'demo-rating-w5-token',
  ratingTablet6: 'demo-rating-w6-token',
} as const;

/** Window 5 (综合受理): A post 1009, B post 1010. Window 6: A post 1011. */
export const CLERK_W5 = { staffId: '1009', pin: '123456', window: 5 } as const;
export const CLERK_W6 = { staffId: '1011', pin: '123456', window: 6 } as const;
export const SUPERVISOR = { staffId: '9001', pin: '123456' } as const;
/** 导办台: the demo hall's guide (README § The guide desk). */
export const GUIDE = { staffId: '8001', pin: '123456' } as const;

/** 2026-11-21 10:00 in Asia/Shanghai. */
export const TEN_AM = Date.parse('2026-11-21T10:00:00+08:00');
