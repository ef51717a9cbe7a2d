import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { PaidNotSubmittedView } from '../dossier/journey-service';
import type { Clock } from '../../../common/clock';
import type { Logger, LogLine } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { DiagReport, RunningDevice } from '../../../device-drivers/device-module';
import type { DeviceName } from '../../../device-drivers/device-registry';
import type { MessageKind, MessageRow, OutboxStats, SyncAlert, SyncState } from '../../../offline-sync';
import { runningDevices } from '../devices/start-devices';
import type { KioskCore } from '../kiosk-core';
import { logDirOf } from '../logging/kiosk-log';
import { readLogLines } from '../logging/log-reader';
import type { ComponentStatus } from '../system/component-status';
import { MaintenanceLock, type LockoutStore } from './maintenance-pin';

// Technician maintenance mode behind the PIN. One short-lived session at a time, held only
// in memory: a token that dies after five minutes unused, on lock, or when a new unlock
// replaces it. The PIN lockout is counted per caller (the api's ctx.source) and, on a kiosk,
// kept in the encrypted store, so a restart does not reset it. Everything it shows is
// metadata (states, counts, codes), never personal data.

/** The demo PIN 246810 (scrypt, fixed public salt); used only by `kiosk start --demo`. */
export const DEMO_PIN_HASH = 'scrypt$16384$aGFub2kta2lvc2stZGVtbw==$f6l5b2WiycoPJJkqfChL5Fgjutz11F0W+anM6+/+igM=';
export const SESSION_IDLE_MS = 5 * 60_000;
import { TOKEN_HEX_LENGTH, type DeviceKind } from '../../api/maintenance-contract';

export type UnlockError =
  | { readonly code: 'wrong-pin'; readonly attemptsLeft: number }
  | { readonly code: 'locked-out'; readonly retryAt: string }
  | { readonly code: 'not-configured' };

export type MaintenanceError =
  /** No token, a wrong one, or one that expired: the PIN is asked again. */
  | { readonly code: 'no-session' }
  /** The outbox or the devices are not up (start-up still running or failed). */
  | { readonly code: 'unavailable' }
  | { readonly code: 'no-device'; readonly device: DeviceKind }
  | { readonly code: 'not-found' }
  | { readonly code: 'already-delivered' }
  | { readonly code: 'failed'; readonly detail: string };

/** The worker's state as the panel shows it: the alert by its code only (its text is for logs). */
export type SyncView = Omit<SyncState, 'alert'> & { readonly alert: NonNullable<SyncAlert>['code'] | null };

export interface UnresolvedPaymentView {
  readonly id: string;
  readonly method: string;
  readonly amount: number;
  readonly createdAt: string;
}

export interface MaintenanceOverview {
  readonly components: readonly ComponentStatus[];
  readonly sync: SyncView | null;
  readonly outbox: OutboxStats | null;
  /** Sales of unknown outcome: reconcile with the terminal before refunding or charging again. */
  readonly unresolvedPayments: readonly UnresolvedPaymentView[];
  /** Fees paid with no dossier submitted (the citizen left before the transfer arrived): refund or complete. */
  readonly paidNotSubmitted: readonly PaidNotSubmittedView[];
  /** The latest warnings and errors from the kiosk's log, newest first (already free of personal data). */
  readonly recentProblems: readonly LogProblemView[];
}

export interface LogProblemView {
  readonly time: string;
  readonly level: 'warn' | 'error';
  readonly component: string;
  readonly event: string;
  /** The line's other fields as `key=value`, clipped. */
  readonly detail: string;
}

export const RECENT_PROBLEMS_SHOWN = 20;

