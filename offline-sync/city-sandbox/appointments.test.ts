// Points, slots and appointments on the sandbox over real HTTP on loopback: the hours grid in
// Hanoi time, bookings that never exceed a slot's capacity (50 at once for 3 places), one
// booking a person a day a point, cancelling, the staff's day list and its moves, the booking
// code look-up (an extension).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { newId } from '../../common/ids';
import { ManualClock } from '../../common/clock';
import { createMemoryLogger } from '../../common/logger';
import { startCitySandbox, type CitySandbox } from './server';
import { hanoiIso, slotById, slotsOn } from './point-hours';
import { normalizeBookingCode } from './codes';
import { tempDir, api, DEVICE } from '../test-support/fixtures';

const OTHER = { id: 'bus-02', token: 'other-token-xyz' };
// Monday 23 November 2026, 09:00 in Hanoi.
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
const logger = createMemoryLogger();
let sb: CitySandbox;

beforeAll(async () => {
  sb = await startCitySandbox({
    dataDir: tempDir('appointments'), devices: [DEVICE, OTHER], clock, logger,
    points: [{ code: 'BD-HK01', name: 'Bưu điện Hoàn Kiếm', address: '75 Đinh Tiên Hoàng, Hà Nội', phone: '024 3825 5948' }],
  });
  sb.addPoint({ code: 'CP02' });
});
afterAll(() => sb.close());

let n = 0;
/** A 12-digit ID number of its own for every booking (or the one given). */
const idNumber = () => `0010990${String(++n).padStart(5, '0')}`;
const booking = (slotId: string, over: { idNumber?: string; point?: string } = {}) => ({
  slotId, point: over.point ?? 'BD-HK01', procedureCode: '1.001193',
  citizen: { idNumber: over.idNumber ?? idNumber(), fullName: 'Nguyễn Thị Hằng', phone: '0912345678' }, channel: 'community', createdAt: clock.now().toISOString(),
});
const book = (slotId: string, over: { idNumber?: string; point?: string } = {}, id = newId()) => api(sb.url, 'PUT', `/v1/appointments/${id}`, booking(slotId, over));
const slots = (q: string) => api(sb.url, 'GET', `/v1/appointment-slots?${q}`);
const dayList = (date: string, point = 'BD-HK01', token?: string) => api(sb.url, 'GET', `/v1/appointments?point=${point}&date=${date}`, undefined, token);

