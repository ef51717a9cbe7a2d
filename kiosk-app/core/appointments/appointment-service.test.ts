import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { createMemoryLogger } from '../../../common/logger';
import { err, ok } from '../../../common/result';
import { CityGatewayClient, openKioskStore, startCitySandbox, StoredDayLists, type CitySandbox } from '../../../offline-sync';
import { DEVICE, tempDir } from '../../../offline-sync/test-support/fixtures';
import { bookingFromSlipQr } from '../../api/staff-contract';
import { loadCatalog } from '../catalog/catalog-loader';
import { createCatalogService } from '../catalog/catalog-service';
import { kioskConfigSchema } from '../config/config-schema';
import type { BookingSlipPrint, IdentityReader } from '../dossier/journey-ports';
import type { Identity } from '../session/citizen-session';
import { AppointmentService } from './appointment-service';

// Booking and the point's day list against the real city sandbox on loopback, with the day
// list kept in a real encrypted store.

const catalog = (() => {
  const c = loadCatalog();
  if (!c.ok) throw new Error(c.error.message);
  return createCatalogService(c.value);
})();
const PROCEDURE = catalog.all()[0]!.code;

let open: { close(): Promise<void> | void }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

const POINT = { code: 'NVH-BD01', name: 'Nhà văn hoá phường Ba Đình', address: 'Số 2 phố Hoàng Diệu', phone: '024 3823 0001' };
const OTHER = { code: 'TYT-BV01', name: 'Trạm y tế xã Ba Vì', address: 'Thôn Yên Thái', phone: '024 3386 0002' };
// Monday 7 December 2026, 12:00 in Hanoi: the evening's slots are ahead.
const NOON = Date.UTC(2026, 11, 7, 5, 0);

const LAN: Identity = { idNumber: '001068012345', oldIdNumber: null, fullName: 'Nguyễn Thị Lan', dateOfBirth: '1958-03-02', sex: 'female', address: 'Ba Đình, Hà Nội', issueDate: null, expiryDate: null, source: 'qr' };

async function setup(o: { url?: string; card?: Identity | null; capacity?: number } = {}) {
  const clock = new ManualClock(NOON);
  let sandbox: CitySandbox | null = null;
  let url = o.url;
  if (!url) {
    sandbox = await startCitySandbox({ dataDir: tempDir('appt-sb'), devices: [DEVICE], points: [POINT, OTHER], slotCapacity: o.capacity ?? 3, clock });
    open.push(sandbox);
    url = sandbox.url;
  }
  const store = openKioskStore({ dataDir: tempDir('appt-store') });
  if (!store.ok) throw new Error(store.error.message);
  open.push({ close: () => store.value.close() });
  const slips: BookingSlipPrint[] = [];
  const idReader: IdentityReader = { readCard: async () => (o.card === null ? err({ code: 'timeout' }) : ok(o.card ?? LAN)) };
  const make = (baseUrl: string) =>
    new AppointmentService({
      config: kioskConfigSchema.parse({ kiosk: { mode: 'community' }, community: { pointCode: POINT.code }, booking: { points: [POINT, OTHER] } }),
      clock, logger: createMemoryLogger(),
      city: new CityGatewayClient({ baseUrl, deviceId: DEVICE.id, deviceToken: DEVICE.token, clock } as never),
      cache: new StoredDayLists(store.value), catalog, idReader,
      printer: { printBookingSlip: async (s) => (slips.push(s), ok(undefined)) },
    });
  return { svc: make(url), make, clock, sandbox, slips };
}

const citizen = { idNumber: LAN.idNumber, fullName: LAN.fullName, phone: '0912345678' };

