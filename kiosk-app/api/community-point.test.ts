import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../common/clock';
import { silentLogger } from '../../common/logger';
import { parseConfig } from '../core/config/config-loader';
import { startKiosk, type RunningKiosk } from '../core/start-kiosk';
import { appRouter } from './router';
import { createCallerFactory, inProcessContext } from './trpc';
import { CONSENT_NOTICE_VERSION } from './journey-contract';

// A community point's evening through the api, on the demo's simulators and its embedded city:
// a citizen books at a kiosk, the postal clerk signs in, checks her in by the slip's code, runs
// the assisted journey (the citizen consents with her own card), takes the fee in cash and
// submits; the city receives the dossier with channel community and the staff session in
// onBehalfOf; the shift report counts it; every step is in the city's audit log.

// Monday 7 December 2026, 17:30 in Hanoi, running: the evening's first slot is at 18:00.
const START = Date.UTC(2026, 11, 7, 10, 30);
let offset = START - Date.now();
const clock: Clock = { now: () => new Date(Date.now() + offset) };

// The demo's sample card (assets/samples): the citizen who booked.
const CITIZEN = { idNumber: '001090123456', fullName: 'Nguyễn Văn A', phone: '0912345678' };
const SIGNATURE = '2.000884';
const answers = { documentName: 'Hợp đồng thuê nhà', phone: CITIZEN.phone };

let kiosk: RunningKiosk;
const caller = createCallerFactory(appRouter);
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-community-'));
  const config = parseConfig(
    { kiosk: { mode: 'community' }, storage: { dataDir }, devices: { a4Printer: { kind: 'file', outDir: join(dataDir, 'a4') } } },
    process.cwd(),
    { demo: true },
  );
  if (!config.ok) throw new Error(config.error.message);
  const started = await startKiosk({ config: config.value, clock, logger: silentLogger });
  if (!started.ok) throw new Error(`${started.error.component}: ${started.error.message}`);
  kiosk = started.value;
  api = caller(inProcessContext(kiosk.core));
}, 60_000);

afterAll(async () => {
  await kiosk?.close();
});

