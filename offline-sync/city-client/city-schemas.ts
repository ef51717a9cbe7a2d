// Every answer from the city is validated here before it touches local state.
import * as z from 'zod';

export const CITY_STATUS_CODES = {
  submitted: 1, received: 2, not_accepted: 3, processing: 4, needs_supplement: 5, needs_payment: 6,
  withdrawal_requested: 7, stopped: 8, completed: 9, returned: 10,
} as const;
export type CityStatus = keyof typeof CITY_STATUS_CODES;
const statusEnum = z.enum(Object.keys(CITY_STATUS_CODES) as [CityStatus, ...CityStatus[]]);

const isoTime = z.iso.datetime({ offset: true });
const code = z.string().min(1).max(64);

export const dossierAnswerSchema = z.object({
  dossierId: z.string().max(64),
  receiptCode: z.string().regex(/^[A-Za-z0-9.\-/]{3,64}$/),
  receivedAt: isoTime,
  appointmentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/).max(40).nullable().optional(),
  status: statusEnum,
});

export const paymentAnswerSchema = z.object({
  status: z.enum(['approved', 'declined', 'cancelled', 'refunded']),
}).loose();

export const supplementAnswerSchema = z.object({ status: statusEnum }).loose();

export const ticketAnswerSchema = z.object({
  ticketId: z.string().max(64),
  number: z.number().int().min(0).max(1_000_000),
  branchCode: z.string().max(32),
  counterHint: z.string().max(64).nullable().optional(),
  issuedAt: isoTime,
  estimatedWaitMinutes: z.number().int().min(0).max(10_000).nullable().optional(),
});

export const changesPageSchema = z.object({
  changes: z.array(z.unknown()).max(1000),
  cursor: z.string().min(1).max(200),
});

export const changeSchema = z.object({
  dossierId: z.string().min(1).max(64),
  status: statusEnum,
  statusCode: z.number().int().min(1).max(10),
  note: z.string().max(2000).optional(),
  at: isoTime,
}).refine((c) => CITY_STATUS_CODES[c.status] === c.statusCode, 'statusCode does not match status');
export type CityChange = z.infer<typeof changeSchema>;

export const errorBodySchema = z.object({
  error: z.object({ code, message: z.string().max(2000).optional(), details: z.unknown().optional() }),
});

export const vietqrNotificationsSchema = z.object({
  notifications: z.array(z.object({ reference: z.string().max(64), amount: z.number().int().min(0), paidAt: isoTime, bankRef: z.string().max(64) })).max(100),
});

/** What staff may be on a device (the contract's list). */
export const STAFF_ROLES = ['postal', 'collaborator', 'operator', 'technician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const staffSessionAnswerSchema = z.object({
  sessionId: z.string().max(64),
  staffId: z.string().min(1).max(64),
  displayName: z.string().min(1).max(200),
  roles: z.array(z.enum(STAFF_ROLES)).max(STAFF_ROLES.length),
  expiresAt: isoTime,
});

const pointCode = z.string().min(1).max(32);

export const slotSchema = z.object({
  slotId: z.string().min(1).max(64),
  start: isoTime,
  end: isoTime,
  capacity: z.number().int().min(0).max(10_000),
  booked: z.number().int().min(0).max(10_000),
  procedures: z.array(code).max(1000).optional(),
});

export const appointmentSlotsSchema = z.object({ point: pointCode, slots: z.array(slotSchema).max(5000) });

export const pointInfoSchema = z.object({ code: pointCode, name: z.string().max(300), address: z.string().max(500), phone: z.string().max(40) });

export const APPOINTMENT_STATUSES = ['booked', 'checked_in', 'no_show', 'cancelled', 'done'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const appointmentAnswerSchema = z.object({
  appointmentId: z.string().max(64),
  slotId: z.string().min(1).max(64),
  start: isoTime,
  bookingCode: z.string().min(1).max(32),
  status: z.literal('booked'),
});

export const dayAppointmentSchema = z.object({
  appointmentId: z.string().min(1).max(64),
  start: isoTime,
  procedureCode: code,
  citizen: z.object({ fullName: z.string().max(200), maskedId: z.string().max(32), phone: z.string().max(40) }),
  status: z.enum(APPOINTMENT_STATUSES),
});

export const dayAppointmentsSchema = z.object({ appointments: z.array(dayAppointmentSchema).max(5000) });

export const foundAppointmentSchema = dayAppointmentSchema.extend({ point: pointCode, slotId: z.string().min(1).max(64), bookingCode: z.string().min(1).max(32) });

const busId = z.string().min(1).max(32);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const clockTime = z.string().regex(/^\d{2}:\d{2}$/);

export const routeStopSchema = z.object({
  stopId: z.string().min(1).max(64),
  name: z.string().max(200),
  commune: z.string().max(100),
  address: z.string().max(300),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  visits: z.array(z.object({ date: day, from: clockTime, to: clockTime })).max(1000),
});

export const busRouteSchema = z.object({ busId, version: z.union([z.number().int().min(0), z.string().min(1).max(64)]), stops: z.array(routeStopSchema).max(200) });

export const routeVisitSchema = z.object({ busId, stopId: z.string().min(1).max(64), name: z.string().max(200), date: day, from: clockTime, to: clockTime });

export const routeVisitsSchema = z.object({ visits: z.array(routeVisitSchema).max(10_000) });

const whole = z.number().int().min(0);

export const routeDaySchema = z.object({
  stops: z.array(z.object({ stopId: z.string().min(1).max(64), arrivedAt: isoTime.nullable(), leftAt: isoTime.nullable() })).max(200),
  dossiers: whole,
  payments: z.object({ card: whole, vietqr: whole, cash: whole }),
  unsent: whole,
});

/** Short description of why a value failed a schema; never echoes the value. */
export function issuesOf(e: z.ZodError): string {
  return e.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ').slice(0, 300);
}
