// The assisted journey (community points, buses): a staff member runs the journey with the
// citizen beside them. The citizen's consent stays the citizen's own: the notice is shown on the
// citizen's side of the screen (and read aloud), and the citizen gives it by presenting their own
// card, which is read once and also identifies them. The consent reference is audited and goes
// to the city in the dossier's onBehalfOf with the staff session (journey-submit.ts).
import { newId } from '../../../common/ids';
import { err, ok, type Result } from '../../../common/result';
import type { StaffPermission } from '../../api/staff-contract';
import type { StaffError, StaffShift } from '../staff/staff-service';
import { deviceError, sessionOf, whileWaiting, type JourneyDeps, type JourneyError } from './journey-context';
import { maskIdNumber, sameName, summarizeIdentity, type IdentitySummary } from './journey-identity';

/** What the journey asks of the staff's shift (core/staff/staff-service.ts). */
export interface StaffGate {
  require(permission: StaffPermission): Result<StaffShift, StaffError>;
  audit(action: string, subject?: string, detail?: Record<string, string | number | boolean>): void;
}

/** A staff refusal as the journey says it: the screens ask the clerk to sign in again, nothing is lost. */
export function staffRefusal(e: StaffError): JourneyError {
  return { code: 'staff', reason: e.code, ...(e.code === 'not-permitted' ? { permission: e.permission } : {}) };
}

export class AssistedSteps {
  readonly #reads = new Map<string, AbortController>();

  constructor(private readonly d: JourneyDeps) {}

  /**
   * Opens a journey a staff member runs for a citizen. From a booking, the booking's masked ID
   * and name are kept so that the card presented must be that citizen's.
   */
  start(lang: string, from: { appointmentId?: string; expected?: { maskedId: string; fullName: string } } = {}): Result<{ sessionId: string }, JourneyError> {
    const gate = this.d.staff;
    if (!gate) return err({ code: 'staff', reason: 'not-signed-in' });
    const shift = gate.require('assist');
    if (!shift.ok) return err(staffRefusal(shift.error));
    const room = this.d.storage.admitNewDossier();
    if (!room.ok) return room;
    const s = this.d.sessions.start(lang);
    s.assisted = { ...(from.appointmentId ? { appointmentId: from.appointmentId } : {}), ...(from.expected?.maskedId ? { expected: from.expected } : {}) };
    return ok({ sessionId: s.id });
  }

  /**
   * The citizen lays their own card on the reader after the notice was shown to them: that is
   * their consent, and their identity, read once. A card that is not the booking's citizen is
   * refused and nothing of it is kept.
   */
  async consentByCard(sessionId: string, noticeVersion: string, timeoutMs: number): Promise<Result<{ identity: IdentitySummary; consentRef: string }, JourneyError>> {
    const s = sessionOf(this.d, sessionId);
    if (!s.ok) return s;
    const session = s.value;
    if (!session.assisted) return err({ code: 'not-assisted' });
    this.#reads.get(sessionId)?.abort();
    const controller = new AbortController();
    this.#reads.set(sessionId, controller);
    const r = await whileWaiting(this.d, session, () => this.d.idReader.readCard(timeoutMs, controller.signal));
    if (this.#reads.get(sessionId) === controller) this.#reads.delete(sessionId);
    if (!r.ok) return err(deviceError('idreader', r.error));
    if (controller.signal.aborted || this.d.sessions.get(sessionId) !== session) return err({ code: 'no-session' });
    const card = r.value;
    const expected = session.assisted.expected;
    if (expected && (maskIdNumber(card.idNumber) !== expected.maskedId || !sameName(card.fullName, expected.fullName))) {
      this.d.staff?.audit('citizen-card-mismatch', session.assisted.appointmentId);
      return err({ code: 'card-mismatch' });
    }
    if (session.identity && session.identity.idNumber !== card.idNumber) return err({ code: 'card-mismatch' });
    const consentRef = newId();
    const at = this.d.clock.now().toISOString();
    session.identity = card;
    session.consent = { noticeVersion, at, ref: consentRef };
    this.d.staff?.audit('citizen-consent', consentRef, { noticeVersion, by: 'card', ...(session.assisted.appointmentId ? { appointment: session.assisted.appointmentId } : {}) });
    return ok({ identity: summarizeIdentity(card), consentRef });
  }

  cancelConsentRead(sessionId: string): void {
    this.#reads.get(sessionId)?.abort();
    this.#reads.delete(sessionId);
  }
}
