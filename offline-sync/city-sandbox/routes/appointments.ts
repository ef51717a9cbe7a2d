// Appointments at community points: PUT /v1/appointments/{id} books a place in a slot (capacity
// and one booking a person a day a point, checked and written in one synchronous transaction, so
// parallel bookings never exceed it), DELETE cancels and frees the place, GET ?point=&date= is
// the staff's day list, PATCH records check-in, no-show and done. Appointments belong to the
// point: any enrolled device reads, checks in and cancels them.
// GET /v1/appointments/by-code/{bookingCode} is an EXTENSION of the contract: slips carry the
// booking code and citizens cancel by it, yet the contract gives no way from a code to its
// appointment.
import crypto from 'node:crypto';
import * as z from 'zod';
import { canonicalHash, maskIdNumber, newBookingCode, normalizeBookingCode, showBookingCode } from '../codes';
import { authenticate, HttpError, idParam, parseBody, type SandboxPlugin } from '../sandbox-context';
import { hanoiIso, slotById } from '../point-hours';
import { dayQuery, pointCode } from './points';

const appointmentSchema = z.object({
  slotId: z.string().min(1).max(64),
  point: z.string().min(1).max(32),
  procedureCode: z.string().regex(/^\d+(\.\d+)+$/),
  citizen: z.object({ idNumber: z.string().regex(/^\d{12}$/), fullName: z.string().min(1).max(200), phone: z.string().regex(/^\+?[0-9 ]{8,20}$/) }),
  channel: z.enum(['kiosk', 'community', 'bus', 'phone']),
  createdAt: z.string().min(1).max(64),
});
const patchSchema = z.object({ status: z.enum(['checked_in', 'no_show', 'done']), at: z.string().min(1).max(64) });

type Status = 'booked' | 'checked_in' | 'no_show' | 'cancelled' | 'done';
/** The moves staff may record (a late citizen turns a no-show back into a check-in). */
const NEXT: Record<Status, readonly Status[]> = { booked: ['checked_in', 'no_show'], checked_in: ['done', 'no_show'], no_show: ['checked_in'], cancelled: [], done: [] };

interface Row {
  id: string; point: string; slot_id: string; start: string; procedure_code: string; masked_id: string; full_name: string; phone: string;
  booking_code: string; status: Status;
}
const COLUMNS = 'id, point, slot_id, start, procedure_code, masked_id, full_name, phone, booking_code, status';

/** A row as the day list shows it (the ID number masked). */
const listed = (r: Row) => ({ appointmentId: r.id, start: r.start, procedureCode: r.procedure_code, citizen: { fullName: r.full_name, maskedId: r.masked_id, phone: r.phone }, status: r.status });

/** Kept to find a second booking of the same person, never to be read back. */
const idHash = (idNumber: string) => crypto.createHash('sha256').update(`appointment-id:${idNumber}`).digest('hex');

