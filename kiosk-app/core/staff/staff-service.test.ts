import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { createMemoryLogger } from '../../../common/logger';
import { ok } from '../../../common/result';
import { CityGatewayClient, startCitySandbox, type CitySandbox } from '../../../offline-sync';
import { DEVICE, tempDir } from '../../../offline-sync/test-support/fixtures';
import { kioskConfigSchema } from '../config/config-schema';
import { memoryLockoutStore, type LockoutStore } from '../maintenance/maintenance-pin';
import type { AuditEventInput, AuditLog } from './audit-log';
import { StaffService } from './staff-service';

// The shift against the real city sandbox on loopback: the sandbox checks PINs and counts
// wrong tries per staff id; the kiosk keeps what it said, audits every step, locks when idle.

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

const STAFF = [
  { staffId: 'P001', pin: '135790', roles: ['postal' as const], displayName: 'Nguyễn Thị Lan' },
  { staffId: 'C001', pin: '246802', roles: ['collaborator' as const], displayName: 'Trần Minh Quân' },
];

function recordingAudit(): AuditLog & { events: AuditEventInput[] } {
  const events: AuditEventInput[] = [];
  return { events, append: (e) => (events.push(e), ok({ eventId: String(events.length), at: '' })) };
}

async function setup(opts: { url?: string; lockout?: LockoutStore; restamp?: (staffId: string, sessionId: string) => number; config?: Record<string, unknown>; staffSessionMinutes?: number } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 12, 0));
  let url = opts.url;
  let sandbox: CitySandbox | null = null;
  if (!url) {
    sandbox = await startCitySandbox({ dataDir: tempDir('staff-sb'), devices: [DEVICE], staff: STAFF, clock, ...(opts.staffSessionMinutes ? { staffSessionMinutes: opts.staffSessionMinutes } : {}) });
    open.push(sandbox);
    url = sandbox.url;
  }
  const city = new CityGatewayClient({ baseUrl: url, deviceId: DEVICE.id, deviceToken: DEVICE.token, clock, attempts: 1 } as never);
  const audit = recordingAudit();
  const lockout = opts.lockout ?? memoryLockoutStore();
  const restamped: string[] = [];
  const staff = new StaffService({
    config: kioskConfigSchema.parse({ kiosk: { mode: 'community' }, ...opts.config }),
    clock, logger: createMemoryLogger(), city, audit, lockout,
    restamp: opts.restamp ?? ((id, s) => (restamped.push(`${id}:${s}`), 0)),
  });
  return { staff, clock, audit, lockout, restamped, sandbox };
}

