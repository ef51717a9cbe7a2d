// The staff member's shift at a community point (or on a bus): signed in with the city
// (POST /v1/staff-sessions), locked after a few minutes with no key, click or touch, ended at
// sign-out. What a role may do is the configuration's rule (api/staff-contract.ts). Every
// sign-in, lock and sign-out is an audit event in the outbox (append-only, sent to the city).
//
// The city is the authority on PINs and their lockout (5 wrong tries a staff id); the kiosk keeps
// what the city said (the tries left, the time a lockout ends) per staff id in its encrypted
// store, so a locked id is refused at once, even after a restart, without asking again.
import { newId } from '../../../common/ids';
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { CityError, StaffSessionAnswer, StaffSessionBody } from '../../../offline-sync';
import { PIN_PATTERN, type LockoutStore } from '../maintenance/maintenance-pin';
import { staffIdFromCardQr, STAFF_ID_PATTERN, STAFF_ROLES, type StaffPermission, type StaffRole } from '../../api/staff-contract';
import type { KioskConfig } from '../config/config-schema';
import type { AuditLog } from './audit-log';

/** The city's side of signing in (the sync worker's client). */
export interface StaffCity {
  startStaffSession(body: StaffSessionBody, opts?: { timeoutMs?: number; signIn?: boolean }): Promise<Result<StaffSessionAnswer, CityError>>;
}

export type StaffError =
  | { readonly code: 'invalid-staff-id' }
  | { readonly code: 'invalid-pin' }
  | { readonly code: 'wrong-pin'; readonly triesLeft: number }
  | { readonly code: 'locked'; readonly retryAt: string }
  /** Signing in needs the city, and it did not answer. */
  | { readonly code: 'city-unreachable' }
  /** The city answered something else (a refusal the kiosk cannot act on). */
  | { readonly code: 'city-refused'; readonly detail: string }
  | { readonly code: 'not-signed-in' }
  /** The shift is locked (idle): signing in again opens it. */
  | { readonly code: 'shift-locked'; readonly staffId: string }
  /** The city's session ended (its expiresAt): signing in again starts a new one; nothing is lost. */
  | { readonly code: 'session-expired'; readonly staffId: string }
  | { readonly code: 'not-permitted'; readonly permission: StaffPermission };

/** What the screens see of the shift: no PIN, no token. */
export interface StaffShiftView {
  readonly staffId: string;
  readonly displayName: string;
  readonly roles: readonly StaffRole[];
  readonly permissions: readonly StaffPermission[];
  readonly startedAt: string;
  readonly expiresAt: string;
  readonly locked: boolean;
  /** The city's session is over (by the core's clock): signing in again starts a new one. */
  readonly expired: boolean;
}

/** The shift as the core uses it (the city's session id goes into onBehalfOf). */
export interface StaffShift extends StaffShiftView {
  readonly sessionId: string;
}

/** The shift as this service holds it: its lock and last activity change in place. */
type OpenShift = { -readonly [K in keyof StaffShift]: StaffShift[K] } & { lastActivity: number };

export interface StaffServiceDeps {
  readonly config: Pick<KioskConfig, 'community'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly city: StaffCity;
  readonly audit: AuditLog;
  /** What the city said of each staff id's tries (the maintenance PIN's store, keys `staff:<id>`). */
  readonly lockout: LockoutStore;
  /** Dossiers the city refused for an ended staff session go again under the new one; answers how many. */
  readonly restamp: (staffId: string, staffSessionId: string) => number;
}

const MAX_TRIES = 5;
const SIGN_IN_TIMEOUT_MS = 10_000;
const lockoutKey = (staffId: string) => `staff:${staffId}`;

export class StaffService {
  #shift: OpenShift | null = null;
  readonly #listeners = new Set<(v: StaffShiftView | null) => void>();
  readonly #log: Logger;

  constructor(private readonly d: StaffServiceDeps) {
    this.#log = d.logger.child('staff');
  }

