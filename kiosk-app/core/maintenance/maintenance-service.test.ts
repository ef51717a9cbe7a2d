import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { createMemoryLogger } from '../../../common/logger';
import { FakeIdReader } from '../../../device-drivers/id-reader';
import { runningIdReader } from '../../../device-drivers/id-reader/id-reader-module';
import { runningTerminal } from '../../../device-drivers/payment/payment-terminal-module';
import { runningA4Printer } from '../../../device-drivers/printer/a4-printer-module';
import { runningReceiptPrinter } from '../../../device-drivers/printer/receipt-printer-module';
import { runningScanner } from '../../../device-drivers/scanner/scanner-module';
import { FakePaymentTerminal } from '../../../device-drivers/payment/fake-payment-terminal';
import { FakeA4Printer, FakeReceiptPrinter } from '../../../device-drivers/printer';
import { FakeScanner } from '../../../device-drivers/scanner';
import { openKioskStore, Outbox, StoredPinLockout, type KioskStore, type SyncState, type SyncWorker } from '../../../offline-sync';
import { kioskConfigSchema } from '../config/config-schema';
import type { KioskDevices } from '../devices/start-devices';
import { StatusBoard } from '../system/component-status';
import { hashPin, verifyPin, type LockoutStore } from './maintenance-pin';
import { DEMO_PIN_HASH, MaintenanceService, SESSION_IDLE_MS, type MaintenanceDeps } from './maintenance-service';

const syncState: SyncState = {
  online: true, link: { level: 'online', failedPercent: 0, slow: false, recent: 4, lastAnswerAt: '2026-11-23T01:59:00.000Z' },
  running: true, pending: 0, parked: 0, oldestPendingAt: null, lastError: null, lastSuccessAt: '2026-11-23T01:59:00.000Z', nextAttemptAt: null, alert: null,
};

let dir: string;
let store: KioskStore;
let outbox: Outbox;
let clock: ManualClock;
let printer: FakeReceiptPrinter;
let scanner: FakeScanner & { dirs: string[] };
const logger = createMemoryLogger();

function devices(): KioskDevices {
  return {
    printer: runningReceiptPrinter(Object.assign(printer, { simulator: null })),
    a4: runningA4Printer(new FakeA4Printer(), clock),
    scanner: runningScanner(scanner, null, dir),
    idreader: runningIdReader(new FakeIdReader(), null),
    terminal: runningTerminal(new FakePaymentTerminal(), null),
    ocr: {} as KioskDevices['ocr'],
    close: async () => undefined,
  };
}

function service(config: Record<string, unknown> = {}, devs: Partial<KioskDevices> | null = {}, lockout?: LockoutStore): MaintenanceService {
  const deps: MaintenanceDeps = {
    config: kioskConfigSchema.parse({ demo: true, storage: { dataDir: dir }, ...config }),
    clock,
    logger,
    status: new StatusBoard(),
    city: { outbox, worker: { getState: () => syncState } as unknown as SyncWorker, sandbox: null },
    ...(devs ? { devices: { ...devices(), ...devs } } : {}),
  };
  return new MaintenanceService(deps, lockout ? { lockout } : {});
}

async function unlocked(s: MaintenanceService): Promise<string> {
  const r = await s.unlock('window', '246810');
  if (!r.ok) throw new Error(r.error.code);
  return r.value.token;
}

