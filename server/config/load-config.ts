/** Read and validate the hall configuration; fail start-up with every bad field named. */
import { readFileSync } from 'node:fs';
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
  return parsed.data;
}
