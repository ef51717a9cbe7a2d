// Where the core writes its audit events: the outbox's append-only audit aggregate
// (offline-sync's Outbox.audit), which sends them to the city (POST /v1/audit). Never personal
// data beyond ids: the outbox refuses a detail that carries an ID or phone number.
import type { Result } from '../../../common/result';

export interface AuditEventInput {
  /** `staff:<staffId>`, `kiosk` or `technician`. */
  readonly actor: string;
  /** kebab-case: staff-sign-in, assisted-submit, citizen-consent, appointment-check-in… */
  readonly action: string;
  /** An id: a dossier's, an appointment's, a consent reference, a staff session. */
  readonly subject?: string;
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export interface AuditLog {
  append(event: AuditEventInput): Result<{ readonly eventId: string; readonly at: string }, { readonly code: string }>;
}