describe('staff sign-in with the city', () => {
  it('a postal clerk signs in with id and PIN: the city names them, their role allows submitting, the sign-in is audited', async () => {
    const { staff, audit, restamped } = await setup();
    const r = await staff.signIn('P001', '135790');
    expect(r.ok && r.value).toMatchObject({ staffId: 'P001', displayName: 'Nguyễn Thị Lan', roles: ['postal'], locked: false });
    expect(staff.require('submit').ok).toBe(true);
    expect(audit.events.map((e) => e.action)).toEqual(['staff-sign-in']);
    expect(audit.events[0]!.actor).toBe('staff:P001');
    // Dossiers refused for an ended session go again under the new one.
    expect(restamped).toHaveLength(1);
    expect(restamped[0]).toMatch(/^P001:/);
  });

  it("a staff card's QR (as a keyboard-wedge scanner types it) carries the id", async () => {
    const { staff } = await setup();
    const r = await staff.signIn('HNSTAFF:P001', '135790');
    expect(r.ok && r.value.staffId).toBe('P001');
  });

  it('a collaborator prepares and checks but does not submit or take cash (the configured rule), unless the centre allows it', async () => {
    const { staff } = await setup();
    expect((await staff.signIn('C001', '246802')).ok).toBe(true);
    expect(staff.require('assist').ok).toBe(true);
    expect(staff.require('submit')).toEqual({ ok: false, error: { code: 'not-permitted', permission: 'submit' } });
    expect(staff.require('take-cash').ok).toBe(false);

    const allowed = await setup({ config: { community: { permissions: { collaborator: ['assist', 'submit'] } } } });
    expect((await allowed.staff.signIn('C001', '246802')).ok).toBe(true);
    expect(allowed.staff.require('submit').ok).toBe(true);
  });

  it('wrong PINs count per staff id; after 5 the id is locked (even the right PIN), the kiosk remembers it without asking, and another id is unaffected', async () => {
    const lockout = memoryLockoutStore();
    const { staff, clock, audit } = await setup({ lockout });
    const tries: unknown[] = [];
    for (let i = 0; i < 4; i++) tries.push(await staff.signIn('P001', '000000'));
    expect(tries.map((t) => (t as { ok: false; error: { code: string; triesLeft: number } }).error)).toEqual([
      { code: 'wrong-pin', triesLeft: 4 }, { code: 'wrong-pin', triesLeft: 3 }, { code: 'wrong-pin', triesLeft: 2 }, { code: 'wrong-pin', triesLeft: 1 },
    ]);
    const fifth = await staff.signIn('P001', '000000');
    expect(fifth.ok === false && fifth.error.code).toBe('locked');
    const right = await staff.signIn('P001', '135790');
    expect(right.ok === false && right.error.code).toBe('locked');
    expect(lockout.get('staff:P001')!.lockedUntil).toBeGreaterThan(clock.now().getTime());
    expect((await staff.signIn('C001', '246802')).ok).toBe(true);
    expect(audit.events.filter((e) => e.action === 'staff-sign-in-refused')).toHaveLength(5);
    // When the lockout ends, the right PIN works again.
    clock.advance(16 * 60_000);
    expect((await staff.signIn('P001', '135790')).ok).toBe(true);
  });

  it('a PIN that is not 4–12 digits or an id with spaces is refused before the city is asked', async () => {
    const { staff, sandbox } = await setup();
    sandbox!.resetStats();
    expect(await staff.signIn('P001', '12a4')).toEqual({ ok: false, error: { code: 'invalid-pin' } });
    expect(await staff.signIn('P 001', '135790')).toEqual({ ok: false, error: { code: 'invalid-staff-id' } });
    expect(sandbox!.stats().requests).toBe(0);
  });

  it('when the city does not answer, signing in says so plainly (no shift is opened)', async () => {
    const { staff } = await setup({ url: 'http://127.0.0.1:9' });
    expect(await staff.signIn('P001', '135790')).toEqual({ ok: false, error: { code: 'city-unreachable' } });
    expect(staff.current()).toBeNull();
  });
});

describe('the shift', () => {
  it('locks after the configured idle minutes; activity keeps it open; signing in again opens it and the start of the shift is kept', async () => {
    const { staff, clock, audit } = await setup({ config: { community: { lockAfterMinutes: 5 } } });
    const first = await staff.signIn('P001', '135790');
    const startedAt = first.ok ? first.value.startedAt : '';
    clock.advance(4 * 60_000);
    staff.activity();
    clock.advance(4 * 60_000);
    expect(staff.require('assist').ok).toBe(true);
    // The list refreshing itself is not the clerk: it does not keep the shift open.
    clock.advance(3 * 60_000);
    expect(staff.require('check-in', { passive: true }).ok).toBe(true);
    clock.advance(2 * 60_000);
    expect(staff.require('assist')).toEqual({ ok: false, error: { code: 'shift-locked', staffId: 'P001' } });
    expect(staff.current()?.locked).toBe(true);
    expect(audit.events.map((e) => e.action)).toContain('staff-lock');
    const again = await staff.signIn('P001', '135790');
    expect(again.ok && again.value.locked).toBe(false);
    expect(again.ok && again.value.startedAt).toBe(startedAt);
  });

  it('a city session past its expiresAt is refused at use; signing in again starts a new one', async () => {
    const { staff, clock } = await setup({ config: { community: { lockAfterMinutes: 120 } }, staffSessionMinutes: 60 });
    await staff.signIn('P001', '135790');
    clock.advance(30 * 60_000);
    staff.activity();
    clock.advance(31 * 60_000);
    expect(staff.require('submit')).toEqual({ ok: false, error: { code: 'session-expired', staffId: 'P001' } });
    expect((await staff.signIn('P001', '135790')).ok).toBe(true);
    expect(staff.require('submit').ok).toBe(true);
  });

  it('signing out ends the shift and is audited', async () => {
    const { staff, audit } = await setup();
    await staff.signIn('P001', '135790');
    staff.signOut();
    expect(staff.current()).toBeNull();
    expect(staff.require('assist')).toEqual({ ok: false, error: { code: 'not-signed-in' } });
    expect(audit.events.map((e) => e.action)).toEqual(['staff-sign-in', 'staff-sign-out']);
  });
});
