/**
 * How the hall's configuration reads on a screen: queue, floor, zone and
 * window names in the visitor's language.
 */
import type { PublicHallConfig, QueueConfig, WindowConfig } from '../../config/hall-config.ts';
import type { Lang } from './i18n.ts';

export function queueName(queue: QueueConfig, lang: Lang): string {
  return queue.name[lang];
}

export function floorName(config: PublicHallConfig, floorId: string, lang: Lang): string {
  return config.floors.find((f) => f.id === floorId)?.name[lang] ?? floorId;
}

export function zoneName(config: PublicHallConfig, zoneId: string | undefined, lang: Lang): string | undefined {
  if (zoneId === undefined) return undefined;
  for (const floor of config.floors) {
    const zone = floor.zones.find((z) => z.id === zoneId);
    if (zone) return zone.name[lang];
  }
  return undefined;
}

/** Windows that serve a queue, in window-number order. */
export function windowsServing(config: PublicHallConfig, queueId: string): WindowConfig[] {
  return config.windows.filter((w) => w.queues.includes(queueId)).sort((a, b) => a.number - b.number);
}

export function hallName(config: PublicHallConfig, lang: Lang): string {
  return lang === 'zh' ? config.hall.name : config.hall.nameEn;
}

/** 工号 → name and photo; clerks are public on screens (信息公开), nothing else about them is. */
export function clerkOf(config: PublicHallConfig, staffId: string | undefined) {
  if (staffId === undefined) return undefined;
  const staff = config.staff.find((s) => s.id === staffId);
  return staff && { id: staff.id, name: staff.name, photo: staff.photo ?? `/photos/${staff.id}.svg` };
}

/** A window's name in the chosen language (Chinese when no English name is configured). */
export function windowName(w: { name: string; nameEn?: string | undefined }, lang: 'zh' | 'en'): string {
  return lang === 'en' ? (w.nameEn ?? w.name) : w.name;
}
