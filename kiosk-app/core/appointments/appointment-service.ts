// Appointments at community service points (shared/city-gateway-api.md): free slots, booking
// (idempotent on a device-made id; the city never oversubscribes a slot), the printed slip,
// cancelling by the booking code, and for staff the point's day list, kept for offline use,
// with check-in (by the slip's code or the citizen's card), no-show, walk-ins and done.
//
// Booking needs the city: offline, the citizen is told so plainly with the point's phone
// number. The day list does not: the last list read is kept (encrypted) with what staff did
// since, and those changes go to the city when it answers again.
import { newId } from '../../../common/ids';
import type { Clock } from '../../../common/clock';
import { addDays, hanoiDate } from '../../../common/hanoi-time';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type {
  AppointmentAnswer, AppointmentBody, AppointmentSlots, CityError, DayAppointment, FoundAppointment, PointInfo,
} from '../../../offline-sync';
import { bookingFromSlipQr } from '../../api/staff-contract';
import type { CatalogService } from '../catalog/catalog-service';
import type { KioskConfig } from '../config/config-schema';
import type { DeviceError, IdentityReader, ReceiptPrinterPort } from '../dossier/journey-ports';
import { maskIdNumber, sameName } from '../dossier/journey-identity';

/** The city's side (the sync worker's client). */
export interface AppointmentCity {
  getAppointmentSlots(point: string, from: string, to: string, opts?: { timeoutMs?: number }): Promise<Result<AppointmentSlots, CityError>>;
  getPoint(point: string, opts?: { timeoutMs?: number }): Promise<Result<PointInfo, CityError>>;
  putAppointment(id: string, body: AppointmentBody, opts?: { timeoutMs?: number }): Promise<Result<AppointmentAnswer, CityError>>;
  cancelAppointment(id: string, opts?: { timeoutMs?: number }): Promise<Result<void, CityError>>;
  getDayAppointments(point: string, date: string, opts?: { timeoutMs?: number }): Promise<Result<DayAppointment[], CityError>>;
  findAppointmentByCode(code: string, opts?: { timeoutMs?: number }): Promise<Result<FoundAppointment, CityError>>;
  patchAppointment(id: string, body: { status: 'checked_in' | 'no_show' | 'done'; at: string }, opts?: { timeoutMs?: number }): Promise<Result<DayAppointment, CityError>>;
}

/** Where the day list is kept between reads (the encrypted store's small state). */
export interface DayListCache {
  read(key: string): string | null;
  write(key: string, value: string): void;
}

export interface BookingPoint {
  readonly code: string;
  readonly name: string;
  readonly address: string;
  readonly phone: string;
}

export interface SlotView {
  readonly slotId: string;
  readonly start: string;
  readonly end: string;
  readonly free: number;
}

export interface Booking {
  readonly appointmentId: string;
  readonly bookingCode: string;
  readonly slotId: string;
  readonly start: string;
  readonly point: BookingPoint;
  readonly procedureCode: string;
}

export type AppointmentError =
  | { readonly code: 'city-unreachable'; readonly phone: string | null }
  | { readonly code: 'unknown-point' }
  | { readonly code: 'unknown-procedure' }
  /** The last place went to someone else a moment ago: `next` is the next free slot, if any. */
  | { readonly code: 'slot-full'; readonly next: SlotView | null }
  | { readonly code: 'slot-past' }
  | { readonly code: 'already-booked' }
  | { readonly code: 'unknown-booking' }
  | { readonly code: 'other-point'; readonly pointName: string | null }
  /** The card read is not the booking's citizen. */
  | { readonly code: 'card-mismatch' }
  | { readonly code: 'invalid-transition' }
  | { readonly code: 'city-refused'; readonly detail: string }
  | ({ readonly code: 'device' } & { readonly device: string; readonly reason: string });

export type DayStatus = DayAppointment['status'];

/** A row of the staff's list: the city's, or a walk-in kept on this device. */
export interface DayRow {
  readonly appointmentId: string;
  readonly start: string;
  readonly procedureCode: string;
  readonly citizen: { readonly fullName: string; readonly maskedId: string; readonly phone: string };
  readonly status: DayStatus;
  readonly walkIn: boolean;
  /** A change made here that the city has not confirmed yet. */
  readonly unsent: boolean;
}

export interface DayList {
  readonly point: string;
  readonly date: string;
  readonly rows: readonly DayRow[];
  /** When the city's list was last read; null when it never was. */
  readonly readAt: string | null;
  /** False: the city did not answer, this is the list kept from readAt. */
  readonly fresh: boolean;
}