export const appointmentRoutes: SandboxPlugin = async (app, { ctx }) => {
  const { store, clock, settings } = ctx;
  const db = store.db;
  const byId = (id: string) => db.prepare(`SELECT ${COLUMNS} FROM appointments WHERE id = ?`).get(id) as Row | undefined;
  const unknown = () => new HttpError(404, 'unknown_appointment', 'No such appointment.');

  // No await anywhere in this handler: the checks and the insert run in one SQLite transaction
  // with no other request in between, which is what keeps a slot within its capacity.
  app.put('/v1/appointments/:appointmentId', async (req, reply) => {
    const device = authenticate(ctx, req);
    const id = idParam(req, 'appointmentId');
    const hash = canonicalHash(req.body);
    const res = store.transaction(() => {
      const existing = db.prepare('SELECT body_hash, response_json FROM appointments WHERE id = ?').get(id) as { body_hash: string; response_json: string } | undefined;
      if (existing) {
        if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
        return JSON.parse(existing.response_json) as unknown;
      }
      const body = parseBody(appointmentSchema, req.body);
      if (!store.pointExists(body.point)) throw new HttpError(422, 'unknown_point', 'No such point.');
      const slot = slotById(body.point, body.slotId);
      if (!slot) throw new HttpError(422, 'unknown_slot', 'The slot is not one of this point\'s published slots.');
      const now = clock.now();
      if (slot.start.getTime() <= now.getTime()) throw new HttpError(422, 'slot_past', 'The slot has already started.');
      const who = idHash(body.citizen.idNumber);
      if (db.prepare(`SELECT 1 FROM appointments WHERE point = ? AND day = ? AND id_hash = ? AND status != 'cancelled'`).get(body.point, slot.day, who)) {
        throw new HttpError(409, 'already_booked', 'This person already holds a booking that day at this point.');
      }
      const taken = (db.prepare(`SELECT COUNT(*) AS n FROM appointments WHERE slot_id = ? AND status != 'cancelled'`).get(slot.slotId) as { n: number }).n;
      if (taken >= settings.slotCapacity) throw new HttpError(409, 'slot_full', 'The slot has no place left.', { capacity: settings.slotCapacity });
      let code = newBookingCode();
      while (db.prepare('SELECT 1 FROM appointments WHERE booking_code = ?').get(code)) code = newBookingCode();
      const start = hanoiIso(slot.start);
      const answer = { appointmentId: id, slotId: slot.slotId, start, bookingCode: showBookingCode(code), status: 'booked' };
      db.prepare(`INSERT INTO appointments (id, device_id, body_hash, response_json, point, slot_id, day, start, procedure_code, id_hash, masked_id, full_name, phone, booking_code, status, status_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)`)
        .run(id, device, hash, JSON.stringify(answer), body.point, slot.slotId, slot.day, start, body.procedureCode, who, maskIdNumber(body.citizen.idNumber),
          body.citizen.fullName, body.citizen.phone, code, now.toISOString());
      ctx.log.info('appointment-booked', { appointmentId: id, slotId: slot.slotId });
      return answer;
    });
    return reply.code(200).send(res);
  });

  app.delete('/v1/appointments/:appointmentId', async (req, reply) => {
    authenticate(ctx, req);
    const row = byId(idParam(req, 'appointmentId'));
    if (!row) throw unknown();
    // A citizen who came (checked in, served) is past cancelling; a no-show may still cancel.
    if (row.status === 'checked_in' || row.status === 'done') throw new HttpError(409, 'invalid_transition', `The appointment is ${row.status}.`, { from: row.status, to: 'cancelled' });
    if (row.status !== 'cancelled') db.prepare(`UPDATE appointments SET status = 'cancelled', status_at = ? WHERE id = ?`).run(clock.now().toISOString(), row.id);
    return reply.code(204).send();
  });

  app.get('/v1/appointments', async (req, reply) => {
    authenticate(ctx, req);
    const date = dayQuery(req, 'date');
    const point = pointCode(ctx, (req.query as Record<string, string | undefined>).point);
    const rows = db.prepare(`SELECT ${COLUMNS} FROM appointments WHERE point = ? AND day = ? ORDER BY start, rowid`).all(point, date) as Row[];
    return reply.send({ appointments: rows.map(listed) });
  });

  app.patch('/v1/appointments/:appointmentId', async (req, reply) => {
    authenticate(ctx, req);
    const id = idParam(req, 'appointmentId');
    const body = parseBody(patchSchema, req.body);
    const row = byId(id);
    if (!row) throw unknown();
    if (row.status === body.status) return reply.send(listed(row));
    if (!NEXT[row.status].includes(body.status)) throw new HttpError(409, 'invalid_transition', `${row.status} cannot become ${body.status}.`, { from: row.status, to: body.status });
    db.prepare('UPDATE appointments SET status = ?, status_at = ? WHERE id = ?').run(body.status, body.at, id);
    return reply.send(listed({ ...row, status: body.status }));
  });

  app.get('/v1/appointments/by-code/:bookingCode', async (req, reply) => {
    authenticate(ctx, req);
    const code = normalizeBookingCode((req.params as Record<string, string>).bookingCode ?? '');
    const row = code ? (db.prepare(`SELECT ${COLUMNS} FROM appointments WHERE booking_code = ?`).get(code) as Row | undefined) : undefined;
    if (!row) throw new HttpError(404, 'unknown_booking', 'No appointment has this booking code.');
    return reply.send({ ...listed(row), point: row.point, slotId: row.slot_id, bookingCode: showBookingCode(row.booking_code) });
  });
};
