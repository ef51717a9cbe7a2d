import type { Result } from '../../../common/result';
import type { Identity } from '../session/citizen-session';

// What the journey needs from devices and storage, in its own words. Adapters in
// core/devices and core/outbox-adapter map the drivers and the outbox onto these.

export interface DeviceError {
  /** Kebab-case code the renderer turns into a sentence, e.g. "paper-out", "jammed". */
  readonly code: string;
  readonly message?: string;
}

export interface IdentityReader {
  /** Waits for a CCCD QR to be read. */
  readCard(timeoutMs: number, signal?: AbortSignal): Promise<Result<Identity, DeviceError>>;
}

export interface ScannedPage {
  readonly file: string;
  readonly previewPng: Buffer;
  readonly blank: boolean;
  readonly readable: boolean | null;
}

export interface PaperScanner {
  scan(options: { dir: string; source: 'flatbed' | 'adf' }): Promise<Result<ScannedPage[], DeviceError>>;
  /** Scan the back of the card and read its MRZ. */
  readMrz(dir: string): Promise<Result<Identity, DeviceError>>;
}

export interface ReceiptData {
  readonly lang: string;
  readonly procedureName: string;
  readonly receiptCode: string;
  readonly submittedAt: string;
  readonly appointmentDate?: string;
  readonly feePaid?: number;
  readonly paymentMethod?: 'card' | 'vietqr' | 'cash';
  readonly queued: boolean;
  readonly agency: string;
  readonly applicantName: string;
  readonly papers: readonly string[];
}

export interface ReceiptPrinterPort {
  printDossierReceipt(data: ReceiptData): Promise<Result<void, DeviceError>>;
  printQueueTicket(data: QueueTicketPrint): Promise<Result<void, DeviceError>>;
  /** A payment the kiosk cannot (yet) tie to a submitted dossier: what the citizen keeps to get it back. */
  printPaymentNotice(data: PaymentNoticePrint): Promise<Result<void, DeviceError>>;
  /** A booked slot at a community point: when, where, what to bring, the code as QR. */
  printBookingSlip(data: BookingSlipPrint): Promise<Result<void, DeviceError>>;
}

export interface BookingSlipPrint {
  readonly lang: string;
  readonly bookingCode: string;
  readonly appointmentId: string;
  readonly start: string;
  readonly pointName: string;
  readonly pointAddress: string;
  readonly pointPhone: string;
  readonly procedureName: string;
  readonly papers: readonly string[];
}

export interface PaymentNoticePrint {
  readonly lang: string;
  /** unconfirmed: the kiosk stopped waiting and does not know; paid: the money arrived, no dossier was submitted. */
  readonly kind: 'unconfirmed' | 'paid';
  readonly amount: number;
  readonly method: 'card' | 'vietqr';
  /** The transfer's reference (the VietQR content) or the card sale's tag. */
  readonly reference: string;
  readonly at: string;
  readonly procedureName: string;
}

export interface QueueTicketPrint {
  readonly lang: string;
  readonly number: string;
  readonly fieldName: string;
  readonly branchName: string;
  readonly counterHint: string;
  readonly estimatedWaitMinutes: number;
  readonly issuedAt: string;
  readonly priority: string;
  readonly needsStaffConfirmation: boolean;
}

export interface A4PrinterPort {
  printReceiptA4(data: ReceiptData & { applicantIdNumber: string; applicantAddress?: string; phone?: string }): Promise<Result<void, DeviceError>>;
}