interface CachedDay {
  readAt: string | null;
  rows: DayRow[];
  /** appointmentId → status set here, not yet confirmed by the city. */
  pending: Record<string, { status: 'checked_in' | 'no_show' | 'done'; at: string }>;
}

export interface AppointmentServiceDeps {
  readonly config: Pick<KioskConfig, 'booking' | 'community' | 'kiosk'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly city: AppointmentCity;
  readonly cache: DayListCache;
  readonly catalog: Pick<CatalogService, 'get'>;
  readonly printer: Pick<ReceiptPrinterPort, 'printBookingSlip'>;
  /** The citizen's card at check-in (read once; nothing of it is kept). */
  readonly idReader: Pick<IdentityReader, 'readCard'>;
}

/** A citizen is waiting: a short time-out, then "try again or call the point". */
const ONLINE_TIMEOUT_MS = 8000;

/** A booking just made is kept this long for its slip (reprint) and nothing after. */
const RECENT_MS = 15 * 60_000;

export class AppointmentService {
  readonly #log: Logger;
  readonly #recent = new Map<string, { booking: Booking; at: number }>();

  constructor(private readonly d: AppointmentServiceDeps) {
    this.#log = d.logger.child('appointments');
  }

  /** The points a citizen may book at from here (this point first on a community device). */
  points(): BookingPoint[] {
    const points = [...this.d.config.booking.points];
    const own = this.d.config.kiosk.mode === 'community' ? this.d.config.community.pointCode : null;
    if (own) points.sort((a, b) => (a.code === own ? -1 : b.code === own ? 1 : 0));
    return points;
  }

  point(code: string): BookingPoint | null {
    return this.d.config.booking.points.find((p) => p.code === code) ?? null;
  }

