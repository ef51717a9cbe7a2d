// The city client's staff sign-in and appointment methods against the sandbox on loopback:
// typed answers, and the city's refusals as status errors whose details (triesLeft, retryAt,
// reason, from/to) reach the caller; a wrong PIN is never mistaken for a revoked device.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { newId } from '../../common/ids';
import { ManualClock } from '../../common/clock';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, DEVICE, TOKEN } from '../test-support/fixtures';
import { CityGatewayClient, type AppointmentBody, type CityGatewayClientOptions } from './city-gateway-client';
import { CityHttp } from './city-http';
import { isTransient } from './city-errors';

// Monday 23 November 2026, 09:00 in Hanoi.
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
let sb: CitySandbox;
beforeAll(async () => {
  sb = await startCitySandbox({
    dataDir: tempDir('client-staff'), devices: [DEVICE], clock, supplementFraction: 0, slotCapacity: 1,
    staff: [{ staffId: 'BD001', pin: '2468', roles: ['postal', 'operator'] }],
    points: [{ code: 'BD-HK01', name: 'Bưu điện Hoàn Kiếm', address: '75 Đinh Tiên Hoàng', phone: '024 3825 5948' }],
  });
});
afterAll(() => sb.close());

const client = (over: Partial<CityGatewayClientOptions> = {}) => new CityGatewayClient({ baseUrl: sb.url, deviceToken: TOKEN, requestTimeoutMs: 2000, ...over });
const signIn = (c: CityGatewayClient, staffId: string, pinProof: string) => c.startStaffSession({ sessionId: newId(), staffId, pinProof, startedAt: clock.now().toISOString() }, { timeoutMs: 2000 });
const appointment = (slotId: string, idNumber = '001099012345'): AppointmentBody => ({
  slotId, point: 'BD-HK01', procedureCode: '1.001193', citizen: { idNumber, fullName: 'Nguyễn Thị Hằng', phone: '0912345678' }, channel: 'community', createdAt: clock.now().toISOString(),
});

