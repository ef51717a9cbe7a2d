import type { Clock } from '../../../common/clock';
import { hanoiDate } from '../../../common/hanoi-time';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { Outbox } from '../../../offline-sync/outbox/outbox';
import type { CatalogService } from '../catalog/catalog-service';
import type { Procedure } from '../catalog/catalog-schema';
import type { KioskConfig } from '../config/config-schema';
import type { PaymentService } from '../payment/payment-service';
import type { CitizenSession, SessionStore } from '../session/citizen-session';
import type { FieldProblem } from './form-validation';
import type { StaffGate } from './journey-assisted';
import type { StaffError } from '../staff/staff-service';
import type { StaffPermission } from '../../api/staff-contract';
import type { A4PrinterPort, DeviceError, IdentityReader, PaperScanner, ReceiptPrinterPort } from './journey-ports';

// What every step of the journey shares (journey-service.ts and the journey-*.ts steps): the
// dependencies, the errors, and the checks each step begins with. Plain functions over the
// dependencies, so each step holds only the state that is its own.

export type JourneyError =
  | { code: 'no-session' }
  | { code: 'no-consent' }
  | { code: 'no-identity' }
  | { code: 'unknown-procedure' }
  | { code: 'not-at-kiosk' }
  | { code: 'invalid-form'; problems: FieldProblem[] }
  | { code: 'missing-papers'; papers: string[] }
  | { code: 'fee-not-paid' }
  | { code: 'not-payable-at-kiosk' }
  | { code: 'storage'; detail: string }
  /** The disk is nearly full: no new dossier is begun (those under way still finish). */
  | { code: 'storage-full' }
  | { code: 'not-found' }
  /** Assisted mode: the staff's shift refused (not signed in, locked, expired, not permitted); nothing the citizen gave is lost. */
  | { code: 'staff'; reason: StaffError['code']; permission?: StaffPermission }
  /** A step only a staff member's assisted session has. */
  | { code: 'not-assisted' }
  /** The card presented is not the booking's (or the identified) citizen. */
  | { code: 'card-mismatch' }
  | ({ code: 'device' } & { device: string; reason: string });

export interface JourneyDeps {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sessions: SessionStore;
  readonly catalog: CatalogService;
  readonly outbox: Outbox;
  readonly payments: PaymentService;
  readonly idReader: IdentityReader;
  readonly scanner: PaperScanner;
  readonly receiptPrinter: ReceiptPrinterPort;
  readonly a4Printer: A4PrinterPort;
  /** Whether the city answered recently (from the sync worker). */
  readonly isOnline: () => boolean;
  /** Whether the disk has room for a new dossier (core/storage's StorageMonitor). */
  readonly storage: { admitNewDossier(): Result<void, { code: 'storage-full' }> };
  /**
   * How long printing waits for the city's receipt code right after submitting (the sync
   * worker usually has it within a second), so the receipt carries the official code.
   */
  readonly receiptCodeWaitMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The staff's shift, on a device where staff assist citizens (community point, bus); absent on a self-service kiosk. */
  readonly staff?: StaffGate;
}

export function deviceError(device: string, e: DeviceError): JourneyError {
  return { code: 'device', device, reason: e.code };
}

export function sessionOf(d: JourneyDeps, id: string): Result<CitizenSession, JourneyError> {
  const s = d.sessions.get(id);
  return s ? ok(s) : err({ code: 'no-session' });
}

/** The session, once the citizen has agreed to the notice: every step with personal data asks this. */
export function consentedSession(d: JourneyDeps, sessionId: string): Result<CitizenSession, JourneyError> {
  const s = sessionOf(d, sessionId);
  if (!s.ok) return s;
  if (!s.value.consent) return err({ code: 'no-consent' });
  return s;
}

export function procedureOf(d: JourneyDeps, code: string): Result<Procedure, JourneyError> {
  const p = d.catalog.get(code);
  if (!p) return err({ code: 'unknown-procedure' });
  return ok(p);
}

/** A wait on the citizen's behalf: the session cannot expire under it (SessionStore.hold). */
export async function whileWaiting<T>(d: JourneyDeps, s: CitizenSession, work: () => Promise<T>): Promise<T> {
  const release = d.sessions.hold(s);
  try {
    return await work();
  } finally {
    release();
  }
}

export function today(d: JourneyDeps): string {
  // Dates are Hanoi dates whatever the machine's zone.
  return hanoiDate(d.clock.now());
}
