/**
 * The group-commit counters of a hall's /metrics (loopback may read them):
 * log transactions written (one fsync each) and the events they held.
 */
export async function logWrites(url: string): Promise<{ writes: number; events: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { writes: value('yichuang_log_writes_total'), events: value('yichuang_log_events_written_total') };
}