  /** The slots with a free place, from now to the booking horizon. */
  async freeSlots(pointCode: string): Promise<Result<SlotView[], AppointmentError>> {
    const point = this.point(pointCode);
    if (!point) return err({ code: 'unknown-point' });
    const today = hanoiDate(this.d.clock.now());
    const r = await this.d.city.getAppointmentSlots(pointCode, today, addDays(today, this.d.config.booking.daysAhead), { timeoutMs: ONLINE_TIMEOUT_MS });
    if (!r.ok) return err(this.#cityError(r.error, point));
    const now = this.d.clock.now().getTime();
    return ok(r.value.slots.filter((s) => s.capacity > s.booked && Date.parse(s.start) > now).map((s) => ({ slotId: s.slotId, start: s.start, end: s.end, free: s.capacity - s.booked })));
  }

  /**
   * Books a place. `appointmentId` is made by the caller once for the citizen's choice, so a
   * retry after a lost answer is the same booking, never a second one.
   */
  async book(input: {
    appointmentId: string;
    pointCode: string;
    slotId: string;
    procedureCode: string;
    citizen: { idNumber: string; fullName: string; phone: string };
    channel: 'kiosk' | 'community' | 'bus' | 'phone';
  }): Promise<Result<Booking, AppointmentError>> {
    const point = this.point(input.pointCode);
    if (!point) return err({ code: 'unknown-point' });
    if (!this.d.catalog.get(input.procedureCode)) return err({ code: 'unknown-procedure' });
    const r = await this.d.city.putAppointment(
      input.appointmentId,
      { slotId: input.slotId, point: input.pointCode, procedureCode: input.procedureCode, citizen: input.citizen, channel: input.channel, createdAt: this.d.clock.now().toISOString() },
      { timeoutMs: ONLINE_TIMEOUT_MS },
    );
    if (!r.ok) {
      if (r.error.code === 'status' && r.error.cityCode === 'slot_full') {
        const next = await this.freeSlots(input.pointCode);
        const after = next.ok ? next.value.find((s) => s.slotId > input.slotId) ?? next.value[0] ?? null : null;
        return err({ code: 'slot-full', next: after });
      }
      return err(this.#cityError(r.error, point));
    }
    this.#log.info('appointment-booked', { point: input.pointCode, channel: input.channel });
    const booking: Booking = { appointmentId: r.value.appointmentId, bookingCode: r.value.bookingCode, slotId: r.value.slotId, start: r.value.start, point, procedureCode: input.procedureCode };
    const now = this.d.clock.now().getTime();
    for (const [id, b] of this.#recent) if (now - b.at > RECENT_MS) this.#recent.delete(id);
    this.#recent.set(booking.appointmentId, { booking, at: now });
    return ok(booking);
  }

  /** A booking made here a moment ago (for its slip), or null. */
  recent(appointmentId: string): Booking | null {
    const b = this.#recent.get(appointmentId);
    return b && this.d.clock.now().getTime() - b.at <= RECENT_MS ? b.booking : null;
  }

  /** A new id for a booking the citizen is about to confirm. */
  newBookingId(): string {
    return newId();
  }

  async printSlip(b: Booking, lang: string): Promise<Result<void, AppointmentError>> {
    const p = this.d.catalog.get(b.procedureCode);
    const r = await this.d.printer.printBookingSlip({
      lang, bookingCode: b.bookingCode, appointmentId: b.appointmentId, start: b.start,
      pointName: b.point.name, pointAddress: b.point.address, pointPhone: b.point.phone,
      procedureName: p ? p.name.vi : b.procedureCode,
      papers: p ? p.papers.map((paper) => paper.name.vi) : [],
    });
    return r.ok ? ok(undefined) : err(deviceErr(r.error));
  }

  /** Cancels by the booking code (as the slip prints it, or its QR). */
  async cancel(codeOrSlip: string): Promise<Result<{ start: string; pointName: string | null }, AppointmentError>> {
    const found = await this.#find(codeOrSlip);
    if (!found.ok) return found;
    const r = await this.d.city.cancelAppointment(found.value.appointmentId, { timeoutMs: ONLINE_TIMEOUT_MS });
    if (!r.ok) return err(this.#cityError(r.error, this.point(found.value.point)));
    this.#log.info('appointment-cancelled', { point: found.value.point });
    return ok({ start: found.value.start, pointName: this.point(found.value.point)?.name ?? null });
  }

  // ---- staff: the point's day ----

  #ownPoint(): string {
    return this.d.config.community.pointCode;
  }

  #key(date: string): string {
    return `appointments:${this.#ownPoint()}:${date}`;
  }

  #cached(date: string): CachedDay {
    const raw = this.d.cache.read(this.#key(date));
    if (raw) {
      try {
        return JSON.parse(raw) as CachedDay;
      } catch {
        this.#log.warn('day-list-cache-unreadable', {});
      }
    }
    return { readAt: null, rows: [], pending: {} };
  }

  #save(date: string, day: CachedDay): void {
    this.d.cache.write(this.#key(date), JSON.stringify(day));
  }

  /**
   * The point's list for a day (today by default): what staff changed here and the city has not
   * confirmed goes first, then the city's list is read; offline, the list kept serves.
   */
  async dayList(date: string = hanoiDate(this.d.clock.now())): Promise<DayList> {
    const day = this.#cached(date);
    for (const [id, change] of Object.entries(day.pending)) {
      const row = day.rows.find((x) => x.appointmentId === id);
      if (row?.walkIn) continue;
      const r = await this.d.city.patchAppointment(id, change, { timeoutMs: ONLINE_TIMEOUT_MS });
      if (r.ok || (r.error.code === 'status' && r.error.status >= 400 && r.error.status < 500 && r.error.status !== 408 && r.error.status !== 429)) delete day.pending[id];
      else break;
    }
    const r = await this.d.city.getDayAppointments(this.#ownPoint(), date, { timeoutMs: ONLINE_TIMEOUT_MS });
    if (r.ok) {
      const walkIns = day.rows.filter((x) => x.walkIn);
      day.rows = [
        ...r.value.map((a): DayRow => {
          const pending = day.pending[a.appointmentId];
          return { appointmentId: a.appointmentId, start: a.start, procedureCode: a.procedureCode, citizen: a.citizen, status: pending?.status ?? a.status, walkIn: false, unsent: Boolean(pending) };
        }),
        ...walkIns,
      ].sort((a, b) => a.start.localeCompare(b.start));
      day.readAt = this.d.clock.now().toISOString();
    }
    this.#save(date, day);
    return { point: this.#ownPoint(), date, rows: day.rows, readAt: day.readAt, fresh: r.ok };
  }

  /** A citizen who came without booking, in the same list (kept on this device). */
  addWalkIn(input: { fullName: string; procedureCode: string; phone?: string }): Result<DayRow, AppointmentError> {
    if (!this.d.catalog.get(input.procedureCode)) return err({ code: 'unknown-procedure' });
    const date = hanoiDate(this.d.clock.now());
    const day = this.#cached(date);
    const row: DayRow = {
      appointmentId: newId(), start: this.d.clock.now().toISOString(), procedureCode: input.procedureCode,
      citizen: { fullName: input.fullName.normalize('NFC').trim(), maskedId: '', phone: input.phone ?? '' }, status: 'checked_in', walkIn: true, unsent: false,
    };
    day.rows.push(row);
    this.#save(date, day);
    return ok(row);
  }

  /**
   * Checks a citizen in by what they bring: the slip (its QR as a scanner types it, or the code
   * read out), or their card (its number and name against the day's bookings).
   */
  async checkIn(by: { code: string } | { card: { idNumber: string; fullName: string } }): Promise<Result<DayRow, AppointmentError>> {
    const date = hanoiDate(this.d.clock.now());
    let appointmentId: string;
    if ('code' in by) {
      const found = await this.#find(by.code);
      if (!found.ok) return found;
      if (found.value.point !== this.#ownPoint()) return err({ code: 'other-point', pointName: this.point(found.value.point)?.name ?? found.value.point });
      appointmentId = found.value.appointmentId;
    } else {
      const list = await this.dayList(date);
      const masked = maskIdNumber(by.card.idNumber);
      const mine = list.rows.filter((x) => !x.walkIn && x.status !== 'cancelled' && x.citizen.maskedId === masked);
      const row = mine.find((x) => sameName(x.citizen.fullName, by.card.fullName));
      if (!row) return err(mine.length > 0 ? { code: 'card-mismatch' } : { code: 'unknown-booking' });
      appointmentId = row.appointmentId;
    }
    return this.setStatus(appointmentId, 'checked_in', date);
  }

  /** Check-in by the citizen's card laid on the reader. */
  async checkInByCard(timeoutMs: number): Promise<Result<DayRow, AppointmentError>> {
    const card = await this.d.idReader.readCard(timeoutMs);
    if (!card.ok) return err({ code: 'device', device: 'idreader', reason: card.error.code });
    return this.checkIn({ card: { idNumber: card.value.idNumber, fullName: card.value.fullName } });
  }

  /** Records check-in, no-show or done: at once with the city, or kept and sent when it answers. */
  async setStatus(appointmentId: string, status: 'checked_in' | 'no_show' | 'done', date: string = hanoiDate(this.d.clock.now())): Promise<Result<DayRow, AppointmentError>> {
    const day = this.#cached(date);
    let row = day.rows.find((x) => x.appointmentId === appointmentId);
    if (!row) {
      await this.dayList(date);
      Object.assign(day, this.#cached(date));
      row = day.rows.find((x) => x.appointmentId === appointmentId);
      if (!row) return err({ code: 'unknown-booking' });
    }
    if (row.status === 'cancelled') return err({ code: 'invalid-transition' });
    const at = this.d.clock.now().toISOString();
    let unsent = false;
    if (!row.walkIn) {
      const r = await this.d.city.patchAppointment(appointmentId, { status, at }, { timeoutMs: ONLINE_TIMEOUT_MS });
      if (!r.ok) {
        if (r.error.code === 'status' && r.error.cityCode === 'invalid_transition') return err({ code: 'invalid-transition' });
        if (r.error.code === 'status' && r.error.status < 500 && r.error.status !== 408 && r.error.status !== 429) return err(this.#cityError(r.error, null));
        day.pending[appointmentId] = { status, at };
        unsent = true;
      } else delete day.pending[appointmentId];
    }
    const updated: DayRow = { ...row, status, unsent };
    day.rows = day.rows.map((x) => (x.appointmentId === appointmentId ? updated : x));
    this.#save(date, day);
    this.#log.info('appointment-status', { status, unsent });
    return ok(updated);
  }

  async #find(codeOrSlip: string): Promise<Result<FoundAppointment, AppointmentError>> {
    const slip = bookingFromSlipQr(codeOrSlip);
    const code = slip?.bookingCode ?? codeOrSlip.trim();
    if (!/^[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}$/.test(code)) return err({ code: 'unknown-booking' });
    const r = await this.d.city.findAppointmentByCode(code, { timeoutMs: ONLINE_TIMEOUT_MS });
    if (!r.ok) return err(r.error.code === 'status' && r.error.status === 404 ? { code: 'unknown-booking' } : this.#cityError(r.error, null));
    return r;
  }

  #cityError(e: CityError, point: BookingPoint | null): AppointmentError {
    if (e.code === 'network' || e.code === 'malformed' || (e.code === 'status' && (e.status >= 500 || e.status === 408 || e.status === 429))) {
      return { code: 'city-unreachable', phone: point?.phone ?? null };
    }
    if (e.code === 'status') {
      switch (e.cityCode) {
        case 'already_booked':
          return { code: 'already-booked' };
        case 'slot_past':
          return { code: 'slot-past' };
        case 'unknown_point':
          return { code: 'unknown-point' };
        case 'unknown_booking':
          return { code: 'unknown-booking' };
        case 'invalid_transition':
          return { code: 'invalid-transition' };
      }
      return { code: 'city-refused', detail: e.cityCode };
    }
    return { code: 'city-refused', detail: e.code };
  }
}

function deviceErr(e: DeviceError): AppointmentError {
  return { code: 'device', device: 'printer', reason: e.code };
}
