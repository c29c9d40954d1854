/**
 * 今日概况 on the 值班主任台: large tiles (served today, waiting now, the
 * longest current wait, devices needing someone), a 建议增开窗口 alert per
 * queue over its threshold, and a compact device health line. Everything is
 * computed from what the desk already holds — the folded hall state
 * (hall/views.ts `queueKpis`, `servedCount`) and the device rows the server
 * pushes on change (devices:health) — re-read each second by the desk's
 * clock, never by asking the server.
 */
import { Fragment } from 'preact';
import { formatTime } from '../state-machines/client/web/clock.ts';
import { pick, type Lang, type Text } from '../state-machines/client/web/i18n.ts';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import { isUsable, needsAttention } from '../state-machines/devices/device-health.ts';
import type { DeviceHealth } from '../state-machines/devices/device-types.ts';
import type { QueueKpi } from '../state-machines/hall/views.ts';

/** Whole minutes waited, as the hall says them (32 分钟, never 32.4). */
export const minutesOf = (ms: number): number => Math.floor(ms / 60_000);

const K = {
  title: { zh: '今日概况', en: 'Today' },
  served: { zh: '今日已办结', en: 'Served today' },
  waiting: { zh: '正在等候', en: 'Waiting now' },
  longest: { zh: '最长等候', en: 'Longest wait' },
  devices: { zh: '设备异常', en: 'Devices needing attention' },
  followUps: { zh: '差评回访', en: 'Complaint follow-ups' },
  toDo: (n: number): Text => ({ zh: `待办 ${n} 件`, en: `${n} open` }),
  overdue: (n: number): Text => ({ zh: `已逾期 ${n} 件`, en: `${n} overdue` }),
  people: (n: number): Text => ({ zh: `${n} 人`, en: `${n}` }),
  units: (n: number): Text => ({ zh: `${n} 台`, en: `${n}` }),
  /** A wait in whole minutes; under one, 「不到 1 分钟」 rather than a 0 that reads like nobody waited. */
  minutes: (n: number): Text => (n < 1 ? { zh: '不到 1 分钟', en: 'under 1 min' } : { zh: `${n} 分钟`, en: `${n} min` }),
  nobody: { zh: '无人等候', en: 'Nobody waiting' },
  /** 「综合受理 最长已等 32 分钟，超过 20 分钟，建议增开窗口」 */
  overThreshold: (queue: Text, waited: number, threshold: number): Text => ({
    zh: `${queue.zh} 最长已等 ${waited} 分钟，超过 ${threshold} 分钟，建议增开窗口`,
    en: `${queue.en}: longest wait ${waited} min, over ${threshold} min — consider opening another window`,
  }),
  /** Several queues over their thresholds: one alert, then each queue (overShort). */
  manyOver: (n: number): Text => ({ zh: `${n} 项业务等候过久，建议增开窗口：`, en: `${n} queues waiting too long — consider opening windows: ` }),
  overShort: (queue: Text, waited: number, threshold: number): Text => ({
    zh: `${queue.zh} 最长已等 ${waited} 分钟（上限 ${threshold}）`,
    en: `${queue.en} ${waited} min (limit ${threshold})`,
  }),
  /** Beside 等候 N 人 on the queue list. */
  queueLongest: (wait: Text): Text => ({ zh: `最长已等 ${wait.zh}`, en: `longest ${wait.en}` }),
  healthLabel: { zh: '设备', en: 'Devices' },
  allWell: { zh: '全部正常', en: 'all working' },
  since: (t: string): Text => ({ zh: `${t} 起`, en: `since ${t}` }),
  /** One state's devices: 「一楼取号机1 打印机 缺纸」 or 「离线 7 台：二楼综合屏、5号窗口屏… 等」. */
  group: (words: Text, names: string[], total: number): Text =>
    total === 1
      ? { zh: `${names[0]} ${words.zh}`, en: `${names[0]} ${words.en}` }
      : {
          zh: `${words.zh} ${total} 台：${names.join('、')}${total > names.length ? ' 等' : ''}`,
          en: `${total} ${words.en}: ${names.join(', ')}${total > names.length ? `, and ${total - names.length} more` : ''}`,
        },
};

