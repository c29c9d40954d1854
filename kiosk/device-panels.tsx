/**
 * Kiosk panels for its hardware: a banner when the printer is out, the print
 * outcome beside the ticket (with the ticket on screen — number, QR,
 * "请拍照留存" — whenever the paper ticket did not print), and what a scanner read.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { PublicHallConfig } from '../state-machines/config/hall-config.ts';
import type { HallState } from '../state-machines/hall/state.ts';
import { ticketWait } from '../state-machines/hall/estimate.ts';
import { ticketProgressText } from '../state-machines/hall/visitor-texts.ts';
import type { KioskDeviceStatus, PrintJobView, RoutedScan } from '../state-machines/devices/device-types.ts';
import { ticketPageUrl } from '../state-machines/devices/ticket-url.ts';
import type { TicketRecord } from '../state-machines/domain/ticket.ts';
import { pick, type Lang } from '../state-machines/client/web/i18n.ts';
import { DT, printerProblem, scanTexts } from './device-texts.ts';
import { QrCode } from './qr-code.tsx';

/** On the home screen: the printer cannot print, but numbers are still issued. */
export function PrinterBanner({ status, lang }: { status: KioskDeviceStatus | undefined; lang: Lang }) {
  const printer = status?.printer;
  if (!printer || printer.ready) return null;
  return (
    <div class="printer-banner" role="status" data-testid="printer-status" data-state={printer.status}>
      <strong>{pick(lang, printerProblem(printer.status))}</strong>
      <span>{pick(lang, DT.printerOutHome)}</span>
    </div>
  );
}

type PrintOutcomeKind = 'printing' | 'printed' | 'not-printed' | 'maybe' | 'no-printer';
type Outcome = PrintOutcomeKind;

export function printOutcomeOf(status: KioskDeviceStatus | undefined, job: PrintJobView | undefined): Outcome {
  if (job?.status === 'printed') return 'printed';
  if (job?.status === 'failed') return 'not-printed';
  if (job?.status === 'uncertain') return 'maybe';
  if (status && status.printer === null) return 'no-printer';
  // Known to be out (not merely not yet polled): the job will be refused, say so at once.
  if (status?.printer && !status.printer.ready && status.printer.status !== 'unknown') return 'not-printed';
  return 'printing';
}

/**
 * Printing / printed: a short line in the footer, in place of the help line —
 * in the flow between the two toggles, so it never covers a button.
 */
export function PrintStatus({ outcome, lang }: { outcome: 'printing' | 'printed'; lang: Lang }) {
  return (
    <p class={`print-outcome print-outcome--${outcome}`} role="status" data-testid="print-outcome" data-outcome={outcome}>
      {pick(lang, outcome === 'printed' ? DT.printed : DT.printing)}
    </p>
  );
}

/** Beside the ticket screen when the paper ticket did not print: why, and the ticket on screen (number, QR, 请拍照留存). */
export function PrintFallback({
  ticket,
  pageKey,
  status,
  outcome,
  lang,
}: {
  ticket: TicketRecord;
  /** The ticket's key from the kiosk's receipt: the QR lets the phone rate, as the paper's does. */
  pageKey: string | undefined;
  status: KioskDeviceStatus | undefined;
  outcome: Exclude<PrintOutcomeKind, 'printing' | 'printed'>;
  lang: Lang;
}) {
  const url = status ? ticketPageUrl(status.ticketUrl, ticket.id, pageKey) : undefined;
  const reason =
    outcome === 'no-printer'
      ? DT.noPrinter
      : outcome === 'maybe'
        ? DT.maybePrinted
        : status?.printer && !status.printer.ready
          ? { zh: `${printerProblem(status.printer.status).zh}，${DT.notPrinted.zh}`, en: `${printerProblem(status.printer.status).en}. ${DT.notPrinted.en}` }
          : DT.notPrinted;
  return (
    <aside class="print-fallback" role="alert" data-testid="print-fallback" data-outcome={outcome}>
      <div class="print-fallback__text">
        <p class="print-fallback__reason">{pick(lang, reason)}</p>
        <p class="print-fallback__photo">
          {pick(lang, DT.photo)}
          <span class="print-fallback__number" data-testid="fallback-number">
            {ticket.number}
          </span>
        </p>
        <p class="print-fallback__hint">{pick(lang, DT.photoHint)}</p>
      </div>
      {url && (
        <figure class="print-fallback__qr">
          <QrCode text={url} size={220} label={pick(lang, DT.scanToFollow)} />
          <figcaption>{pick(lang, DT.scanToFollow)}</figcaption>
        </figure>
      )}
    </aside>
  );
}

const SCAN_SHOWN_MS = 15_000;

/** What a scanner (HID-POS via the server, or keyboard wedge) just read; closes by itself. */
interface ScanPanelProps {
  scan: RoutedScan;
  config: PublicHallConfig;
  state: HallState;
  /** Hall time now: a scanned ticket's wait is figured against it. */
  now: number;
  lang: Lang;
  onClose: () => void;
  /** An ID card at or above the hall's age, while the green channel can issue: offers 绿色通道（老年人）. */
  onGreenElderly?: (() => void) | undefined;
}

export function ScanPanel({ scan, config, state, now, lang, onClose, onGreenElderly }: ScanPanelProps) {
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const timer = setTimeout(() => close.current(), SCAN_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [scan]);
  return (
    <div class="scan-panel" role="dialog" aria-modal="true" aria-labelledby="scan-panel-title" data-testid="scan-panel" data-kind={scan.kind}>
      <div class="scan-panel__card">
        <p class="scan-panel__title" id="scan-panel-title">
          {pick(lang, DT.scanned)}
        </p>
        <p class="scan-panel__text" data-testid="scan-text">
          {pick(lang, scanMessage(scan, config, state, now, lang, onGreenElderly !== undefined))}
        </p>
        {scan.kind === 'id-number' && scan.elderly && onGreenElderly && (
          <button type="button" class="big-action big-action--green" data-testid="id-green-channel" onClick={onGreenElderly}>
            {pick(lang, scanTexts.idGreenButton)}
          </button>
        )}
        <button
          type="button"
          class={`big-action${scan.kind === 'id-number' && scan.elderly && onGreenElderly ? ' big-action--secondary' : ''}`}
          onClick={onClose}
        >
          {pick(lang, DT.close)}
        </button>
      </div>
    </div>
  );
}

/** `greenOffered`: the kiosk can take a green ticket now (otherwise an elderly visitor is not promised one). */
function scanMessage(scan: RoutedScan, config: PublicHallConfig, state: HallState, now: number, lang: Lang, greenOffered: boolean) {
  switch (scan.kind) {
    case 'ticket': {
      const t = state.tickets[scan.value];
      if (!t) return scanTexts.ticketUnknown;
      // The same words as the ticket screen, the paper and the phone page.
      const progress = ticketProgressText(t, t.status === 'waiting' ? ticketWait(state, config, t, now) : undefined);
      const where = [progress.state, progress.wait]
        .filter((x) => x !== undefined)
        .map((x) => pick(lang, x))
        .join(lang === 'zh' ? '，' : '; ');
      return scanTexts.ticket(t.number, where);
    }
    case 'id-number':
      return scan.elderly && greenOffered ? scanTexts.idElderly : scanTexts.idNumber;
    case 'id-invalid':
      return scanTexts.idInvalid;
    case 'appointment':
      return scanTexts.appointment(scan.value);
    case 'receipt':
      return scanTexts.receipt(scan.value);
    default:
      return scanTexts.unknown;
  }
}