async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; ; ) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a community point evening', () => {
  it('book → check in → assisted journey with consent by card → cash → submit on behalf → the city has it as community → the shift report', async () => {
    // A citizen books at a self-service kiosk (the same api; the channel is this device's).
    const points = await api.appointments.points();
    const point = points[0]!;
    const slots = await api.appointments.freeSlots({ point: point.code });
    if (!slots.ok) throw new Error(JSON.stringify(slots.error));
    const slot = slots.value.find((s) => s.slotId.endsWith('20261207-1800'))!;
    const { appointmentId } = await api.appointments.newBookingId();
    const booked = await api.appointments.book({ appointmentId, point: point.code, slotId: slot.slotId, procedureCode: SIGNATURE, citizen: CITIZEN });
    if (!booked.ok) throw new Error(JSON.stringify(booked.error));
    expect(booked.value.bookingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await api.appointments.printSlip({ appointmentId, lang: 'vi' })).toEqual({ ok: true, value: undefined });

    // The clerk signs in; nothing of the desk works before.
    expect(await api.staff.dayList({})).toEqual({ ok: false, error: { code: 'not-signed-in' } });
    expect(await api.staff.signIn({ staffId: 'BD-POST-01', pin: '000000' })).toMatchObject({ ok: false, error: { code: 'wrong-pin', triesLeft: 4 } });
    const shift = await api.staff.signIn({ staffId: 'BD-POST-01', pin: '135790' });
    expect(shift).toMatchObject({ ok: true, value: { displayName: 'Nguyễn Thị Lan', roles: ['postal'] } });

    // The evening's list, and the check-in by the slip's code.
    const list = await api.staff.dayList({});
    if (!list.ok) throw new Error(JSON.stringify(list.error));
    const row = list.value.rows.find((r) => r.appointmentId === appointmentId)!;
    expect(row).toMatchObject({ status: 'booked', citizen: { fullName: CITIZEN.fullName, maskedId: '001******456' } });
    expect(await api.staff.checkInByCode({ code: `HNLICH:${booked.value.bookingCode}:${appointmentId}` })).toMatchObject({ ok: true, value: { status: 'checked_in' } });

    // The assisted journey: the citizen lays their own card — consent and identity at once.
    const started = await api.journey.startAssisted({ lang: 'vi', appointmentId, expected: { maskedId: row.citizen.maskedId, fullName: row.citizen.fullName } });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const { sessionId } = started.value;
    const consent = api.journey.consentByCard({ sessionId, noticeVersion: CONSENT_NOTICE_VERSION });
    expect(await api.demo.presentCard({ what: 'sample-card' })).toEqual({ ok: true, value: undefined });
    const consented = await consent;
    expect(consented).toMatchObject({ ok: true, value: { identity: { fullName: CITIZEN.fullName, idNumberMasked: '001******456' } } });
    expect(await api.journey.scanPaper({ sessionId, paperId: 'giay-can-ky' })).toMatchObject({ ok: true });
    const cash = await api.journey.recordCash({ sessionId, procedureCode: SIGNATURE, answers });
    if (!cash.ok) throw new Error(JSON.stringify(cash.error));
    const submitted = await api.journey.submit({ sessionId, procedureCode: SIGNATURE, answers });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
    expect(await api.staff.setStatus({ appointmentId, status: 'done' })).toMatchObject({ ok: true });

    // The city receives it as the community channel, on behalf of the clerk's session, with the consent's reference.
    const sandbox = kiosk.core.city.sandbox!;
    const body = await until('the dossier at the city', () => {
      const r = sandbox.db.prepare('SELECT body_json FROM dossiers WHERE id = ?').get(submitted.value.dossierId) as { body_json: string } | undefined;
      return r ? (JSON.parse(r.body_json) as { channel: string; onBehalfOf: { staffId: string; staffSessionId: string; consentRef: string }; fee: { amount: number } }) : null;
    });
    expect(body.channel).toBe('community');
    expect(body.onBehalfOf.staffId).toBe('BD-POST-01');
    expect(body.onBehalfOf.consentRef).toBe(consented.ok ? consented.value.consentRef : '');
    const payment = await until('the cash payment at the city', () => sandbox.db.prepare('SELECT body_json FROM payments WHERE dossier_id = ?').get(submitted.value.dossierId) as { body_json: string } | undefined);
    expect(JSON.parse(payment.body_json)).toMatchObject({ method: 'cash', status: 'approved', amount: cash.value.amount });

    // The shift report: one dossier, the cash, the appointment done.
    const report = await api.staff.shiftReport();
    if (!report.ok) throw new Error(JSON.stringify(report.error));
    expect(report.value.dossiers.total).toBe(1);
    expect(report.value.fees.byMethod.cash).toEqual({ count: 1, amount: cash.value.amount });
    expect(report.value.appointments).toMatchObject({ booked: 1, checkedIn: 1, done: 1, noShow: 0 });
    expect(await api.staff.printShiftReport()).toMatchObject({ ok: true });
    await api.staff.signOut();

    // Every assisted step is in the city's audit log, with ids only.
    const actions = await until('the audit events at the city', () => {
      const rows = sandbox.db.prepare('SELECT action, subject, detail_json FROM audit_events ORDER BY at').all() as { action: string; subject: string | null; detail_json: string | null }[];
      return rows.some((r) => r.action === 'staff-sign-out') ? rows : null;
    });
    const names = actions.map((a) => a.action);
    for (const a of ['staff-sign-in-refused', 'staff-sign-in', 'appointment-check-in', 'citizen-consent', 'cash-taken', 'assisted-submit', 'appointment-done', 'shift-report', 'staff-sign-out']) expect(names).toContain(a);
    const text = JSON.stringify(actions);
    expect(text).not.toContain(CITIZEN.idNumber);
    expect(text).not.toContain(CITIZEN.fullName);
    expect(text).not.toContain(CITIZEN.phone);
  }, 90_000);

  it("a collaborator prepares with the citizen but may not submit (the centre's default rule); the dossier is kept for a postal clerk", async () => {
    await api.staff.signIn({ staffId: 'BD-CTV-01', pin: '246802' });
    const started = await api.journey.startAssisted({ lang: 'vi' });
    if (!started.ok) throw new Error(JSON.stringify(started.error));
    const { sessionId } = started.value;
    const consent = api.journey.consentByCard({ sessionId, noticeVersion: CONSENT_NOTICE_VERSION });
    await api.demo.presentCard({ what: 'sample-card' });
    expect(await consent).toMatchObject({ ok: true });
    expect(await api.journey.scanPaper({ sessionId, paperId: 'giay-can-ky' })).toMatchObject({ ok: true });
    expect(await api.journey.submit({ sessionId, procedureCode: SIGNATURE, answers })).toEqual({ ok: false, error: { code: 'staff', reason: 'not-permitted', permission: 'submit' } });
    expect(await api.journey.recordCash({ sessionId, procedureCode: SIGNATURE, answers })).toEqual({ ok: false, error: { code: 'staff', reason: 'not-permitted', permission: 'take-cash' } });
    // The postal clerk takes over at the same desk: the same session goes on.
    expect(await api.staff.signIn({ staffId: 'BD-POST-01', pin: '135790' })).toMatchObject({ ok: true });
    expect(await api.journey.recordCash({ sessionId, procedureCode: SIGNATURE, answers })).toMatchObject({ ok: true });
    // The clerk turned away for six minutes: the shift locked; submitting asks for the PIN again and keeps everything.
    offset += 6 * 60_000;
    expect(await api.journey.submit({ sessionId, procedureCode: SIGNATURE, answers })).toEqual({ ok: false, error: { code: 'staff', reason: 'shift-locked' } });
    expect(await api.staff.signIn({ staffId: 'BD-POST-01', pin: '135790' })).toMatchObject({ ok: true });
    expect(await api.journey.submit({ sessionId, procedureCode: SIGNATURE, answers })).toMatchObject({ ok: true });
  }, 60_000);
});