/** What a device's state is called on the desk (printer conditions, links, HID devices); an unknown state is shown as it is. */
const STATE_WORDS: Record<string, Text> = {
  paper_out: { zh: '缺纸', en: 'out of paper' },
  paper_low: { zh: '纸将用完', en: 'paper low' },
  cover_open: { zh: '纸仓盖未合', en: 'cover open' },
  offline: { zh: '离线', en: 'offline' },
  unknown: { zh: '未应答', en: 'not answering' },
  disconnected: { zh: '离线', en: 'offline' },
  unavailable: { zh: '不可用', en: 'unavailable' },
  starting: { zh: '启动中', en: 'starting' },
};
const VOICE_OFF: Text = { zh: '无法播报', en: 'cannot speak' };

/** One tile: a label and a large value. The desk's list of tiles is `deskTiles`; a new KPI is one more entry there. */
export interface KpiTile {
  id: string;
  label: Text;
  value: Text;
  /** A smaller second line under the value (which queue). */
  detail?: Text | undefined;
  /** Something to act on: the tile is drawn in the alert colour. */
  alert?: boolean;
}

interface TileInputs {
  served: number;
  kpis: readonly QueueKpi[];
  health: readonly DeviceHealth[] | undefined;
  config: Pick<PublicHallConfig, 'queues'>;
  /** 差评回访 open and overdue (domain/rating.ts followUpCounts); absent when the hall does not take ratings. */
  followUps?: { open: number; overdue: number } | undefined;
}

/** The tiles, in reading order. */
export function deskTiles({ served, kpis, health, config, followUps }: TileInputs): KpiTile[] {
  const longest = kpis.reduce<QueueKpi | undefined>(
    (a, k) => (k.longestWaitMs !== undefined && (a === undefined || k.longestWaitMs > (a.longestWaitMs ?? 0)) ? k : a),
    undefined,
  );
  const queue = longest && config.queues.find((q) => q.id === longest.queueId);
  const attention = (health ?? []).filter(needsAttention).length;
  const tiles: KpiTile[] = [
    { id: 'served', label: K.served, value: K.people(served) },
    { id: 'waiting', label: K.waiting, value: K.people(kpis.reduce((n, k) => n + k.waiting, 0)) },
    {
      id: 'longest',
      label: K.longest,
      value: longest?.longestWaitMs === undefined ? K.nobody : K.minutes(minutesOf(longest.longestWaitMs)),
      detail: queue?.name,
      alert: longest?.over === true,
    },
    { id: 'devices', label: K.devices, value: K.units(attention), alert: attention > 0 },
  ];
  if (followUps) {
    tiles.push({
      id: 'follow-ups',
      label: K.followUps,
      value: K.toDo(followUps.open),
      detail: followUps.overdue > 0 ? K.overdue(followUps.overdue) : undefined,
      alert: followUps.overdue > 0,
    });
  }
  return tiles;
}

interface PanelProps extends TileInputs {
  config: Pick<PublicHallConfig, 'queues' | 'hall'>;
  lang: Lang;
}

/** The KPI section: tiles, then the device health line. */
export function DeskKpis(props: PanelProps) {
  const { lang } = props;
  return (
    <section class="supervisor__kpis" data-testid="supervisor-kpis" aria-labelledby="supervisor-kpis-title">
      <h2 id="supervisor-kpis-title" class="supervisor__kpis-title">
        {pick(lang, K.title)}
      </h2>
      <ul class="supervisor__tiles">
        {deskTiles(props).map((t) => (
          <li key={t.id} class={`supervisor__tile${t.alert ? ' supervisor__tile--alert' : ''}`} data-testid={`kpi-${t.id}`}>
            <span class="supervisor__tile-label">{pick(lang, t.label)}</span>
            <strong class="supervisor__tile-value" data-testid={`kpi-${t.id}-value`}>
              {pick(lang, t.value)}
            </strong>
            {t.detail && (
              <span class="supervisor__tile-detail" data-testid={`kpi-${t.id}-detail`}>
                {pick(lang, t.detail)}
              </span>
            )}
          </li>
        ))}
      </ul>
      <DeviceHealthLine health={props.health} timeZone={props.config.hall.timezone} lang={lang} />
    </section>
  );
}

/** At most this many devices are named per state on the line; the rest are counted (设备管理 has the full list). */
const NAMED_PER_STATE = 4;

/**
 * 「设备：一楼取号机1 打印机 缺纸（10:32 起）；二楼综合屏、5号窗口屏 离线 2 台（09:15 起）」 or 「设备：全部正常」.
 * Devices in the same state are one group (a hall before opening has every kiosk offline), with the earliest since.
 */
