/**
 * The desk's way into 统计报表: the page, its chart library and its stylesheet are loaded only when a
 * supervisor opens it (a separate chunk), so a clerk's panel and the desk's first paint do not carry them.
 */
import type { ComponentProps, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type ReportsPage from './reports.tsx';

type Props = ComponentProps<typeof ReportsPage>;

export function ReportsEntry(props: Props) {
  const [Page, setPage] = useState<FunctionComponent<Props>>();
  useEffect(() => {
    void import('./reports.tsx').then((m) => setPage(() => m.default));
  }, []);
  return Page ? <Page {...props} /> : <p class="reports__loading">…</p>;
}