describe('points and slots', () => {
  it('publishes a weekday evening (6 slots) and a weekend day (14 slots) in +07:00, with stable ids', async () => {
    const tue = await slots('point=BD-HK01&from=2026-11-24&to=2026-11-24');
    expect(tue.status).toBe(200);
    expect(tue.body.point).toBe('BD-HK01');
    expect(tue.body.slots).toHaveLength(6);
    expect(tue.body.slots[0]).toEqual({ slotId: 'BD-HK01-20261124-1800', start: '2026-11-24T18:00:00+07:00', end: '2026-11-24T18:30:00+07:00', capacity: 3, booked: 0 });
    expect(tue.body.slots[5].slotId).toBe('BD-HK01-20261124-2030');
    const sat = await slots('point=BD-HK01&from=2026-11-28&to=2026-11-28');
    expect(sat.body.slots.map((s: { slotId: string }) => s.slotId.slice(-4))).toEqual(
      ['0800', '0830', '0900', '0930', '1000', '1030', '1100', '1330', '1400', '1430', '1500', '1530', '1600', '1630']);
    expect(sat.body.slots[13].end).toBe('2026-11-28T17:00:00+07:00');
    // Tuesday to Saturday: 4 evenings and a Saturday.
    expect((await slots('point=BD-HK01&from=2026-11-24&to=2026-11-28')).body.slots).toHaveLength(4 * 6 + 14);
  });

  it('keeps +07:00 all year (no daylight saving) and knows a slot by its id alone', () => {
    const july = slotsOn('P', '2026-07-04'); // a Saturday in summer
    expect(july).toHaveLength(14);
    expect(hanoiIso(july[0]!.start)).toBe('2026-07-04T08:00:00+07:00');
    expect(july[0]!.start.toISOString()).toBe('2026-07-04T01:00:00.000Z');
    expect(slotsOn('P', '2026-07-07').map((s) => hanoiIso(s.start))).toEqual(['18:00', '18:30', '19:00', '19:30', '20:00', '20:30'].map((t) => `2026-07-07T${t}:00+07:00`));
    expect(slotById('BD-HK01', 'BD-HK01-20261124-1830')?.day).toBe('2026-11-24');
    expect(slotById('BD-HK01', 'CP02-20261124-1830')).toBeNull();
    expect(slotById('BD-HK01', 'BD-HK01-20261124-1745')).toBeNull();
    expect(slotById('BD-HK01', 'BD-HK01-20261124-0800')).toBeNull(); // a weekday morning is closed
    expect(slotById('BD-HK01', 'BD-HK01-20261131-1800')).toBeNull();
  });

  it('answers 400 for missing or bad dates and ranges over 62 days, 404 for an unknown point', async () => {
    for (const q of ['point=BD-HK01&from=2026-11-24', 'point=BD-HK01&from=2026-11-24&to=24/11/2026', 'point=BD-HK01&from=2026-02-30&to=2026-03-01',
      'point=BD-HK01&from=2026-11-25&to=2026-11-24', 'point=BD-HK01&from=2026-11-01&to=2027-01-02', 'from=2026-11-24&to=2026-11-24']) {
      const r = await slots(q);
      expect([q, r.status, r.body.error.code]).toEqual([q, 400, 'malformed']);
    }
    expect((await slots('point=BD-HK01&from=2026-11-01&to=2027-01-01')).body.slots.length).toBeGreaterThan(0); // 62 days
    expect(await slots('point=NOPE&from=2026-11-24&to=2026-11-24')).toMatchObject({ status: 404, body: { error: { code: 'unknown_point' } } });
    expect((await api(sb.url, 'GET', '/v1/appointment-slots?point=BD-HK01&from=2026-11-24&to=2026-11-24', undefined, 'nope')).status).toBe(401);
  });

  it('serves a point\'s details for the slip (an extension), defaults for a point enrolled by code alone', async () => {
    expect((await api(sb.url, 'GET', '/v1/points/BD-HK01')).body).toEqual({ code: 'BD-HK01', name: 'Bưu điện Hoàn Kiếm', address: '75 Đinh Tiên Hoàng, Hà Nội', phone: '024 3825 5948' });
    expect((await api(sb.url, 'GET', '/v1/points/CP02')).body).toEqual({ code: 'CP02', name: expect.stringContaining('CP02'), address: expect.any(String), phone: expect.any(String) });
    expect(await api(sb.url, 'GET', '/v1/points/NOPE')).toMatchObject({ status: 404, body: { error: { code: 'unknown_point' } } });
  });
});