function openStore(): KioskStore {
  const opened = openKioskStore({ dataDir: dir });
  if (!opened.ok) throw new Error(opened.error.code);
  return opened.value;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'maint-'));
  store = openStore();
  clock = new ManualClock();
  outbox = new Outbox(store, { clock });
  printer = new FakeReceiptPrinter();
  const fake = new FakeScanner();
  const dirs: string[] = [];
  const realTest = fake.test.bind(fake);
  // Records where the test scan was written, to check that folder is gone afterwards.
  scanner = Object.assign(fake, { dirs, test: (out: string) => (dirs.push(out), realTest()) });
  logger.lines.length = 0;
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('maintenance PIN and session', () => {
  it('the demo hash is the documented demo PIN', async () => {
    expect(await verifyPin('246810', DEMO_PIN_HASH)).toBe(true);
  });

  it('counts wrong PINs down, then locks out until the retry time, even for the right PIN', async () => {
    const s = service();
    for (const left of [4, 3, 2, 1]) expect(await s.unlock('window', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: left } });
    const locked = await s.unlock('window', '111111');
    const retryAt = new Date(clock.now().getTime() + 15 * 60_000).toISOString();
    expect(locked).toEqual({ ok: false, error: { code: 'locked-out', retryAt } });
    expect(s.lockState('window')).toEqual({ configured: true, retryAt });
    expect(await s.unlock('window', '246810')).toEqual({ ok: false, error: { code: 'locked-out', retryAt } });
    clock.advance(15 * 60_000 + 1);
    expect(s.lockState('window').retryAt).toBeNull();
    expect((await s.unlock('window', '246810')).ok).toBe(true);
    // No PIN and no token in the logs.
    expect(logger.lines.join('\n')).not.toMatch(/246810|111111/);
  });

  it('keeps the lockout in the encrypted store across a restart, counted per caller; a success clears only its caller', async () => {
    const first = service({}, {}, new StoredPinLockout(store, { clock }));
    for (const left of [4, 3, 2, 1]) expect(await first.unlock('window', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: left } });
    expect(await first.unlock('test', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 4 } });
    const retryAt = new Date(clock.now().getTime() + 15 * 60_000).toISOString();
    expect(await first.unlock('window', '111111')).toEqual({ ok: false, error: { code: 'locked-out', retryAt } });
    store.close();

    // The kiosk restarts: a new store handle on the same files, a new service.
    clock.advance(60_000);
    store = openStore();
    const second = service({}, {}, new StoredPinLockout(store, { clock }));
    expect(second.lockState('window')).toEqual({ configured: true, retryAt });
    expect(await second.unlock('window', '246810')).toEqual({ ok: false, error: { code: 'locked-out', retryAt } });
    // Another caller is not locked out, and its own count survived too.
    expect(second.lockState('test')).toEqual({ configured: true, retryAt: null });
    expect(await second.unlock('test', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 3 } });
    expect((await second.unlock('test', '246810')).ok).toBe(true);
    // The success reset that caller only.
    expect(await second.unlock('test', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 4 } });
    expect(second.lockState('window').retryAt).toBe(retryAt);
    clock.advance(15 * 60_000);
    expect((await second.unlock('window', '246810')).ok).toBe(true);
    expect(store.db.prepare('SELECT source, failures, locked_until AS lockedUntil FROM maintenance_lockout').all()).toEqual([{ source: 'test', failures: 1, lockedUntil: 0 }]);
    store.close();
    store = openStore();
    expect(await service({}, {}, new StoredPinLockout(store, { clock })).unlock('test', '111111')).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 3 } });
  });

  it('a lockout store that fails still counts in memory, and says so in the log', async () => {
    const broken: LockoutStore = { get: () => { throw new Error('disk I/O error'); }, set: () => { throw new Error('disk I/O error'); } };
    const s = service({ maintenance: { maxAttempts: 2 } }, {}, broken);
    expect(await s.unlock('window', '0000')).toMatchObject({ error: { code: 'wrong-pin', attemptsLeft: 1 } });
    expect(await s.unlock('window', '0000')).toMatchObject({ error: { code: 'locked-out' } });
    expect(await s.unlock('window', '246810')).toMatchObject({ error: { code: 'locked-out' } });
    expect(logger.lines.join('\n')).toContain('lockout-store-failed');
  });

  it('uses the configured attempt count and lockout time', async () => {
    const s = service({ maintenance: { maxAttempts: 2, lockoutMinutes: 1 } });
    expect(await s.unlock('window', '0000')).toMatchObject({ error: { code: 'wrong-pin', attemptsLeft: 1 } });
    expect(await s.unlock('window', '0000')).toMatchObject({ error: { code: 'locked-out', retryAt: new Date(clock.now().getTime() + 60_000).toISOString() } });
  });

  it('parallel guesses are counted one by one', async () => {
    const s = service();
    const results = await Promise.all(Array.from({ length: 8 }, () => s.unlock('window', '999999')));
    expect(results.filter((r) => !r.ok && r.error.code === 'wrong-pin')).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.error.code === 'locked-out')).toHaveLength(4);
  });

  it('a configured hash replaces the demo PIN; a real kiosk without one stays closed', async () => {
    const own = service({ maintenance: { pinHash: await hashPin('13579') } });
    expect(await own.unlock('window', '246810')).toMatchObject({ ok: false, error: { code: 'wrong-pin' } });
    expect((await own.unlock('window', '13579')).ok).toBe(true);
    // The demo PIN is the demo's only: a kiosk not started with --demo never accepts it, even on the sandbox.
    const remote = service({ demo: false, city: { kind: 'remote', baseUrl: 'https://city.example/api', deviceId: 'k1', deviceToken: 'x'.repeat(20) } });
    const notDemo = service({ demo: false });
    expect(await notDemo.unlock('window', '246810')).toEqual({ ok: false, error: { code: 'not-configured' } });
    expect(await remote.unlock('window', '246810')).toEqual({ ok: false, error: { code: 'not-configured' } });
    expect(remote.lockState('window').configured).toBe(false);
  });

  it('refuses every call without a valid token', async () => {
    const s = service();
    const bad = 'ab'.repeat(32);
    expect(await s.overview(bad)).toEqual({ ok: false, error: { code: 'no-session' } });
    const token = await unlocked(s);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(await s.overview('')).toEqual({ ok: false, error: { code: 'no-session' } });
    expect(await s.overview(bad)).toEqual({ ok: false, error: { code: 'no-session' } });
    expect(await s.deviceTest(bad, 'printer')).toEqual({ ok: false, error: { code: 'no-session' } });
    expect(s.outboxList(bad)).toEqual({ ok: false, error: { code: 'no-session' } });
    expect(s.retry(bad, 'x')).toEqual({ ok: false, error: { code: 'no-session' } });
    expect(printer.printed).toHaveLength(0);
    expect((await s.overview(token)).ok).toBe(true);
  });

  it('a token dies after five minutes unused; each use keeps it alive', async () => {
    const s = service();
    const token = await unlocked(s);
    clock.advance(SESSION_IDLE_MS - 1000);
    expect((await s.overview(token)).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS - 1000);
    expect(s.outboxList(token).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS);
    expect(s.sessionOpen).toBe(false);
    expect(s.outboxList(token)).toEqual({ ok: false, error: { code: 'no-session' } });
    // Expired stays expired, even if time seemed to move back.
    expect((await s.overview(token)).ok).toBe(false);
  });

  it('one session at a time: a new unlock ends the old token; lock ends the current one', async () => {
    const s = service();
    const first = await unlocked(s);
    const second = await unlocked(s);
    expect(second).not.toBe(first);
    expect((await s.overview(first)).ok).toBe(false);
    expect((await s.overview(second)).ok).toBe(true);
    s.lock(first); // a stale token cannot lock someone else's session
    expect((await s.overview(second)).ok).toBe(true);
    s.lock(second);
    expect((await s.overview(second)).ok).toBe(false);
    expect(s.sessionOpen).toBe(false);
  });
});

