/**
 * How the hall's configuration reads on a screen (and on paper): queue,
 * floor, zone and window names in the visitor's language, and window lists
 * shortened to ranges the way halls print them.
 */
import type { PublicHallConfig, QueueConfig, WindowConfig } from '../../config/hall-config.ts';
import type { Lang } from './i18n.ts';
import type { TicketRecord } from '../../domain/ticket.ts';

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

/**
 * The windows that may call this ticket, in number order: after 转办 to a
 * named window that window alone (call-order.ts `eligibleAt` calls it only
 * there), otherwise every window serving its queue. The kiosk's ticket, the
 * 查询排队进度 answer, the phone page and the paper all list these.
 */
export function windowsForTicket(config: PublicHallConfig, ticket: Pick<TicketRecord, 'queueId' | 'forWindow'>): WindowConfig[] {
  if (ticket.forWindow !== undefined) {
    const named = config.windows.find((w) => w.number === ticket.forWindow);
    if (named) return [named];
  }
  return windowsServing(config, ticket.queueId);
}

/**
 * 1, 4, 5, 6, 8 → "1、4-6、8" (English "1, 4–6, 8"): a window list as halls
 * print it — three or more consecutive windows become a range. Paper, kiosk,
 * wall and phone all use this one, so a visitor reads the same list everywhere.
 */
export function windowRange(numbers: readonly number[], lang: Lang = 'zh'): string {
  const [comma, dash] = lang === 'zh' ? ['、', '-'] : [', ', '–'];
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}${dash}${sorted[j]}` : sorted.slice(i, j + 1).join(comma));
    i = j + 1;
  }
  return parts.join(comma);
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
