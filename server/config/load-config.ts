/** Read and validate the hall configuration; fail start-up with every bad field named. */
import { readFileSync } from 'node:fs';
import { withPinyin } from './item-pinyin.ts';
import { formatConfigError, hallConfigSchema, type HallConfig } from '../../state-machines/config/hall-config.ts';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadHallConfig(path: string): HallConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`hall configuration ${path}: ${(err as Error).message}`);
  }
  const parsed = hallConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`hall configuration ${path} is invalid:\n${formatConfigError(parsed.error)}`);
  }
  // The kiosk's search by 拼音首字母: filled once here (item-pinyin.ts).
  return withPinyin(parsed.data);
}
