/**
 * Device types shared by the server, the kiosk page and the supervisor
 * console: the device registry's health rows, print job outcomes, scans.
 */
import type { PrinterStatus } from './printer-status.ts';
import type { DisplayVoiceReport } from './device-messages.ts';

const DEVICE_KINDS = ['kiosk', 'display', 'printer', 'scanner', 'calling-keypad', 'rating-pad'] as const;
type DeviceKind = (typeof DEVICE_KINDS)[number];

/** One row of the device registry (/healthz, /metrics, supervisor console). */
export interface DeviceHealth {
  id: string;
  kind: DeviceKind;
  name: string;
  /** Where it stands: floor, kiosk or window, e.g. "1F · kiosk-1f-1". */
  location: string;
  /** Printer status, `connected`/`disconnected` for kiosks and displays, `ready`/`unavailable` for HID devices. */
  state: string;
  /** When the device entered `state` (ms since epoch): the desk says 「离线（09:15 起）」. */
  since?: number | undefined;
  /** Last time the device answered or was heard from (ms since epoch). */
  lastSeen?: number | undefined;
  details: string[];
  /** Wall displays: how calls are spoken, as the display last reported (absent until it does). */
  voice?: DisplayVoiceReport | undefined;
}

const PRINT_JOB_KINDS = ['ticket', 'materials'] as const;
export type PrintJobKind = (typeof PRINT_JOB_KINDS)[number];
export type PrintJobStatus = 'queued' | 'sending' | 'printed' | 'failed' | 'uncertain';

export interface PrintJobView {
  key: string;
  printerId: string;
  kind: PrintJobKind;
  ticketId?: string | undefined;
  status: PrintJobStatus;
  attempts: number;
  /** Why it failed or is uncertain: a printer condition (`paper_out`) or a link error. */
  reason?: string | undefined;
  at: number;
}

/** Sent to a kiosk on connect and whenever its printer changes. */
export interface KioskDeviceStatus {
  /** null: this kiosk has no printer (tickets are shown on screen only). */
  printer: KioskPrinterView | null;
  /** Base of the ticket phone page, for the on-screen QR code: <ticketUrl>/<day>/<number>. */
  ticketUrl: string;
}

/** What a kiosk is told about its printer. */
export interface KioskPrinterView {
  printerId: string;
  status: PrinterStatus;
  /** Tickets can be printed now. */
  ready: boolean;
  details: string[];
}

const SCAN_KINDS = ['appointment', 'ticket', 'receipt', 'id-number', 'id-invalid', 'unknown'] as const;
export type ScanKind = (typeof SCAN_KINDS)[number];

/** A scan routed to a kiosk; an ID number is reduced to `elderly` where it is read (nothing of it travels). */
export interface RoutedScan {
  kind: ScanKind;
  /** The value the kiosk flow uses (ticket id, appointment code, receipt number); empty for id-number and id-invalid. */
  value: string;
  /** id-number only: the holder is at least the hall's greenChannel.elderlyAge. */
  elderly?: boolean | undefined;
  /** Where it came from: a HID-POS scanner id or "keyboard". */
  source: string;
  /** AIM symbology identifier, e.g. "]Q1" for QR, when the scanner sends one. */
  symbology?: string | undefined;
  at: number;
}
