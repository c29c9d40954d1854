/**
 * A real hall server whose demo kiosk kiosk-1f-1 prints on a fake network
 * printer (loopback TCP), with optional HID scanners and keypads behind a fake
 * HID transport. The configuration is the demo hall's plus a `peripherals`
 * section, written to a temporary file.
 */
import { startHallServer, type HallServerOptions, type RunningHallServer } from '../../server/hall-server.ts';
import { DEMO_CONFIG_PATH, writeHallVariant, type HallFileEdit, type LooseHallFile } from './demo.ts';
import { tempDataDir } from './server.ts';

export const KIOSK_PRINTER_ID = 'printer-1f-1';
export const WINDOW_PRINTER_ID = 'printer-w5';
export const SCANNER = { vendorId: 0x0c2e, productId: 0x0b8f } as const;
export const KEYPAD_W5 = { vendorId: 0x1a2c, productId: 0x2124 } as const;
export const RATING_W5 = { vendorId: 0x1a2c, productId: 0x2125 } as const;

export interface DeviceHallOptions {
  printerPort: number;
  withHid?: boolean;
  /** The calling keypad's keys: numpad 1–6 as a hall file names them (default), or none named (the panel's F1… keys). */
  keypadKeys?: 'numpad' | 'unnamed';
  loadHid?: HallServerOptions['loadHid'];
  ticketUrl?: string;
  host?: string;
  port?: number;
  /** A counter printer at window 5 (一次性告知 from the panel) on this loopback port. */
  windowPrinterPort?: number;
  /** How long the server waits for each status byte (default 400 ms). */
  statusTimeoutMs?: number;
  /** A simulated clock for the hall. */
  now?: () => number;
  /** Other changes to the hall file (e.g. a 过号 policy). */
  change?: HallFileEdit;
  /** Where the server's log lines go, and from which level (default: warn, to stdout). */
  logStream?: HallServerOptions['logStream'];
  logLevel?: string;
}

export function deviceHallConfig(o: DeviceHallOptions): string {
  return writeHallVariant<LooseHallFile>((config) => {
    o.change?.(config);
    config.peripherals = {
      ticketUrl: o.ticketUrl ?? 'http://hall.test/t',
      printers: [
        {
          id: KIOSK_PRINTER_ID,
          name: '一楼取号机1 打印机',
          kiosk: 'kiosk-1f-1',
          transport: { type: 'tcp', host: '127.0.0.1', port: o.printerPort },
          pollMs: 600_000,
          statusTimeoutMs: o.statusTimeoutMs ?? 400,
          jobTimeoutMs: 3000,
        },
        ...(o.windowPrinterPort === undefined
          ? []
          : [
              {
                id: WINDOW_PRINTER_ID,
                name: '5号窗口 打印机',
                window: 5,
                transport: { type: 'tcp', host: '127.0.0.1', port: o.windowPrinterPort },
                pollMs: 600_000,
                statusTimeoutMs: o.statusTimeoutMs ?? 400,
                jobTimeoutMs: 3000,
              },
            ]),
      ],
      scanners: o.withHid ? [{ id: 'scanner-1f-1', name: '一楼取号机1 扫码器', kiosk: 'kiosk-1f-1', match: SCANNER }] : [],
      keypads: o.withHid
        ? [
            {
              kind: 'calling',
              id: 'keypad-w5',
              name: '5号窗口叫号器',
              window: 5,
              match: KEYPAD_W5,
              ...(o.keypadKeys === 'unnamed'
                ? {}
                : { keys: { '0x59': 'call-next', '0x5a': 'start', '0x5b': 'complete', '0x5c': 'recall', '0x5d': 'no-show', '0x5e': 'pause' } }),
            },
            {
              kind: 'rating',
              id: 'rating-w5',
              name: '5号窗口评价器',
              window: 5,
              match: RATING_W5,
              keys: { '0x1e': 5, '0x1f': 4, '0x20': 3, '0x21': 2, '0x22': 1 },
            },
          ]
        : [],
    };
  }, DEMO_CONFIG_PATH);
}

export async function startDeviceHall(o: DeviceHallOptions): Promise<RunningHallServer & { dataDir: string; configPath: string }> {
  const configPath = deviceHallConfig(o);
  const dataDir = tempDataDir();
  const server = await startHallServer({
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    configPath,
    dataDir,
    logLevel: o.logLevel ?? 'warn',
    logStream: o.logStream,
    loadHid: o.loadHid,
    now: o.now,
  });
  return Object.assign(server, { dataDir, configPath });
}