describe('maintenance calls', () => {
  it('overview: components, sync state and outbox counts', async () => {
    const s = service();
    const token = await unlocked(s);
    printer.setStatus({ state: 'paper-out' });
    const r = await s.overview(token);
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value.components.find((c) => c.name === 'printer')).toEqual({ name: 'printer', state: 'degraded', detail: 'paper-out' });
    expect(r.value.sync).toMatchObject({ online: true, pending: 0, alert: null });
    expect(r.value.outbox).toMatchObject({ pending: 0, parked: 0 });
  });

  it('device tests run the driver test and report its lines; a failing device says why', async () => {
    const s = service();
    const token = await unlocked(s);
    const r = await s.deviceTest(token, 'printer');
    expect(r).toMatchObject({ ok: true, value: { device: 'printer', ok: true, status: 'ready' } });
    expect(printer.printed.map((d) => d.kind)).toEqual(['test-page']);
    printer.setStatus({ state: 'cover-open' });
    const failed = await s.deviceTest(token, 'printer');
    expect(failed).toMatchObject({ ok: true, value: { ok: false, status: 'cover-open' } });
    expect(failed.ok && failed.value.lines.join(' ')).toContain('not printed');
    expect(printer.printed).toHaveLength(1);

    for (const kind of ['a4', 'idreader', 'terminal'] as const) expect(await s.deviceTest(token, kind)).toMatchObject({ ok: true, value: { device: kind, ok: true } });

    const scan = await s.deviceTest(token, 'scanner');
    expect(scan).toMatchObject({ ok: true, value: { ok: true, lines: ['fake', 'fake scanner ready'] } });
    // The test scan's folder (it may show a citizen's paper left on the glass) is gone.
    expect(scanner.dirs).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('maintenance-scan'))).toEqual([]);
  });

  it('a device the kiosk does not have is named; without devices the call is unavailable', async () => {
    const s = service({}, { printer: null });
    const token = await unlocked(s);
    expect(await s.deviceTest(token, 'printer')).toEqual({ ok: false, error: { code: 'no-device', device: 'printer' } });
    const bare = service({}, null);
    const t2 = await unlocked(bare);
    expect(await bare.deviceTest(t2, 'printer')).toEqual({ ok: false, error: { code: 'unavailable' } });
  });

  it('lists parked items with the city reason (no personal data) and retries one', async () => {
    const s = service();
    const token = await unlocked(s);
    const d = outbox.submitDossier({
      procedureCode: '1.001193', channel: 'kiosk',
      applicant: { idNumber: '001099012345', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-01', sex: 'male', address: 'Số 1 Tràng Tiền' },
      form: { note: 'bí mật' }, attachments: [], fee: { amount: 0 },
    });
    if (!d.ok) throw new Error(d.error.code);
    const ticket = outbox.enqueueQueueTicket({ branchCode: 'CN01', serviceCode: 'HT' });
    if (!ticket.ok) throw new Error(ticket.error.code);
    outbox.markRejected(d.value.id, 'validation-failed', 'procedureCode 1.001193 needs attachment giay-chung-sinh');

    const list = s.outboxList(token);
    if (!list.ok) throw new Error(list.error.code);
    expect(list.value.parked).toEqual([
      expect.objectContaining({ id: d.value.id, kind: 'dossier', state: 'rejected', rejectCode: 'validation-failed', rejectReason: 'procedureCode 1.001193 needs attachment giay-chung-sinh' }),
    ]);
    expect(list.value.waiting.map((m) => m.id)).toEqual([ticket.value.id]);
    expect(JSON.stringify(list.value)).not.toMatch(/001099012345|Nguyễn|Tràng Tiền|bí mật/);

    const overview = await s.overview(token);
    expect(overview.ok && overview.value.outbox).toMatchObject({ parked: 1, pending: 1 });

    expect(s.retry(token, d.value.id)).toMatchObject({ ok: true, value: { id: d.value.id, state: 'pending', rejectCode: null } });
    expect(s.outboxList(token)).toMatchObject({ ok: true, value: { parked: [] } });
    expect(s.retry(token, '018f0000-0000-7000-8000-000000000000')).toEqual({ ok: false, error: { code: 'not-found' } });
    outbox.markAcked(ticket.value.id);
    expect(s.retry(token, ticket.value.id)).toEqual({ ok: false, error: { code: 'already-delivered' } });
  });
});
