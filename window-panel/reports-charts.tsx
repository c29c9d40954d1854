/**
 * Charts of the report page, drawn by Chartist (chartist 1.5, MIT, no dependencies, ~13 kB gzip,
 * loaded only with the report page). Why this library: the page needs plain bar charts (per day,
 * per group, per rating level) that print sharply on A4 — Chartist draws SVG styled by CSS, so the
 * print stylesheet re-colours and resizes them like text, where canvas libraries (Chart.js, uPlot)
 * print a bitmap; and it is a tenth of Chart.js or ECharts. The numbers of every chart are in a
 * table beside it: the chart is a picture (role="img" with a sentence), the table is what a screen
 * reader and a printout read.
 */
import { BarChart, type BarChartData, type BarChartOptions } from 'chartist';
import 'chartist/dist/index.css';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  title: string;
  /** One sentence saying what the chart shows, for those who cannot see it. */
  label: string;
  data: BarChartData;
  options?: BarChartOptions;
  legend?: readonly string[];
  /** A line under the chart (what it leaves out). */
  note?: string;
  testId: string;
}

export function BarFigure({ title, label, data, options, legend, note, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const chart = new BarChart(host.current, data, { height: '260px', ...options });
    return () => chart.detach();
  }, [JSON.stringify(data), JSON.stringify(options)]);
  return (
    <figure class="report-chart card" data-testid={testId}>
      <figcaption class="section-title">{title}</figcaption>
      <div class="report-chart__plot" role="img" aria-label={label} ref={host} />
      {legend && (
        <ul class="report-chart__legend" aria-hidden="true">
          {legend.map((name, i) => (
            <li key={name} class={`report-chart__key report-chart__key--${'abc'[i]}`}>
              {name}
            </li>
          ))}
        </ul>
      )}
      {note && <p class="report-chart__note">{note}</p>}
    </figure>
  );
}
