/** A kiosk or admin socket (real socket.io-client) that records every device event from the first packet on. */
import { io } from 'socket.io-client';
import type { DeviceHealth, KioskDeviceStatus, KioskPrinterView, PrintJobView, RoutedScan } from '../../state-machines/devices/device-types.ts';
import type { Ack, HallSnapshot } from '../../state-machines/protocol/socket-events.ts';
import { PROTOCOL_VERSION } from '../../state-machines/protocol/version.ts';

export interface DeviceEvents {
  printer: (KioskPrinterView | null)[];
  jobs: PrintJobView[];
  scans: RoutedScan[];
  health: DeviceHealth[][];
}

export interface RecordingClient {
  events: DeviceEvents;
  snapshot: HallSnapshot;
  request<T>(event: string, payload: unknown): Promise<Ack<T>>;
  /** Resolves when `predicate` holds on the recorded events (checked on each one); rejects after `ms`. */
  until(predicate: (e: DeviceEvents) => boolean, ms?: number): Promise<void>;
  close(): void;
}

export function connectRecording(url: string, nsp: '/kiosk' | '/admin', token: string): Promise<RecordingClient> {
  const socket = io(`${url}${nsp}`, { auth: { protocol: PROTOCOL_VERSION, token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: DeviceEvents = { printer: [], jobs: [], scans: [], health: [] };
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  socket.on('printer:status', (p: KioskDeviceStatus) => {
    events.printer.push(p.printer);
    poke();
  });
  socket.on('print:job', (j: PrintJobView) => {
    events.jobs.push(j);
    poke();
  });
  socket.on('scan:routed', (s: RoutedScan) => {
    events.scans.push(s);
    poke();
  });
  socket.on('devices:health', (h: DeviceHealth[]) => {
    events.health.push(h);
    poke();
  });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
    socket.once('hall:snapshot', (snapshot: HallSnapshot) =>
      resolve({
        events,
        snapshot,
        request: <T>(event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>,
        until: (predicate, ms = 8000) =>
          new Promise<void>((ok, fail) => {
            if (predicate(events)) return ok();
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`device events not as expected in time: ${JSON.stringify(events).slice(0, 600)}`));
            }, ms);
            const check = () => {
              if (!predicate(events)) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok();
            };
            waiters.add(check);
          }),
        close: () => socket.close(),
      }),
    );
  });
}