describe('city gateway client: staff sessions', () => {
  it('signs staff in; a wrong PIN is a 401 wrong_pin with triesLeft (not unauthorized), the lock a 423 with retryAt', async () => {
    const c = client();
    const ok = await signIn(c, 'BD001', '2468');
    expect(ok).toEqual({ ok: true, value: { sessionId: expect.any(String), staffId: 'BD001', displayName: 'Nhân viên BD001', roles: ['postal', 'operator'], expiresAt: '2026-11-23T12:00:00.000Z' } });

    const wrong = await signIn(c, 'BD001', '0000');
    expect(wrong).toEqual({ ok: false, error: { code: 'status', status: 401, cityCode: 'wrong_pin', reason: expect.any(String), details: { triesLeft: 4 }, message: '401 wrong_pin' } });
    expect(!wrong.ok && isTransient(wrong.error)).toBe(false);
    for (let i = 0; i < 4; i++) await signIn(c, 'BD001', '0000');
    const locked = await signIn(c, 'BD001', '2468');
    expect(locked).toMatchObject({ ok: false, error: { code: 'status', status: 423, cityCode: 'locked', details: { retryAt: '2026-11-23T02:15:00.000Z' } } });
    expect(!locked.ok && isTransient(locked.error)).toBe(false);
    clock.advance(15 * 60_000);
    expect((await signIn(c, 'BD001', '2468')).ok).toBe(true);

    // The device's own token refused stays `unauthorized`, sign-in or not.
    expect(await signIn(client({ deviceToken: 'revoked-token' }), 'BD001', '2468')).toEqual({ ok: false, error: { code: 'unauthorized', message: 'unauthorized' } });
  });

  it('reads a 401 as the person\'s only in a sign-in and only with a code of its own', () => {
    const h = new CityHttp({ baseUrl: sb.url, deviceToken: TOKEN });
    const body = (code: string) => JSON.stringify({ error: { code, message: 'm' } });
    expect(h.classify(401, null, body('pin_proof_unsupported'), true)).toMatchObject({ ok: false, error: { code: 'status', status: 401, cityCode: 'pin_proof_unsupported' } });
    expect(h.classify(401, null, body('wrong_pin'))).toEqual({ ok: false, error: { code: 'unauthorized', message: 'unauthorized' } });
    expect(h.classify(401, null, body('unauthorized'), true)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(h.classify(401, null, 'not json', true)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('passes the reason of a refused onBehalfOf to the caller', async () => {
    const c = client();
    const body = {
      procedureCode: '1.001193', channel: 'community' as const,
      applicant: { idNumber: '001099012345', fullName: 'Trần Văn B', dateOfBirth: '1980-01-01', sex: 'male' as const, address: 'Hà Nội' },
      onBehalfOf: { staffId: 'BD001', staffSessionId: newId(), consentRef: 'consent-1' }, form: {}, attachments: [], fee: { amount: 0 }, createdAt: clock.now().toISOString(),
    };
    expect(await c.putDossier(newId(), body)).toMatchObject({ ok: false, error: { code: 'status', status: 422, cityCode: 'staff_session_invalid', details: { reason: 'unknown' } } });
    const s = await signIn(c, 'BD001', '2468');
    if (!s.ok) throw new Error(s.error.message);
    expect(await c.putDossier(newId(), { ...body, onBehalfOf: { ...body.onBehalfOf, staffSessionId: s.value.sessionId } })).toMatchObject({ ok: true, value: { status: 'received' } });
  });
});

describe('city gateway client: appointments', () => {
  it('reads slots and a point, books, lists, moves, finds by code and cancels, each answer typed', async () => {
    const c = client();
    const slots = await c.getAppointmentSlots('BD-HK01', '2026-11-28', '2026-11-28', { timeoutMs: 2000 });
    if (!slots.ok) throw new Error(slots.error.message);
    expect(slots.value.slots).toHaveLength(14);
    expect(slots.value.slots[0]).toEqual({ slotId: 'BD-HK01-20261128-0800', start: '2026-11-28T08:00:00+07:00', end: '2026-11-28T08:30:00+07:00', capacity: 1, booked: 0 });
    expect(await c.getPoint('BD-HK01')).toEqual({ ok: true, value: { code: 'BD-HK01', name: 'Bưu điện Hoàn Kiếm', address: '75 Đinh Tiên Hoàng', phone: '024 3825 5948' } });

    const id = newId();
    const booked = await c.putAppointment(id, appointment('BD-HK01-20261128-0800'));
    if (!booked.ok) throw new Error(booked.error.message);
    expect(booked.value).toEqual({ appointmentId: id, slotId: 'BD-HK01-20261128-0800', start: '2026-11-28T08:00:00+07:00', bookingCode: expect.stringMatching(/^\w{4}-\w{4}$/), status: 'booked' });
    expect(await c.putAppointment(id, appointment('BD-HK01-20261128-0800'))).toEqual(booked);

    const day = await c.getDayAppointments('BD-HK01', '2026-11-28');
    expect(day).toEqual({ ok: true, value: [{ appointmentId: id, start: '2026-11-28T08:00:00+07:00', procedureCode: '1.001193', citizen: { fullName: 'Nguyễn Thị Hằng', maskedId: '001******345', phone: '0912345678' }, status: 'booked' }] });
    const found = await c.findAppointmentByCode(booked.value.bookingCode.toLowerCase());
    expect(found).toMatchObject({ ok: true, value: { appointmentId: id, point: 'BD-HK01', slotId: 'BD-HK01-20261128-0800', bookingCode: booked.value.bookingCode, status: 'booked' } });
    expect(await c.patchAppointment(id, { status: 'checked_in', at: clock.now().toISOString() })).toMatchObject({ ok: true, value: { appointmentId: id, status: 'checked_in' } });
    expect(await c.patchAppointment(id, { status: 'done', at: clock.now().toISOString() })).toMatchObject({ ok: true, value: { status: 'done' } });
    expect(await c.patchAppointment(id, { status: 'no_show', at: clock.now().toISOString() }))
      .toMatchObject({ ok: false, error: { code: 'status', status: 409, cityCode: 'invalid_transition', details: { from: 'done', to: 'no_show' } } });

    const other = newId();
    expect((await c.putAppointment(other, appointment('BD-HK01-20261128-0830', '001099000111'))).ok).toBe(true);
    expect(await c.cancelAppointment(other)).toEqual({ ok: true, value: undefined });
    expect(await c.cancelAppointment(other)).toEqual({ ok: true, value: undefined });
    expect((await c.findAppointmentByCode('ZZZZ-ZZZZ'))).toMatchObject({ ok: false, error: { status: 404, cityCode: 'unknown_booking' } });
    expect(await c.cancelAppointment(newId())).toMatchObject({ ok: false, error: { status: 404, cityCode: 'unknown_appointment' } });
  });

  it('passes the city\'s refusals with their details: slot_full, already_booked, unknown_slot, slot_past, unknown_point', async () => {
    const c = client();
    expect((await c.putAppointment(newId(), appointment('BD-HK01-20261129-0800', '001099000222'))).ok).toBe(true);
    const full = await c.putAppointment(newId(), appointment('BD-HK01-20261129-0800', '001099000333'));
    expect(full).toMatchObject({ ok: false, error: { code: 'status', status: 409, cityCode: 'slot_full', details: { capacity: 1 } } });
    expect(!full.ok && isTransient(full.error)).toBe(false);
    expect(await c.putAppointment(newId(), appointment('BD-HK01-20261129-0900', '001099000222'))).toMatchObject({ ok: false, error: { status: 409, cityCode: 'already_booked' } });
    expect(await c.putAppointment(newId(), appointment('BD-HK01-20261129-1200'))).toMatchObject({ ok: false, error: { status: 422, cityCode: 'unknown_slot' } });
    expect(await c.putAppointment(newId(), appointment('BD-HK01-20261122-0800'))).toMatchObject({ ok: false, error: { status: 422, cityCode: 'slot_past' } });
    expect(await c.getAppointmentSlots('NOPE', '2026-11-28', '2026-11-28')).toMatchObject({ ok: false, error: { status: 404, cityCode: 'unknown_point' } });
    expect(await c.getDayAppointments('BD-HK01', 'tomorrow')).toMatchObject({ ok: false, error: { status: 400, cityCode: 'malformed' } });
  });

  it('refuses answers that break the contract: another id, another point, a wrong shape', async () => {
    const liar = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/v1/staff-sessions')) return res.end(JSON.stringify({ sessionId: 'someone-else', staffId: 'BD001', displayName: 'x', roles: ['postal'], expiresAt: '2026-11-23T12:00:00Z' }));
      if (req.url?.startsWith('/v1/appointment-slots')) return res.end(JSON.stringify({ point: 'ELSEWHERE', slots: [] }));
      if (req.url?.startsWith('/v1/appointments/')) return res.end(JSON.stringify({ appointmentId: 'someone-else', slotId: 's', start: '2026-11-28T08:00:00+07:00', bookingCode: 'ABCD-EFGH', status: 'booked' }));
      res.end(JSON.stringify({ appointments: [{ appointmentId: 'a', start: 'soon', procedureCode: '1', citizen: {}, status: 'booked' }] }));
    });
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    try {
      const c = client({ baseUrl: `http://127.0.0.1:${(liar.address() as AddressInfo).port}` });
      expect(await signIn(c, 'BD001', '2468')).toMatchObject({ ok: false, error: { code: 'malformed', what: 'staff-session', reason: 'sessionId does not match' } });
      expect(await c.getAppointmentSlots('BD-HK01', '2026-11-28', '2026-11-28')).toMatchObject({ ok: false, error: { code: 'malformed', reason: 'point does not match' } });
      expect(await c.putAppointment(newId(), appointment('BD-HK01-20261128-0800'))).toMatchObject({ ok: false, error: { code: 'malformed', reason: 'appointmentId does not match' } });
      expect(await c.getDayAppointments('BD-HK01', '2026-11-28')).toMatchObject({ ok: false, error: { code: 'malformed', what: 'appointments' } });
    } finally {
      liar.closeAllConnections();
      await new Promise((r) => liar.close(r));
    }
  });
});