  get #idleMs(): number {
    return this.d.config.community.lockAfterMinutes * 60_000;
  }

  /** `staffIdOrCard`: the id typed, or a staff card's QR as a keyboard-wedge scanner types it. */
  async signIn(staffIdOrCard: string, pin: string): Promise<Result<StaffShiftView, StaffError>> {
    const staffId = staffIdFromCardQr(staffIdOrCard) ?? staffIdOrCard.trim();
    if (!STAFF_ID_PATTERN.test(staffId)) return err({ code: 'invalid-staff-id' });
    if (!PIN_PATTERN.test(pin)) return err({ code: 'invalid-pin' });
    const now = this.d.clock.now();
    const known = this.d.lockout.get(lockoutKey(staffId));
    if (known && known.lockedUntil > now.getTime()) return err({ code: 'locked', retryAt: new Date(known.lockedUntil).toISOString() });

    const sessionId = newId();
    const r = await this.d.city.startStaffSession({ sessionId, staffId, pinProof: pin, startedAt: now.toISOString() }, { timeoutMs: SIGN_IN_TIMEOUT_MS, signIn: true });
    if (!r.ok) return err(this.#refusal(staffId, r.error));
    this.d.lockout.set(lockoutKey(staffId), { failures: 0, lockedUntil: 0 });
    const roles = r.value.roles.filter((x): x is StaffRole => (STAFF_ROLES as readonly string[]).includes(x));
    const permissions = [...new Set(roles.flatMap((role) => this.d.config.community.permissions[role]))];
    const previous = this.#shift;
    if (previous && previous.staffId !== staffId) this.#audit(previous.staffId, 'staff-sign-out', previous.sessionId, { reason: 'replaced' });
    const opened: OpenShift = {
      sessionId: r.value.sessionId, staffId, displayName: r.value.displayName, roles, permissions,
      startedAt: previous?.staffId === staffId ? previous.startedAt : now.toISOString(), expiresAt: r.value.expiresAt, locked: false, expired: false, lastActivity: now.getTime(),
    };
    this.#shift = opened;
    this.#audit(staffId, 'staff-sign-in', r.value.sessionId, { roles: roles.join(','), resumed: previous?.staffId === staffId });
    const again = this.d.restamp(staffId, r.value.sessionId);
    if (again > 0) this.#log.info('dossiers-restamped', { count: again });
    this.#log.info('staff-signed-in', { roles: roles.join(',') });
    this.#emit();
    return ok(this.#view(opened));
  }

  signOut(): void {
    const s = this.#shift;
    if (!s) return;
    this.#audit(s.staffId, 'staff-sign-out', s.sessionId, {});
    this.#shift = null;
    this.#log.info('staff-signed-out', {});
    this.#emit();
  }

  /** The staff member asked for it ("Khoá màn hình"), or the screen saw nobody for the idle time. */
  lock(reason: 'staff' | 'idle'): void {
    const s = this.#shift;
    if (!s || s.locked) return;
    s.locked = true;
    this.#audit(s.staffId, 'staff-lock', s.sessionId, { reason });
    this.#emit();
  }

  /** A key, click or touch on the staff's screens (the renderer reports them, throttled). */
  activity(): void {
    const s = this.#shift;
    if (s && !this.#lockIfIdle(s)) s.lastActivity = this.d.clock.now().getTime();
  }

  current(): StaffShiftView | null {
    const s = this.#shift;
    if (!s) return null;
    this.#lockIfIdle(s);
    return this.#view(s);
  }

  /**
   * The shift, if it is open, in date, and its roles allow `permission`. Counts as activity,
   * unless `passive` (a screen refreshing itself is not the clerk at the desk).
   */
  require(permission: StaffPermission, opts: { passive?: boolean } = {}): Result<StaffShift, StaffError> {
    const s = this.#shift;
    if (!s) return err({ code: 'not-signed-in' });
    if (this.#lockIfIdle(s)) return err({ code: 'shift-locked', staffId: s.staffId });
    const now = this.d.clock.now().getTime();
    if (Date.parse(s.expiresAt) <= now) return err({ code: 'session-expired', staffId: s.staffId });
    if (!s.permissions.includes(permission)) return err({ code: 'not-permitted', permission });
    if (!opts.passive) s.lastActivity = now;
    return ok({ ...this.#view(s), sessionId: s.sessionId });
  }

  /** An audited action by the signed-in staff member (assisted submission, check-in, cash…). */
  audit(action: string, subject?: string, detail: Record<string, string | number | boolean> = {}): void {
    const s = this.#shift;
    this.#audit(s?.staffId ?? 'unknown', action, subject, detail);
  }

  subscribe(listener: (v: StaffShiftView | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #lockIfIdle(s: OpenShift): boolean {
    if (s.locked) return true;
    if (this.d.clock.now().getTime() - s.lastActivity < this.#idleMs) return false;
    this.lock('idle');
    return true;
  }

  #refusal(staffId: string, e: CityError): StaffError {
    if (e.code === 'network' || e.code === 'malformed' || (e.code === 'status' && e.status >= 500)) return { code: 'city-unreachable' };
    // 423, or the fifth wrong try itself (401 wrong_pin with no tries left and the lockout's end).
    if (e.code === 'status' && (e.status === 423 || (e.status === 401 && detailOf(e.details, 'triesLeft') === 0))) {
      const retryAt = detailOf(e.details, 'retryAt');
      const until = typeof retryAt === 'string' && !Number.isNaN(Date.parse(retryAt)) ? Date.parse(retryAt) : this.d.clock.now().getTime() + 15 * 60_000;
      this.d.lockout.set(lockoutKey(staffId), { failures: 0, lockedUntil: until });
      this.#audit(staffId, e.status === 423 ? 'staff-sign-in-locked' : 'staff-sign-in-refused', undefined, { triesLeft: 0 });
      return { code: 'locked', retryAt: new Date(until).toISOString() };
    }
    if (e.code === 'status' && e.status === 401 && e.cityCode === 'wrong_pin') {
      const left = detailOf(e.details, 'triesLeft');
      const triesLeft = typeof left === 'number' ? left : MAX_TRIES - 1;
      this.d.lockout.set(lockoutKey(staffId), { failures: MAX_TRIES - triesLeft, lockedUntil: 0 });
      this.#audit(staffId, 'staff-sign-in-refused', undefined, { triesLeft });
      return { code: 'wrong-pin', triesLeft };
    }
    this.#log.warn('staff-sign-in-refused', { detail: e.message });
    return { code: 'city-refused', detail: e.code === 'status' ? e.cityCode : e.code };
  }

  #audit(staffId: string, action: string, subject: string | undefined, detail: Record<string, string | number | boolean>): void {
    const r = this.d.audit.append({ actor: `staff:${staffId}`, action, ...(subject ? { subject } : {}), detail });
    if (!r.ok) this.#log.error('audit-failed', { action, code: r.error.code });
  }

  #view(s: StaffShift): StaffShiftView {
    return {
      staffId: s.staffId, displayName: s.displayName, roles: s.roles, permissions: s.permissions, startedAt: s.startedAt, expiresAt: s.expiresAt, locked: s.locked,
      expired: Date.parse(s.expiresAt) <= this.d.clock.now().getTime(),
    };
  }

  #emit(): void {
    const v = this.#shift ? this.#view(this.#shift) : null;
    for (const l of this.#listeners) l(v);
  }
}

function detailOf(details: unknown, key: string): unknown {
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>)[key] : undefined;
}