describe('booking a slot at a community point', () => {
  it('free slots of the evening, a booking with its code, and a slip with the code as QR, the time, the address and the papers', async () => {
    const { svc, slips } = await setup();
    const slots = await svc.freeSlots(POINT.code);
    expect(slots.ok && slots.value.length).toBeGreaterThan(0);
    const first = slots.ok ? slots.value[0]! : null;
    expect(first!.slotId).toBe('NVH-BD01-20261207-1800');
    const id = svc.newBookingId();
    const b = await svc.book({ appointmentId: id, pointCode: POINT.code, slotId: first!.slotId, procedureCode: PROCEDURE, citizen, channel: 'kiosk' });
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.value.bookingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // Asked again with the same id (a lost answer): the same booking, not a second one.
    const again = await svc.book({ appointmentId: id, pointCode: POINT.code, slotId: first!.slotId, procedureCode: PROCEDURE, citizen, channel: 'kiosk' });
    expect(again.ok && again.value.bookingCode).toBe(b.value.bookingCode);
    expect((await svc.printSlip(b.value, 'vi')).ok).toBe(true);
    expect(slips[0]).toMatchObject({ bookingCode: b.value.bookingCode, pointAddress: POINT.address, pointPhone: POINT.phone });
    expect(slips[0]!.papers.length).toBeGreaterThan(0);
    const after = await svc.freeSlots(POINT.code);
    expect(after.ok && after.value.find((s) => s.slotId === first!.slotId)!.free).toBe(first!.free - 1);
  });

  it('the last place taken a moment ago: told plainly and offered the next free slot', async () => {
    const { svc } = await setup({ capacity: 1 });
    const slotId = 'NVH-BD01-20261207-1800';
    expect((await svc.book({ appointmentId: svc.newBookingId(), pointCode: POINT.code, slotId, procedureCode: PROCEDURE, citizen: { ...citizen, idNumber: '001090000001' }, channel: 'kiosk' })).ok).toBe(true);
    const late = await svc.book({ appointmentId: svc.newBookingId(), pointCode: POINT.code, slotId, procedureCode: PROCEDURE, citizen, channel: 'kiosk' });
    expect(late.ok === false && late.error.code).toBe('slot-full');
    expect(late.ok === false && late.error.code === 'slot-full' && late.error.next?.slotId).toBe('NVH-BD01-20261207-1830');
  });

  it('one booking a person a day a point', async () => {
    const { svc } = await setup();
    expect((await svc.book({ appointmentId: svc.newBookingId(), pointCode: POINT.code, slotId: 'NVH-BD01-20261207-1800', procedureCode: PROCEDURE, citizen, channel: 'kiosk' })).ok).toBe(true);
    const second = await svc.book({ appointmentId: svc.newBookingId(), pointCode: POINT.code, slotId: 'NVH-BD01-20261207-1900', procedureCode: PROCEDURE, citizen, channel: 'kiosk' });
    expect(second).toEqual({ ok: false, error: { code: 'already-booked' } });
  });

  it("offline: booking says the city is unreachable and gives the point's phone", async () => {
    const { svc } = await setup({ url: 'http://127.0.0.1:9' });
    expect(await svc.freeSlots(POINT.code)).toEqual({ ok: false, error: { code: 'city-unreachable', phone: POINT.phone } });
  });

  it('cancel by the booking code (typed loosely, or the slip QR) frees the place; an unknown code is said so', async () => {
    const { svc } = await setup({ capacity: 1 });
    const b = await svc.book({ appointmentId: svc.newBookingId(), pointCode: POINT.code, slotId: 'NVH-BD01-20261207-1800', procedureCode: PROCEDURE, citizen, channel: 'kiosk' });
    if (!b.ok) throw new Error(b.error.code);
    expect((await svc.cancel(b.value.bookingCode.toLowerCase().replace('-', ''))).ok).toBe(true);
    const slots = await svc.freeSlots(POINT.code);
    expect(slots.ok && slots.value.some((s) => s.slotId === 'NVH-BD01-20261207-1800')).toBe(true);
    expect(await svc.cancel('ZZZZ-ZZZZ')).toEqual({ ok: false, error: { code: 'unknown-booking' } });
  });
});

