import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runningClockFrom } from '../../common/clock';
import { DEMO_STAFF } from '../../kiosk-app/core/staff/demo-staff';
import { startCitySandbox, type CitySandbox } from '../../offline-sync';
import { apiClient, checkScreen, closeBrowsers, LANDSCAPE, openKioskScreen, screenshot, seriousAxeViolations, startKioskHost, type RunningKioskHost } from './kiosk-fixture';

// Issue 12: a community point's evening, in Chromium, with two devices and one city. A citizen
// books a slot at a supermarket kiosk; at the community room the postal clerk signs in, checks
// her in by the slip's code, runs the assisted journey on a hardware keyboard while the citizen
// consents by laying her own card; the fee is taken in cash; the city receives the dossier as
// the community channel, on behalf of the clerk's staff session; the shift report counts it.
// Both kiosks and the city run from Monday 7 December 2026, 17:30 in Hanoi (--demo-time), so
// the evening's slots are there whatever the hour of the run.

const EVENING = new Date('2026-12-07T17:30:00+07:00');
const POINT = { code: 'NVH-BD01', name: 'Nhà văn hoá phường Ba Đình', address: 'Số 2 phố Hoàng Diệu, phường Ba Đình, Hà Nội', phone: '024 3823 0001' };
const KIOSK = { id: 'hk-sieuthi-01', token: 'community-e2e-kiosk-token-01' };
const DESK = { id: 'nvh-bd01-desk', token: 'community-e2e-desk-token-001' };
// The demo's sample card (assets/samples): the citizen who books and comes.
const CITIZEN = { fullName: 'Nguyễn Văn A', idNumber: '001090123456', phone: '0912345678' };
const ARTIFACTS = join(process.cwd(), 'artifacts', 'e2e');

let city: CitySandbox;
let kiosk: RunningKioskHost;
let desk: RunningKioskHost;

const remote = (d: { id: string; token: string }) => ({ kind: 'remote', baseUrl: city.url, deviceId: d.id, deviceToken: d.token });

beforeAll(async () => {
  city = await startCitySandbox({
    dataDir: mkdtempSync(join(tmpdir(), 'kiosk-community-city-')),
    devices: [KIOSK, DESK],
    staff: DEMO_STAFF.map((s) => ({ ...s, roles: [...s.roles] })),
    points: [POINT],
    clock: runningClockFrom(EVENING),
  });
  [kiosk, desk] = await Promise.all([
    startKioskHost({ kiosk: { id: KIOSK.id }, city: remote(KIOSK), booking: { points: [POINT] } }, { demoTime: EVENING }),
    startKioskHost(
      { kiosk: { id: DESK.id, mode: 'community', name: 'Điểm phục vụ cộng đồng — NVH phường Ba Đình' }, community: { pointCode: POINT.code }, city: remote(DESK), booking: { points: [POINT] }, ui: { orientation: 'landscape' } },
      { demoTime: EVENING },
    ),
  ]);
}, 120_000);

afterAll(async () => {
  await closeBrowsers();
  await kiosk?.stop();
  await desk?.stop();
  await city?.close();
});

async function signIn(page: Page, staffId: string, pin: string) {
  await page.getByTestId('staff-id').fill(staffId);
  await page.getByTestId('staff-pin').fill(pin);
  await page.getByTestId('staff-pin').press('Enter');
}

