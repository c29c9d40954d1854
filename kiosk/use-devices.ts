/**
 * The kiosk's hardware as the page sees it: its printer's state and each
 * ticket's print outcome (from the server), and scans — HID-POS scans routed
 * by the server, and keyboard-wedge scanners / ID readers read here by timing.
 *
 * Wedge scanners type into whatever has focus. The kiosk has no text fields,
 * so printable keys are taken in the capture phase and never reach the page
 * (Enter only when it ends a scan); an element that must accept typing opts
 * in with `data-typing`.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { KioskDeviceStatus, PrintJobView, RoutedScan } from '../state-machines/devices/device-types.ts';
import type { IdAgeRule } from '../state-machines/devices/id-card.ts';
import { routeScan } from '../state-machines/devices/scan.ts';
import { WedgeDecoder } from '../state-machines/devices/wedge.ts';
import type { KioskSocket } from './take-ticket.ts';

const FINAL = new Set<PrintJobView['status']>(['printed', 'failed', 'uncertain']);

interface KioskDevices {
  /** undefined until the server has said. */
  status: KioskDeviceStatus | undefined;
  /** Print outcomes by ticket id. */
  jobs: Readonly<Record<string, PrintJobView>>;
  scan: RoutedScan | undefined;
  clearScan: () => void;
}

/**
 * `idRule`: the hall's clock, time zone and elderly age, for an ID reader typing a number.
 * `awaiting`: the ticket on screen. Its print outcome is asked for again
 * whenever the link (re)connects, so a kiosk that was offline when the job
 * ended still learns how it went.
 */
export function useKioskDevices(socket: KioskSocket, awaiting: string | undefined, idRule: () => IdAgeRule): KioskDevices {
  const [status, setStatus] = useState<KioskDeviceStatus>();
  const [jobs, setJobs] = useState<Record<string, PrintJobView>>({});
  const [scan, setScan] = useState<RoutedScan>();

  useEffect(() => {
    const onStatus = (s: KioskDeviceStatus) => setStatus(s);
    const onJob = (job: PrintJobView) => {
      if (job.ticketId !== undefined) setJobs((all) => ({ ...trim(all), [job.ticketId as string]: job }));
    };
    const onScan = (s: RoutedScan) => setScan(s);
    socket.on('printer:status', onStatus);
    socket.on('print:job', onJob);
    socket.on('scan:routed', onScan);
    return () => {
      socket.off('printer:status', onStatus);
      socket.off('print:job', onJob);
      socket.off('scan:routed', onScan);
    };
  }, [socket]);

  useEffect(() => {
    if (awaiting === undefined || status === undefined || status.printer === null) return;
    socket.timeout(5_000).emit('print:job-status', { ticketId: awaiting }, (err: Error | null, ack) => {
      const job = !err && ack.ok ? ack.result : null;
      // Never let an in-flight answer (queued, sending) overwrite a final outcome that came meanwhile.
      if (job && FINAL.has(job.status)) setJobs((all) => (all[awaiting] && FINAL.has(all[awaiting].status) ? all : { ...trim(all), [awaiting]: job }));
    });
  }, [socket, status, awaiting]);

  const rule = useRef(idRule);
  rule.current = idRule;
  useEffect(() => {
    const wedge = new WedgeDecoder();
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest?.('[data-typing]')) return;
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (e.key === 'Enter') {
        // Enter still works on a focused button unless it ends a scan.
        const text = wedge.key('Enter', e.timeStamp);
        if (text === undefined) return;
        e.preventDefault();
        e.stopPropagation();
        // An ID reader's number is reduced to `elderly` right here: the digits go no further than this handler.
        setScan(routeScan(text, 'keyboard', rule.current()));
        return;
      }
      if (e.key.length !== 1 || (e.key === ' ' && wedge.pending === 0)) return;
      e.preventDefault();
      e.stopPropagation();
      wedge.key(e.key, e.timeStamp);
    };
    document.addEventListener('keydown', onKey, { capture: true });
    return () => document.removeEventListener('keydown', onKey, { capture: true });
  }, []);

  return { status, jobs, scan, clearScan: () => setScan(undefined) };
}

/** Keep the outcome map small on a kiosk that runs for days. */
function trim(all: Record<string, PrintJobView>): Record<string, PrintJobView> {
  const keys = Object.keys(all);
  if (keys.length < 50) return all;
  return Object.fromEntries(keys.slice(-25).map((k) => [k, all[k]!]));
}