describe("the point's evening list for staff", () => {
  async function booked(svc: AppointmentService, who = citizen, slotId = 'NVH-BD01-20261207-1800', point = POINT.code) {
    const b = await svc.book({ appointmentId: svc.newBookingId(), pointCode: point, slotId: slotId.replace('NVH-BD01', point), procedureCode: PROCEDURE, citizen: who, channel: 'phone' });
    if (!b.ok) throw new Error(b.error.code);
    return b.value;
  }

  it('check-in by the slip (QR as typed by a scanner), by the citizen card, no-show, walk-ins in the same list', async () => {
    const { svc } = await setup();
    const lan = await booked(svc);
    const hung = await booked(svc, { idNumber: '001072099999', fullName: 'Lê Văn Hùng', phone: '0987654321' }, 'NVH-BD01-20261207-1830');
    const list = await svc.dayList();
    expect(list.fresh).toBe(true);
    expect(list.rows.map((r) => [r.citizen.fullName, r.citizen.maskedId, r.status])).toEqual([
      ['Nguyễn Thị Lan', '001******345', 'booked'],
      ['Lê Văn Hùng', '001******999', 'booked'],
    ]);
    const slipQr = `HNLICH:${lan.bookingCode}:${lan.appointmentId}`;
    expect(bookingFromSlipQr(slipQr)).not.toBeNull();
    const byCard = await svc.checkInByCard(5000);
    expect(byCard.ok && byCard.value.appointmentId).toBe(lan.appointmentId);
    expect((await svc.setStatus(hung.appointmentId, 'no_show')).ok).toBe(true);
    const walkIn = svc.addWalkIn({ fullName: 'Phạm Thu Hà', procedureCode: PROCEDURE });
    expect(walkIn.ok).toBe(true);
    const after = await svc.dayList();
    // In time order: the walk-in came at noon, before the evening's bookings.
    expect(after.rows.map((r) => [r.citizen.fullName, r.status, r.walkIn])).toEqual([
      ['Phạm Thu Hà', 'checked_in', true],
      ['Nguyễn Thị Lan', 'checked_in', false],
      ['Lê Văn Hùng', 'no_show', false],
    ]);
  });

  it('a slip of another point is refused naming that point; a card that is not booked here is said so', async () => {
    const { svc } = await setup({ card: { ...LAN, idNumber: '001099000000', fullName: 'Người Khác' } });
    const elsewhere = await booked(svc, citizen, 'TYT-BV01-20261207-1800', OTHER.code);
    expect(await svc.checkIn({ code: `HNLICH:${elsewhere.bookingCode}:${elsewhere.appointmentId}` })).toEqual({ ok: false, error: { code: 'other-point', pointName: OTHER.name } });
    expect(await svc.checkIn({ code: 'ABCD-EFGH' })).toEqual({ ok: false, error: { code: 'unknown-booking' } });
    expect(await svc.checkInByCard(5000)).toEqual({ ok: false, error: { code: 'unknown-booking' } });
  });

  it('the city down during check-in: the kept list serves, the check-in is kept and reaches the city when it answers again', async () => {
    const { svc, make, sandbox } = await setup();
    const lan = await booked(svc);
    await svc.dayList();
    const offline = make('http://127.0.0.1:9');
    const list = await offline.dayList();
    expect(list.fresh).toBe(false);
    expect(list.rows.map((r) => r.citizen.fullName)).toEqual(['Nguyễn Thị Lan']);
    const r = await offline.setStatus(lan.appointmentId, 'checked_in');
    expect(r.ok && r.value.unsent).toBe(true);
    // Back online: the change goes first, then the list reads the city's own word.
    const back = await make(sandbox!.url).dayList();
    expect(back.rows[0]).toMatchObject({ status: 'checked_in', unsent: false });
    const city = sandbox!.db.prepare('SELECT status FROM appointments WHERE id = ?').get(lan.appointmentId) as { status: string } | undefined;
    expect(city?.status).toBe('checked_in');
  });
});