describe('appointments', () => {
  it('books a place with a Crockford booking code; the same PUT twice is the same answer, another body a 409', async () => {
    const id = newId();
    const body = booking('BD-HK01-20261124-1800');
    const a = await api(sb.url, 'PUT', `/v1/appointments/${id}`, body);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ appointmentId: id, slotId: 'BD-HK01-20261124-1800', start: '2026-11-24T18:00:00+07:00', bookingCode: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/), status: 'booked' });
    expect(await api(sb.url, 'PUT', `/v1/appointments/${id}`, body)).toMatchObject({ status: 200, body: a.body });
    const changed = await api(sb.url, 'PUT', `/v1/appointments/${id}`, { ...body, procedureCode: '2.000001' });
    expect(changed).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: { storedHash: expect.stringMatching(/^[0-9a-f]{64}$/) } } } });
    const tue = await slots('point=BD-HK01&from=2026-11-24&to=2026-11-24');
    expect(tue.body.slots[0].booked).toBe(1);
    // The ID number is kept neither in the log nor in clear in the database.
    expect(logger.lines.join('\n')).not.toContain(body.citizen.idNumber);
    expect(JSON.stringify(sb.db.prepare('SELECT * FROM appointments WHERE id = ?').get(id))).not.toContain(body.citizen.idNumber);
  });

  it('never books more than capacity: 50 parallel bookings for 3 places give exactly 3', async () => {
    const slotId = 'BD-HK01-20261128-0900';
    const answers = await Promise.all(Array.from({ length: 50 }, () => book(slotId)));
    const byStatus = (s: number) => answers.filter((a) => a.status === s);
    expect(byStatus(200)).toHaveLength(3);
    expect(byStatus(409)).toHaveLength(47);
    expect(byStatus(409).every((a) => a.body.error.code === 'slot_full')).toBe(true);
    expect(new Set(byStatus(200).map((a) => a.body.bookingCode)).size).toBe(3);
    const list = await dayList('2026-11-28');
    expect(list.body.appointments.filter((a: { start: string }) => a.start === '2026-11-28T09:00:00+07:00')).toHaveLength(3);
    expect((await slots('point=BD-HK01&from=2026-11-28&to=2026-11-28')).body.slots[2]).toMatchObject({ slotId, capacity: 3, booked: 3 });
  });

  it('holds one booking a person a day at a point (already_booked), another day or point is free', async () => {
    const who = idNumber();
    expect((await book('BD-HK01-20261125-1800', { idNumber: who })).status).toBe(200);
    expect(await book('BD-HK01-20261125-2000', { idNumber: who })).toMatchObject({ status: 409, body: { error: { code: 'already_booked' } } });
    expect(await book('BD-HK01-20261125-1800', { idNumber: who })).toMatchObject({ status: 409, body: { error: { code: 'already_booked' } } });
    expect((await book('BD-HK01-20261126-1800', { idNumber: who })).status).toBe(200);
    expect((await book('CP02-20261125-1800', { idNumber: who, point: 'CP02' })).status).toBe(200);
  });

  it('cancels (204, again 204) and frees the place; an unknown id is 404', async () => {
    const slotId = 'BD-HK01-20261129-1400';
    const ids = [newId(), newId(), newId()];
    for (const id of ids) expect((await book(slotId, {}, id)).status).toBe(200);
    expect((await book(slotId)).body.error.code).toBe('slot_full');
    expect((await api(sb.url, 'DELETE', `/v1/appointments/${ids[0]}`)).status).toBe(204);
    expect((await api(sb.url, 'DELETE', `/v1/appointments/${ids[0]}`)).status).toBe(204);
    expect((await slots('point=BD-HK01&from=2026-11-29&to=2026-11-29')).body.slots.find((s: { slotId: string }) => s.slotId === slotId).booked).toBe(2);
    expect((await book(slotId)).status).toBe(200);
    expect(await api(sb.url, 'DELETE', `/v1/appointments/${newId()}`)).toMatchObject({ status: 404, body: { error: { code: 'unknown_appointment' } } });
    // A person who cancelled may book that day again.
    const who = idNumber();
    const first = newId();
    await book('BD-HK01-20261129-1500', { idNumber: who }, first);
    await api(sb.url, 'DELETE', `/v1/appointments/${first}`, undefined, OTHER.token); // any enrolled device may cancel
    expect((await book('BD-HK01-20261129-1530', { idNumber: who })).status).toBe(200);
  });

  it('refuses a slot that is not the point\'s (unknown_slot), has started (slot_past), an unknown point, a bad body', async () => {
    for (const slotId of ['CP02-20261124-1800', 'BD-HK01-20261124-1745', 'BD-HK01-20261124-0800', 'BD-HK01-20261124', 'BD-HK01-20261332-1800']) {
      expect([slotId, (await book(slotId)).body.error.code]).toEqual([slotId, 'unknown_slot']);
    }
    expect(await book('BD-HK01-20261121-0800')).toMatchObject({ status: 422, body: { error: { code: 'slot_past' } } });
    const started = new ManualClock(Date.UTC(2026, 10, 24, 11, 0, 0)); // Tuesday 18:00 in Hanoi
    const late = await startCitySandbox({ dataDir: tempDir('late'), devices: [DEVICE], clock: started, points: [{ code: 'BD-HK01' }] });
    try {
      expect((await api(late.url, 'PUT', `/v1/appointments/${newId()}`, booking('BD-HK01-20261124-1800'))).body.error.code).toBe('slot_past');
      expect((await api(late.url, 'PUT', `/v1/appointments/${newId()}`, booking('BD-HK01-20261124-1830'))).status).toBe(200);
    } finally {
      await late.close();
    }
    expect(await book('X9-20261124-1800', { point: 'X9' })).toMatchObject({ status: 422, body: { error: { code: 'unknown_point' } } });
    expect((await book('BD-HK01-20261124-1900', { idNumber: '12345' })).body.error.code).toBe('invalid');
    expect((await api(sb.url, 'PUT', `/v1/appointments/${newId()}`, { ...booking('BD-HK01-20261124-1900'), channel: 'fax' })).body.error.code).toBe('invalid');
  });

  it('lists a point\'s day for staff in time order, ID numbers masked, to any enrolled device', async () => {
    const late = await book('BD-HK01-20261127-2030', { idNumber: '001088000777' });
    const early = await book('BD-HK01-20261127-1800', { idNumber: '001077000666' });
    const list = await dayList('2026-11-27', 'BD-HK01', OTHER.token);
    expect(list.status).toBe(200);
    expect(list.body.appointments).toEqual([
      { appointmentId: early.body.appointmentId, start: '2026-11-27T18:00:00+07:00', procedureCode: '1.001193', citizen: { fullName: 'Nguyễn Thị Hằng', maskedId: '001******666', phone: '0912345678' }, status: 'booked' },
      { appointmentId: late.body.appointmentId, start: '2026-11-27T20:30:00+07:00', procedureCode: '1.001193', citizen: { fullName: 'Nguyễn Thị Hằng', maskedId: '001******777', phone: '0912345678' }, status: 'booked' },
    ]);
    await api(sb.url, 'DELETE', `/v1/appointments/${late.body.appointmentId}`);
    expect((await dayList('2026-11-27')).body.appointments[1].status).toBe('cancelled');
    expect((await dayList('2026-11-20')).body).toEqual({ appointments: [] });
    expect((await dayList('27-11-2026')).status).toBe(400);
    expect((await dayList('2026-11-27', 'NOPE')).body.error.code).toBe('unknown_point');
  });

  it('moves an appointment through check-in, no-show and done as allowed, and no further', async () => {
    const patch = (id: string, status: string, token?: string) => api(sb.url, 'PATCH', `/v1/appointments/${id}`, { status, at: clock.now().toISOString() }, token);
    const a = (await book('BD-HK01-20261205-1000')).body.appointmentId as string;
    const checked = await patch(a, 'checked_in', OTHER.token);
    expect(checked.status).toBe(200);
    expect(checked.body).toMatchObject({ appointmentId: a, start: '2026-12-05T10:00:00+07:00', citizen: { maskedId: expect.stringMatching(/^\d{3}\*{6}\d{3}$/) }, status: 'checked_in' });
    expect((await patch(a, 'checked_in')).body.status).toBe('checked_in'); // the same again: idempotent
    expect(await api(sb.url, 'DELETE', `/v1/appointments/${a}`)).toMatchObject({ status: 409, body: { error: { code: 'invalid_transition' } } });
    expect((await patch(a, 'done')).body.status).toBe('done');
    expect(await patch(a, 'checked_in')).toMatchObject({ status: 409, body: { error: { code: 'invalid_transition', details: { from: 'done', to: 'checked_in' } } } });
    expect((await patch(a, 'no_show')).status).toBe(409);

    const b = (await book('BD-HK01-20261205-1030')).body.appointmentId as string;
    expect((await patch(b, 'done')).status).toBe(409); // booked → done skips the check-in
    expect((await patch(b, 'no_show')).body.status).toBe('no_show');
    expect((await patch(b, 'checked_in')).body.status).toBe('checked_in'); // came late
    expect((await patch(b, 'no_show')).body.status).toBe('no_show'); // checked in, then left before their turn

    const c = (await book('BD-HK01-20261205-1100')).body.appointmentId as string;
    await api(sb.url, 'DELETE', `/v1/appointments/${c}`);
    expect(await patch(c, 'checked_in')).toMatchObject({ status: 409, body: { error: { code: 'invalid_transition', details: { from: 'cancelled' } } } });
    expect((await patch(newId(), 'checked_in')).status).toBe(404);
    expect((await patch(b, 'cancelled')).status).toBe(422);
  });

  it('finds an appointment by its booking code however it is typed (an extension)', async () => {
    const r = await book('BD-HK01-20261206-1600', { idNumber: '001099555444' });
    const code = r.body.bookingCode as string;
    const want = {
      appointmentId: r.body.appointmentId, point: 'BD-HK01', slotId: 'BD-HK01-20261206-1600', start: '2026-12-06T16:00:00+07:00', procedureCode: '1.001193',
      citizen: { fullName: 'Nguyễn Thị Hằng', maskedId: '001******444', phone: '0912345678' }, status: 'booked', bookingCode: code,
    };
    expect(await api(sb.url, 'GET', `/v1/appointments/by-code/${code}`, undefined, OTHER.token)).toMatchObject({ status: 200, body: want });
    const typed = code.toLowerCase().replace('-', '').replace(/0/g, 'o').replace(/1/g, 'l');
    expect((await api(sb.url, 'GET', `/v1/appointments/by-code/${encodeURIComponent(typed)}`)).body).toEqual(want);
    expect(normalizeBookingCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeBookingCode('o1Li-ioOl')).toBe('01111001');
    expect(normalizeBookingCode('ABCU-0000')).toBeNull(); // U is not Crockford
    expect(normalizeBookingCode('ABC-DEF')).toBeNull();
    expect(await api(sb.url, 'GET', '/v1/appointments/by-code/ZZZZ-ZZZZ')).toMatchObject({ status: 404, body: { error: { code: 'unknown_booking' } } });
    expect(await api(sb.url, 'GET', '/v1/appointments/by-code/nonsense!')).toMatchObject({ status: 404, body: { error: { code: 'unknown_booking' } } });
  });
});