function DeviceHealthLine({ health, timeZone, lang }: { health: readonly DeviceHealth[] | undefined; timeZone: string; lang: Lang }) {
  if (health === undefined) return null;
  // Printers first: paper is what someone fixes in a minute, and a kiosk without it hands out numbers on screen only.
  const attention = health.filter(needsAttention).sort((a, b) => Number(b.kind === 'printer') - Number(a.kind === 'printer'));
  const groups = new Map<string, { words: Text; devices: DeviceHealth[] }>();
  for (const d of attention) {
    const words = stateWords(d);
    const group = groups.get(words.zh) ?? { words, devices: [] };
    group.devices.push(d);
    groups.set(words.zh, group);
  }
  const sep = lang === 'zh' ? '；' : '; ';
  return (
    <p class={`supervisor__health${attention.length > 0 ? ' supervisor__health--attention' : ''}`} data-testid="device-health">
      <strong>
        {pick(lang, K.healthLabel)}
        {lang === 'zh' ? '：' : ': '}
      </strong>
      {attention.length === 0 && pick(lang, K.allWell)}
      {[...groups.values()].map(({ words, devices }, i) => {
        const since = Math.min(...devices.map((d) => d.since ?? Number.POSITIVE_INFINITY));
        const when = Number.isFinite(since) ? pick(lang, K.since(formatTime(since, timeZone))) : undefined;
        const names = devices.slice(0, NAMED_PER_STATE).map((d) => d.name);
        return (
          <span key={words.zh} data-testid={`device-health-${devices[0]?.state}`}>
            {i > 0 && sep}
            {pick(lang, K.group(words, names, devices.length))}
            {when && (lang === 'zh' ? `（${when}）` : ` (${when})`)}
          </span>
        );
      })}
    </p>
  );
}

function stateWords(d: DeviceHealth): Text {
  // A wall display that is connected but cannot speak: the voice is what needs someone.
  if (isUsable(d) && d.voice?.mode === 'off') return VOICE_OFF;
  return STATE_WORDS[d.state] ?? { zh: d.state, en: d.state };
}

/** 建议增开窗口: one alert per queue whose oldest waiting ticket is over its threshold. */
export function LongWaitAlerts({ kpis, config, lang }: { kpis: readonly QueueKpi[]; config: Pick<PublicHallConfig, 'queues'>; lang: Lang }) {
  const over = kpis.filter((k) => k.over && k.longestWaitMs !== undefined).sort((a, b) => (b.longestWaitMs ?? 0) - (a.longestWaitMs ?? 0));
  const nameOf = (k: QueueKpi) => config.queues.find((q) => q.id === k.queueId)?.name ?? { zh: k.queueId, en: k.queueId };
  if (over.length === 0) return null;
  if (over.length === 1) {
    const k = over[0]!;
    return (
      <p class="supervisor__alert" role="alert" data-testid={`alert-long-wait-${k.queueId}`}>
        {pick(lang, K.overThreshold(nameOf(k), minutesOf(k.longestWaitMs ?? 0), k.thresholdMinutes))}
      </p>
    );
  }
  // Several queues at once (a busy morning): one alert, longest first, so the windows table stays in view.
  return (
    <p class="supervisor__alert" role="alert" data-testid="alert-long-wait">
      {pick(lang, K.manyOver(over.length))}
      {over.map((k, i) => (
        <Fragment key={k.queueId}>
          {i > 0 ? ' ' : ''}
          <span class="supervisor__alert-item" data-testid={`alert-long-wait-${k.queueId}`}>
            {pick(lang, K.overShort(nameOf(k), minutesOf(k.longestWaitMs ?? 0), k.thresholdMinutes))}
            {i < over.length - 1 ? (lang === 'zh' ? '；' : ';') : ''}
          </span>
        </Fragment>
      ))}
    </p>
  );
}

/** 「最长已等 12 分钟」 beside 等候 N 人 on the desk's queue list (nothing when nobody waits). */
export function QueueLongest({ kpi, lang }: { kpi: QueueKpi | undefined; lang: Lang }) {
  if (kpi?.longestWaitMs === undefined) return null;
  return (
    <span class={`supervisor__queue-longest${kpi.over ? ' supervisor__queue-longest--over' : ''}`} data-testid={`desk-queue-longest-${kpi.queueId}`}>
      {pick(lang, K.queueLongest(K.minutes(minutesOf(kpi.longestWaitMs))))}
    </span>
  );
}