describe('a community point evening', () => {
  it('book at a kiosk → check in at the point → assisted journey, consent by card → cash → submit on behalf → the city has it as community → the shift report', async () => {
    // 1. At the supermarket kiosk, a citizen books the evening's 18:00 slot for a signature certification.
    const { page: citizen } = await openKioskScreen(kiosk);
    await citizen.getByTestId('touch-to-start').tap();
    await citizen.getByTestId('lang-vi').tap();
    await citizen.getByTestId('home-booking').tap();
    await citizen.getByTestId(`booking-point-${POINT.code}`).tap();
    await citizen.getByTestId('booking-search').fill('chứng thực chữ ký');
    await citizen.getByTestId('booking-procedure-2.000884').tap();
    await citizen.locator('[data-testid="booking-day"][data-day="2026-12-07"]').tap();
    await citizen.locator('[data-testid="booking-slot"][data-slot-id="NVH-BD01-20261207-1800"]').tap();
    await citizen.getByTestId('booking-name').fill(CITIZEN.fullName);
    await citizen.getByTestId('booking-id').fill(CITIZEN.idNumber);
    await citizen.getByTestId('booking-phone').fill(CITIZEN.phone);
    await citizen.getByTestId('booking-who-next').tap();
    await checkScreen(citizen, 'booking-confirm');
    await citizen.getByTestId('booking-confirm').tap();
    const code = (await citizen.getByTestId('booking-code').textContent({ timeout: 20_000 }))!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await citizen.getByTestId('booking-print').tap();
    await expect.poll(() => citizen.getByTestId('booking-printed').getAttribute('data-printed'), { timeout: 20_000 }).toBe('true');
    await checkScreen(citizen, 'booking-done');
    await citizen.getByTestId('booking-done').tap();

    // 2. At the community room: the postal clerk signs in (a wrong PIN first), with keyboard and mouse.
    const { page: clerk } = await openKioskScreen(desk, LANDSCAPE);
    await screenshot(clerk, 'desk-sign-in');
    expect(await seriousAxeViolations(clerk), 'axe on the sign-in').toEqual([]);
    await signIn(clerk, 'BD-POST-01', '000000');
    await expect.poll(() => clerk.getByTestId('staff-sign-in-error').getAttribute('data-code'), { timeout: 20_000 }).toBe('wrong-pin');
    await signIn(clerk, 'HNSTAFF:BD-POST-01', '135790');
    await expect.poll(() => clerk.getByTestId('staff-name').textContent(), { timeout: 20_000 }).toContain('Nguyễn Thị Lan');

    // 3. The evening's list has her booking; the slip's QR, as a scanner types it, checks her in.
    const row = clerk.getByTestId('day-row').filter({ hasText: CITIZEN.fullName });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('booked');
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('001******456');
    await screenshot(clerk, 'desk-day-list');
    expect(await seriousAxeViolations(clerk), 'axe on the day list').toEqual([]);
    const appointmentId = (await row.getAttribute('data-appointment-id'))!;
    await clerk.getByTestId('checkin-code').fill(`HNLICH:${code}:${appointmentId}`);
    await clerk.getByTestId('checkin-code').press('Enter');
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('checked_in');

    // 4. The assisted journey: the notice faces the citizen, who lays her own card.
    await row.getByTestId('row-start').click();
    await clerk.getByTestId('assisted-journey').waitFor({ timeout: 20_000 });
    await clerk.getByTestId('consent-card').click();
    expect(await apiClient(desk).demo.presentCard.mutate({ what: 'sample-card' })).toEqual({ ok: true, value: undefined });
    await clerk.getByTestId('consent-done').waitFor({ timeout: 20_000 });
    await expect.poll(() => clerk.getByTestId('applicant-name').textContent(), { timeout: 20_000 }).toBe(CITIZEN.fullName);

    // The clerk types on the hardware keyboard, Vietnamese by Telex.
    await clerk.getByTestId('ime-telex').click();
    await clerk.getByTestId('field-documentName').click();
    await clerk.keyboard.type('Howpj ddoongf thuee nhaf');
    await expect.poll(() => clerk.getByTestId('field-documentName').inputValue(), { timeout: 20_000 }).toBe('Hợp đồng thuê nhà');
    await clerk.getByTestId('field-phone').fill(CITIZEN.phone);
    await clerk.getByTestId('paper-giay-can-ky-scan').click();
    await expect.poll(() => clerk.getByTestId('paper-giay-can-ky').getAttribute('data-pages'), { timeout: 30_000 }).not.toBe('0');
    await expect.poll(() => clerk.getByTestId('fee-amount').getAttribute('data-amount'), { timeout: 20_000 }).toBe('10000');
    await clerk.getByTestId('pay-cash').click();
    await screenshot(clerk, 'assisted-before-submit');
    expect(await seriousAxeViolations(clerk), 'axe on the assisted journey').toEqual([]);
    await clerk.getByTestId('submit').click();
    const receipt = (await clerk.getByTestId('receipt-code').textContent({ timeout: 30_000 }))!.trim();
    expect(receipt.length).toBeGreaterThan(5);
    // The rating faces the citizen: she taps it on her side.
    await clerk.getByTestId('citizen-side').getByTestId('rate-5').click();
    await expect.poll(() => clerk.getByTestId('rating-status').getAttribute('data-rated'), { timeout: 20_000 }).toBe('true');
    await screenshot(clerk, 'assisted-submitted');

    // 5. The city has it: channel community, on behalf of the clerk's session, the citizen's consent; cash.
    const dossier = await pollDb<{ body_json: string; id: string }>(`SELECT id, body_json FROM dossiers WHERE json_extract(body_json, '$.channel') = 'community'`);
    const body = JSON.parse(dossier.body_json) as { channel: string; procedureCode: string; onBehalfOf: { staffId: string; staffSessionId: string; consentRef: string } };
    expect(body.procedureCode).toBe('2.000884');
    expect(body.onBehalfOf.staffId).toBe('BD-POST-01');
    const session = city.db.prepare('SELECT staff_id, device_id FROM staff_sessions WHERE id = ?').get(body.onBehalfOf.staffSessionId) as { staff_id: string; device_id: string };
    expect(session).toEqual({ staff_id: 'BD-POST-01', device_id: DESK.id });
    const payment = await pollDb<{ body_json: string }>(`SELECT body_json FROM payments WHERE dossier_id = '${dossier.id}'`);
    expect(JSON.parse(payment.body_json)).toMatchObject({ method: 'cash', amount: 10000, status: 'approved' });

    // 6. Done; the shift report counts the dossier and the cash.
    await clerk.getByTestId('assisted-done').click();
    await clerk.getByTestId('nav-report').click();
    await expect.poll(() => clerk.getByTestId('report-dossiers-total').textContent(), { timeout: 20_000 }).toContain('1');
    await expect.poll(() => clerk.getByTestId('report-fees-cash').textContent(), { timeout: 20_000 }).toContain('10.000');
    // Each dossier of the shift, with its state from the city's changes.
    expect(await clerk.getByTestId('report-dossier').count()).toBe(1);
    await expect.poll(() => clerk.getByTestId('report-dossier').getAttribute('data-status'), { timeout: 20_000 }).toBe('received');
    await clerk.getByTestId('report-print').click();
    await screenshot(clerk, 'desk-shift-report');
    expect(await seriousAxeViolations(clerk), 'axe on the shift report').toEqual([]);
    const actions = await pollAudit('shift-report');
    for (const a of ['staff-sign-in-refused', 'staff-sign-in', 'appointment-check-in', 'citizen-consent', 'cash-taken', 'assisted-submit', 'shift-report']) expect(actions).toContain(a);
    // The clerk signs out: the desk is the sign-in again, and the city's audit log has it.
    await clerk.getByTestId('staff-sign-out').click();
    await clerk.getByTestId('staff-id').waitFor({ timeout: 20_000 });
    await pollAudit('staff-sign-out');
  }, 240_000);

  it('the same birth registration: keystrokes and seconds on the hardware keyboard (assisted), for the bench', async () => {
    const { page: clerk } = await openKioskScreen(desk, LANDSCAPE);
    await signIn(clerk, 'BD-POST-01', '135790');
    await clerk.getByTestId('staff-name').waitFor({ timeout: 20_000 });
    // A walk-in: the mother comes without booking.
    await clerk.getByTestId('walkin-name').fill('Nguyễn Văn A');
    await clerk.getByTestId('walkin-procedure').fill('khai sinh');
    await clerk.locator('[data-testid="walkin-procedure-option"][data-code="1.001193"]').click();
    await clerk.getByTestId('walkin-add').click();
    const row = clerk.getByTestId('day-row').filter({ hasText: 'Không hẹn trước' }).last();
    await row.getByTestId('row-start').click();
    await clerk.getByTestId('consent-card').click();
    await apiClient(desk).demo.presentCard.mutate({ what: 'sample-card' });
    await clerk.getByTestId('consent-done').waitFor({ timeout: 20_000 });

    // From here the clerk's keystrokes are counted: every key typed, Tab and Enter included.
    let keys = 0;
    const started = Date.now();
    const type = async (testId: string, text: string) => {
      await clerk.getByTestId(testId).focus();
      await clerk.getByTestId(testId).fill('');
      await clerk.keyboard.type(text);
      keys += [...text].length;
    };
    await clerk.getByTestId('ime-telex').click();
    await type('field-childName', 'Nguyeenx Vawn Binhf');
    await type('field-childDateOfBirth', '01122026');
    await clerk.getByTestId('field-childSex').selectOption({ label: 'Nam' });
    keys += 2;
    await type('field-birthPlace', 'Beenhj vieenj Phuj sarn Haf Nooij');
    await type('field-motherName', 'Traanf Thij Hoa');
    await clerk.getByTestId('field-relation').selectOption({ index: 1 });
    keys += 2;
    await type('field-phone', '0912345678');
    await clerk.getByTestId('paper-giay-chung-sinh-scan').click();
    keys += 1;
    await expect.poll(() => clerk.getByTestId('paper-giay-chung-sinh').getAttribute('data-pages'), { timeout: 30_000 }).not.toBe('0');
    await clerk.getByTestId('submit').click();
    keys += 1;
    await clerk.getByTestId('receipt-code').waitFor({ timeout: 30_000 });
    const seconds = (Date.now() - started) / 1000;
    await screenshot(clerk, 'assisted-birth-registration');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(
      join(ARTIFACTS, 'assisted-keys.txt'),
      `1.001193 birth registration, assisted on a hardware keyboard (Telex): ${keys} keystrokes and clicks after the card, ${seconds.toFixed(1)} s as the suite's robot types\n`,
    );
    expect(keys).toBeLessThan(140);
  }, 180_000);
});

async function pollDb<T>(sql: string): Promise<T> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const r = city.db.prepare(sql).get() as T | undefined;
    if (r) return r;
    if (Date.now() > deadline) throw new Error(`nothing at the city for: ${sql}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function pollAudit(last: string): Promise<string[]> {
  for (const deadline = Date.now() + 30_000; ; ) {
    const rows = (city.db.prepare('SELECT action FROM audit_events ORDER BY at').all() as { action: string }[]).map((r) => r.action);
    if (rows.includes(last)) return rows;
    if (Date.now() > deadline) throw new Error(`the city's audit log has no ${last}: ${rows.join(', ')}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
