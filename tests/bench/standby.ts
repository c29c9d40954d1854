/**
 * 双机热备 in the bench (issue 17): what synchronous replication costs and how long a takeover takes.
 *
 * Issuing: K kiosks (clients-kiosk.ts) take tickets from one hall server alone, then from the primary of a pair
 * whose standby must hold every batch before it is acknowledged — the same machine, the same config, one right
 * after the other: the ratio is what the standby costs. Both servers share this machine's disk and cores (on a
 * real pair each has its own), so the ratio is a floor.
 *
 * Takeover: the primary of a pair SIGKILLed N times, roles alternating (the killed one restarted as the
 * standby and brought in sync before the next kill): milliseconds from the kill until the other server's
 * /healthz says primary (it has appended hall.taken_over and listens).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { demoConfig } from '../support/demo.ts';
import { kioskFloodHall } from '../support/server.ts';
import { makePair, waitFor } from '../support/standby-pair.ts';
import { startClients, startHall } from './processes.ts';
import { ratio, summarise, type Summary } from './stats.ts';

export interface StandbyIssuingRow {
  kiosks: number;
  alone: { ticketsPerSecond: number; ack: Summary };
  replicated: { ticketsPerSecond: number; ack: Summary };
  ratio: number;
}

export interface StandbyResult {
  issuing: StandbyIssuingRow[];
  takeover: Summary & { kills: number };
}

interface KioskResult {
  latencies: number[];
  elapsedMs: number;
  issued: number;
  errors: Record<string, number>;
}

const tokens = demoConfig.devices.filter((d) => d.kind === 'kiosk').map((d) => d.token);
const queues = demoConfig.queues.map((q) => q.id);

async function issue(url: string, kiosks: number, tickets: number, timeLimitMs: number): Promise<{ ticketsPerSecond: number; ack: Summary }> {
  const gen = startClients('tests/bench/clients-kiosk.ts');
  try {
    await gen.ask({ cmd: 'open', url, kiosks, tokens }, 'opened', 60_000 + kiosks * 500);
    const r = await gen.ask<KioskResult>({ cmd: 'run', queues, tickets, timeLimitMs }, 'result', timeLimitMs + 60_000);
    const refused = Object.entries(r.errors).filter(([, n]) => n > 0);
    if (refused.length > 0) throw new Error(`standby bench: refusals ${JSON.stringify(r.errors)}`);
    return { ticketsPerSecond: (r.issued * 1000) / r.elapsedMs, ack: summarise(r.latencies) };
  } finally {
    await gen.stop();
  }
}

export async function benchStandby(
  levels: number[],
  tickets: number,
  kills: number,
  timeLimitMs: number,
  tmp: string,
  log: (s: string) => void,
): Promise<StandbyResult> {
  const rows: StandbyIssuingRow[] = [];
  const configPath = kioskFloodHall();
  for (const kiosks of levels) {
    const dir = mkdtempSync(join(tmp, 'yc-bench-alone-'));
    const hall = await startHall(dir);
    let alone: StandbyIssuingRow['alone'];
    try {
      alone = await issue(hall.url, kiosks, tickets, timeLimitMs);
    } finally {
      await hall.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const pair = await makePair(configPath);
    let replicated: StandbyIssuingRow['replicated'];
    try {
      await pair.start(0);
      await pair.start(1);
      await pair.inSync(0);
      replicated = await issue(pair.members[0]!.url, kiosks, tickets, timeLimitMs);
    } finally {
      await pair.close();
      for (const m of pair.members) rmSync(m.dataDir, { recursive: true, force: true });
    }
    rows.push({ kiosks, alone, replicated, ratio: ratio(replicated.ticketsPerSecond, alone.ticketsPerSecond) });
    log(
      `  standby issuing ${kiosks} kiosks: alone ${alone.ticketsPerSecond.toFixed(0)}/s, with the standby ${replicated.ticketsPerSecond.toFixed(0)}/s (${ratio(replicated.ticketsPerSecond, alone.ticketsPerSecond).toFixed(2)}×)`,
    );
  }

  const pair = await makePair(configPath);
  const times: number[] = [];
  try {
    await pair.start(0);
    await pair.start(1);
    await pair.inSync(0);
    for (let k = 0; k < kills; k++) {
      const p = await pair.primary();
      const s = 1 - p;
      const killedAt = performance.now();
      await pair.members[p]!.child!.kill9();
      await waitFor('the standby to take over', async () => ((await pair.role(s)) === 'primary' ? true : undefined), 20_000);
      times.push(performance.now() - killedAt);
      await pair.start(p);
      await pair.inSync(s);
    }
  } finally {
    await pair.close();
    for (const m of pair.members) rmSync(m.dataDir, { recursive: true, force: true });
  }
  const takeover = { ...summarise(times), kills };
  log(`  takeover over ${kills} kills: p50 ${takeover.p50.toFixed(0)} ms, p99 ${takeover.p99.toFixed(0)} ms`);
  return { issuing: rows, takeover };
}