function problemView(line: LogLine): LogProblemView {
  const detail = Object.entries(line)
    .filter(([k]) => !['time', 'level', 'component', 'event'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return { time: line.time, level: line.level === 'error' ? 'error' : 'warn', component: line.component, event: line.event, detail: clip(detail) ?? '' };
}

/** A device test as the panel shows it: the device module's report, named by the device. */
export type DeviceTestReport = DiagReport & { readonly device: DeviceKind };

// The api names the devices a technician can test without importing the drivers: the compiler
// keeps its list and the device registry's the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const deviceNamesAgree: Same<DeviceKind, DeviceName> = true;
void deviceNamesAgree;

export interface OutboxItemView {
  readonly id: string;
  readonly kind: MessageKind;
  readonly state: MessageRow['state'];
  readonly attempts: number;
  readonly createdAt: string;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
}

export interface OutboxListing {
  readonly parked: readonly OutboxItemView[];
  /** Oldest first, at most `limit`. */
  readonly waiting: readonly OutboxItemView[];
}

/**
 * What the service reads of the running core. The outbox, devices and journey are optional so
 * its tests build only what they exercise; what is missing answers `unavailable`.
 */
export type MaintenanceDeps = Pick<KioskCore, 'config' | 'clock' | 'logger' | 'status'> & Partial<Pick<KioskCore, 'city' | 'devices' | 'journey'>>;

export interface MaintenanceOptions {
  /** Where PIN lockouts are kept (the kiosk: the encrypted store); default in memory. */
  readonly lockout?: LockoutStore;
}

/** A caller as the lockout counts it: the transport's source name, bounded. */
const sourceKey = (source: string) => source.slice(0, 64) || 'unknown';

const clip = (s: string | null, n = 200) => (s == null ? null : s.length > n ? `${s.slice(0, n - 1)}…` : s);
const iso = (ms: number | null) => (ms == null || ms === 0 ? null : new Date(ms).toISOString());

function itemView(m: MessageRow): OutboxItemView {
  return {
    id: m.id,
    kind: m.kind,
    state: m.state,
    attempts: m.attempts,
    createdAt: new Date(m.createdAt).toISOString(),
    nextAttemptAt: m.state === 'pending' ? iso(m.nextAttemptAt) : null,
    lastError: clip(m.lastError),
    rejectCode: clip(m.rejectCode, 64),
    rejectReason: clip(m.rejectReason),
  };
}

/** A device that never answers must not hang the technician's screen. */
async function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

export class MaintenanceService {
  readonly #lock: MaintenanceLock;
  readonly #clock: Clock;
  readonly #log: Logger;
  #session: { token: Buffer; lastUsed: number } | null = null;
  /** Unlocks run one after another, so parallel guesses cannot outrun the attempt counter. */
  #unlocking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly core: MaintenanceDeps,
    options: MaintenanceOptions = {},
  ) {
    const m = core.config.maintenance;
    // A real kiosk without a configured hash stays closed ("not-configured"); only the demo
    // (`kiosk start --demo`) falls back to the documented demo PIN.
    const pinHash = m.pinHash ?? (core.config.demo ? DEMO_PIN_HASH : undefined);
    this.#clock = core.clock;
    this.#log = core.logger.child('maintenance');
    this.#lock = new MaintenanceLock(pinHash, core.clock, m.maxAttempts, m.lockoutMinutes * 60_000, options.lockout, (op, e) =>
      this.#log.error('lockout-store-failed', { op, message: clip((e as Error).message, 80) }),
    );
  }

  /** Whether the PIN pad can be used now by this caller; no token needed (it reveals nothing to guess with). */
  lockState(source: string): { configured: boolean; retryAt: string | null } {
    const configured = this.core.config.maintenance.pinHash !== undefined || this.core.config.demo;
    return { configured, retryAt: configured ? this.#lock.retryAt(sourceKey(source)) : null };
  }

  /** `source` is the caller (ctx.source): wrong PINs from one caller never lock out another. */
  unlock(source: string, pin: string): Promise<Result<{ token: string; idleSeconds: number }, UnlockError>> {
    const run = this.#unlocking.then(() => this.#unlock(sourceKey(source), pin));
    this.#unlocking = run.catch(() => undefined);
    return run;
  }

  async #unlock(source: string, pin: string): Promise<Result<{ token: string; idleSeconds: number }, UnlockError>> {
    const r = await this.#lock.unlock(source, pin);
    if (!r.ok) {
      switch (r.code) {
        case 'locked-out':
          this.#log.warn('locked-out', { source, retryAt: r.retryAt });
          return err({ code: r.code, retryAt: r.retryAt });
        case 'wrong-pin':
          this.#log.warn('wrong-pin', { source, attemptsLeft: r.attemptsLeft });
          return err({ code: r.code, attemptsLeft: r.attemptsLeft });
        default:
          this.#log.warn('not-configured');
          return err({ code: r.code });
      }
    }
    // At most one session: a new unlock ends the previous one.
    const token = randomBytes(TOKEN_HEX_LENGTH / 2);
    this.#session = { token, lastUsed: this.#clock.now().getTime() };
    this.#log.info('unlocked', { source });
    return ok({ token: token.toString('hex'), idleSeconds: SESSION_IDLE_MS / 1000 });
  }

  /** Ends the session (Lock button, citizen session end, idle timeout). Unknown tokens are ignored. */
  lock(token: string): void {
    if (this.#check(token, false)) {
      this.#session = null;
      this.#log.info('locked');
    }
  }

  /** True while a session is open (for tests and the host's diagnostics; no token revealed). */
  get sessionOpen(): boolean {
    return this.#session !== null && this.#clock.now().getTime() - this.#session.lastUsed < SESSION_IDLE_MS;
  }

  #check(token: string, touch = true): boolean {
    const s = this.#session;
    if (!s) return false;
    const now = this.#clock.now().getTime();
    if (now - s.lastUsed >= SESSION_IDLE_MS) {
      this.#session = null;
      this.#log.info('session-expired');
      return false;
    }
    if (!/^[0-9a-f]+$/.test(token) || token.length !== TOKEN_HEX_LENGTH) return false;
    const given = Buffer.from(token, 'hex');
    if (given.length !== s.token.length || !timingSafeEqual(given, s.token)) return false;
    if (touch) s.lastUsed = now;
    return true;
  }

  async overview(token: string): Promise<Result<MaintenanceOverview, MaintenanceError>> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    await this.#refreshDeviceStatus();
    const city = this.core.city;
    const s = city?.worker.getState();
    return ok({
      components: this.core.status.all(),
      sync: s
        ? {
            online: s.online, link: s.link, running: s.running, pending: s.pending, parked: s.parked, oldestPendingAt: s.oldestPendingAt,
            lastError: clip(s.lastError), lastSuccessAt: s.lastSuccessAt, nextAttemptAt: s.nextAttemptAt, alert: s.alert?.code ?? null,
          }
        : null,
      outbox: city?.outbox.stats() ?? null,
      unresolvedPayments: (city?.outbox.unresolvedPayments() ?? []).map((p) => ({ id: p.id, method: p.method, amount: p.amount, createdAt: p.createdAt })),
      paidNotSubmitted: this.core.journey?.paidNotSubmitted() ?? [],
      recentProblems: readLogLines(logDirOf(this.core.config.storage.dataDir), { minLevel: 'warn', limit: RECENT_PROBLEMS_SHOWN }).reverse().map(problemView),
    });
  }

  /** Prints the slip of a fee paid with no dossier, for the citizen's refund or completion at the counter. */
  async printPaidNotSubmitted(token: string, paymentId: string): Promise<Result<{ printed: true }, MaintenanceError>> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    const journey = this.core.journey;
    if (!journey) return err({ code: 'unavailable' });
    const r = await journey.printPaidNotSubmitted(paymentId);
    if (!r.ok) return err(r.error.code === 'not-found' ? { code: 'not-found' } : { code: 'failed', detail: r.error.code === 'device' ? r.error.reason : r.error.code });
    this.#log.info('paid-not-submitted-printed', { paymentId });
    return ok({ printed: true });
  }

  /** Staff refunded the fee or completed the dossier at the counter: it leaves the list (audited). */
  settlePaidNotSubmitted(token: string, paymentId: string, how: 'refunded' | 'completed-at-counter'): Result<{ settled: true }, MaintenanceError> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    const outbox = this.core.city?.outbox;
    if (!outbox || !this.core.journey) return err({ code: 'unavailable' });
    if (!this.core.journey.paidNotSubmitted().some((x) => x.paymentId === paymentId)) return err({ code: 'not-found' });
    const r = outbox.settlePaidNotSubmitted(paymentId);
    if (!r.ok) return err({ code: 'failed', detail: r.error.code });
    this.#log.info('paid-not-submitted-settled', { paymentId, how });
    return ok({ settled: true });
  }

  outboxList(token: string, limit = 50): Result<OutboxListing, MaintenanceError> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    const outbox = this.core.city?.outbox;
    if (!outbox) return err({ code: 'unavailable' });
    return ok({
      parked: outbox.list({ state: 'rejected', limit }).map(itemView),
      waiting: [...outbox.list({ state: 'sending', limit }), ...outbox.list({ state: 'pending', limit })].slice(0, limit).map(itemView),
    });
  }

  retry(token: string, id: string): Result<OutboxItemView, MaintenanceError> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    const outbox = this.core.city?.outbox;
    if (!outbox) return err({ code: 'unavailable' });
    const r = outbox.retry(id);
    if (!r.ok) {
      if (r.error.code === 'not-found') return err({ code: 'not-found' });
      if (r.error.code === 'invalid-state') return err({ code: 'already-delivered' });
      return err({ code: 'failed', detail: r.error.code });
    }
    this.#log.info('retry', { id, kind: r.value.kind });
    return ok(itemView(r.value));
  }

  async deviceTest(token: string, device: DeviceKind): Promise<Result<DeviceTestReport, MaintenanceError>> {
    if (!this.#check(token)) return err({ code: 'no-session' });
    const devices = this.core.devices;
    if (!devices) return err({ code: 'unavailable' });
    const running = runningDevices(devices).find((d) => d.name === device)?.device;
    if (!running) return err({ code: 'no-device', device });
    let report: DeviceTestReport;
    try {
      const r = await running.test();
      // The panel names the device by its kind; what exactly it is comes first in the lines.
      report = { device, ok: r.ok, status: r.status, lines: [r.device, ...r.lines] };
    } catch (e) {
      // A driver bug still gives the technician a report rather than a broken screen.
      report = { device, ok: false, status: 'error', lines: [`Unexpected failure: ${clip((e as Error).message)}`] };
    }
    this.#log.info('device-test', { device, ok: report.ok, status: report.status });
    // A test also refreshes what the status board says of the device.
    await this.#probe(device, running);
    return ok(report);
  }

  /** Asks each device for its state now, so the panel shows what is true after a repair. */
  async #refreshDeviceStatus(): Promise<void> {
    const d = this.core.devices;
    if (!d) return;
    await Promise.all(runningDevices(d).map(({ name, device }) => this.#probe(name, device)));
  }

  async #probe(name: DeviceName, device: RunningDevice<unknown, unknown>): Promise<void> {
    const noAnswer = { state: 'down' as const, detail: 'no answer', usable: false };
    const h = await withTimeout(device.health(), 3000, noAnswer).catch(() => ({ ...noAnswer, detail: 'error' }));
    this.core.status.set(name, h.state, h.detail);
  }
}

/** The composition root's one line: `maintenance: createMaintenanceService({ config, …, journey }, { lockout })`. */
export function createMaintenanceService(core: MaintenanceDeps, options: MaintenanceOptions = {}): MaintenanceService {
  return new MaintenanceService(core, options);
}
