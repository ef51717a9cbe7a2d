import type { Result } from '../../common/result';

/**
 * What a receipt printer reports (ESC/POS DLE EOT). `confirmed: false` means the transport
 * has no way back from the printer (a write-only USB device file, a FIFO): the printer was
 * reachable but nothing more is known.
 */
export type PrinterStatus =
  | { state: 'ready'; confirmed: boolean }
  | { state: 'paper-near-end' }
  | { state: 'paper-out' }
  | { state: 'cover-open' }
  | { state: 'offline'; detail: string }
  | { state: 'disconnected'; detail: string }
  | { state: 'error'; detail: string };

export type PrinterState = PrinterStatus['state'];

/** States in which a job may be started (paper near end still prints; warn the technician). */
export function canPrint(status: PrinterStatus): boolean {
  return status.state === 'ready' || status.state === 'paper-near-end';
}

export type PrinterErrorCode =
  | 'paper-out'
  | 'cover-open'
  | 'offline'
  | 'offline-during-job'
  | 'disconnected'
  | 'write-timeout'
  | 'printer-error'
  | 'bad-document'
  | 'busy';

export interface PrinterError {
  code: PrinterErrorCode;
  /** Technician-facing detail; never personal data. */
  detail: string;
  /** Bytes of the job the printer accepted before the failure (0 if it never started). */
  bytesSent: number;
  /** Status read after the failure, when one could be read. */
  status?: PrinterStatus;
}

export interface PrintReport {
  bytes: number;
  durationMs: number;
  statusBefore: PrinterStatus;
  statusAfter: PrinterStatus;
}

// ---- receipt documents: plain data, built by the pure builders in receipt-documents.ts ----

export type TextSize = 'small' | 'normal' | 'large' | 'huge';
export type Align = 'left' | 'center' | 'right';

export type ReceiptBlock =
  | { kind: 'text'; text: string; align?: Align; size?: TextSize; bold?: boolean }
  /** A label on the left and a value on the right of the same line (wraps if too long). */
  | { kind: 'pair'; label: string; value: string; bold?: boolean }
  | { kind: 'qr'; data: string; /** module size in dots, 3..10 */ moduleSize?: number }
  | { kind: 'rule' }
  | { kind: 'feed'; lines: number };

export interface ReceiptDocument {
  /** Kind of document, for logs (never personal data). */
  kind: 'queue-ticket' | 'dossier-receipt' | 'payment-slip' | 'test-page' | 'custom';
  blocks: ReceiptBlock[];
}

export type PaperWidth = 58 | 80;
export type TextMode = 'raster' | 'wpc1258' | 'tcvn3';

/** Printable dots per line: 80 mm printers print 72 mm = 576 dots, 58 mm print 48 mm = 384 dots (203 dpi). */
export function dotsForPaper(width: PaperWidth): number {
  return width === 80 ? 576 : 384;
}

/** Font A (12×24) columns per line in text mode. */
export function columnsForPaper(width: PaperWidth): number {
  return width === 80 ? 48 : 32;
}

export interface ReceiptPrinter {
  readonly description: string;
  status(): Promise<PrinterStatus>;
  print(doc: ReceiptDocument): Promise<Result<PrintReport, PrinterError>>;
  /** Prints a short test page (model, paper width, text mode, Vietnamese sample, QR). */
  test(): Promise<Result<PrintReport, PrinterError>>;
  close(): Promise<void>;
}

// ---- A4 printer (CUPS) ----

export type A4PrinterStatus =
  | { state: 'ready'; queue: string }
  | { state: 'busy'; queue: string; jobs: number }
  | { state: 'disabled'; queue: string; detail: string }
  | { state: 'unknown-queue'; queue: string }
  | { state: 'no-scheduler'; detail: string }
  | { state: 'error'; detail: string };

export type A4ErrorCode = 'no-scheduler' | 'unknown-queue' | 'submit-failed' | 'job-stuck' | 'job-aborted' | 'bad-document';

export interface A4PrinterError {
  code: A4ErrorCode;
  detail: string;
  jobId?: string;
}

export interface A4PrintReport {
  jobId: string;
  queue: string;
  durationMs: number;
}

export interface A4Printer {
  readonly description: string;
  status(): Promise<A4PrinterStatus>;
  printPdf(pdf: Uint8Array, title: string): Promise<Result<A4PrintReport, A4PrinterError>>;
}
