import * as z from 'zod';
import { languageSchema, procedureCodeSchema } from './schemas';
import { publicProcedure, router, serviceProcedure } from './trpc';

// The staff desk of a community point (and a bus) over the api: the shift (sign-in with the
// city, lock, sign-out), the evening's list (check-in, no-show, walk-ins), a booking for a
// citizen who phoned, and the end-of-shift report. Each action is checked against the shift's
// role here, before the core does anything; refusals come back as Result values.

const staffProcedure = serviceProcedure('staff');
/** The desk's procedures read the shift, the point's appointments and its reports, nothing else of the core. */
const deskProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: { staff: ctx.core.staff, appointments: ctx.core.appointments, shiftReports: ctx.core.shiftReports } }));

const appointmentId = z.uuid();
const citizen = z.object({
  idNumber: z.string().regex(/^\d{12}$/),
  fullName: z.string().trim().min(2).max(100),
  phone: z.string().regex(/^\+?\d{8,15}$/),
});

export const staffRouter = router({
  /** The shift as the desk shows it (null: nobody signed in). */
  current: staffProcedure.query(({ ctx }) => ctx.staff.current()),
  /** `staffId`: typed, or a staff card's QR as a keyboard-wedge scanner types it. */
  signIn: staffProcedure
    .input(z.object({ staffId: z.string().trim().min(1).max(64), pin: z.string().max(12) }))
    .mutation(({ ctx, input }) => ctx.staff.signIn(input.staffId, input.pin)),
  signOut: staffProcedure.mutation(({ ctx }) => {
    ctx.staff.signOut();
    return { ok: true as const };
  }),
  /** "Khoá màn hình", or the desk saw nobody for the lock time (`idle`). */
  lock: staffProcedure.input(z.object({ reason: z.enum(['staff', 'idle']).default('staff') }).default({ reason: 'staff' })).mutation(({ ctx, input }) => {
    ctx.staff.lock(input.reason);
    return { ok: true as const };
  }),
  /** A key, click or touch at the desk (the screen sends these at most every few seconds). */
  activity: staffProcedure.mutation(({ ctx }) => {
    ctx.staff.activity();
    return { ok: true as const };
  }),

  dayList: deskProcedure.input(z.object({ date: z.iso.date().optional() })).query(async ({ ctx, input }) => {
    // The list refreshes itself every minute: that is not the clerk at the desk, so it does not keep the shift open.
    const shift = ctx.staff.require('check-in', { passive: true });
    if (!shift.ok) return shift;
    return { ok: true as const, value: await ctx.appointments.dayList(input.date) };
  }),
  /** By the slip (its QR as the scanner types it, or the code read out). */
  checkInByCode: deskProcedure.input(z.object({ code: z.string().trim().min(4).max(80) })).mutation(async ({ ctx, input }) => {
    const shift = ctx.staff.require('check-in');
    if (!shift.ok) return shift;
    const r = await ctx.appointments.checkIn({ code: input.code });
    if (r.ok) ctx.staff.audit('appointment-check-in', r.value.appointmentId, { by: 'slip' });
    return r;
  }),
  checkInByCard: deskProcedure.input(z.object({ timeoutMs: z.number().int().min(1000).max(120_000).default(30_000) })).mutation(async ({ ctx, input }) => {
    const shift = ctx.staff.require('check-in');
    if (!shift.ok) return shift;
    const r = await ctx.appointments.checkInByCard(input.timeoutMs);
    if (r.ok) ctx.staff.audit('appointment-check-in', r.value.appointmentId, { by: 'card' });
    return r;
  }),
  setStatus: deskProcedure.input(z.object({ appointmentId, status: z.enum(['checked_in', 'no_show', 'done']) })).mutation(async ({ ctx, input }) => {
    const shift = ctx.staff.require('check-in');
    if (!shift.ok) return shift;
    const r = await ctx.appointments.setStatus(input.appointmentId, input.status);
    if (r.ok) ctx.staff.audit(`appointment-${input.status.replace('_', '-')}`, input.appointmentId);
    return r;
  }),
  addWalkIn: deskProcedure
    .input(z.object({ fullName: z.string().trim().min(2).max(100), procedureCode: procedureCodeSchema, phone: z.string().regex(/^\+?\d{8,15}$/).optional() }))
    .mutation(({ ctx, input }) => {
      const shift = ctx.staff.require('check-in');
      if (!shift.ok) return shift;
      const r = ctx.appointments.addWalkIn(input);
      if (r.ok) ctx.staff.audit('walk-in-added', r.value.appointmentId, { procedureCode: input.procedureCode });
      return r;
    }),
  /** A citizen who phoned: the clerk books for them (channel phone). */
  bookForCitizen: deskProcedure
    .input(z.object({ appointmentId, point: z.string().regex(/^[A-Z0-9-]{2,24}$/), slotId: z.string().max(60), procedureCode: procedureCodeSchema, citizen, lang: languageSchema }))
    .mutation(async ({ ctx, input }) => {
      const shift = ctx.staff.require('book');
      if (!shift.ok) return shift;
      const r = await ctx.appointments.book({ appointmentId: input.appointmentId, pointCode: input.point, slotId: input.slotId, procedureCode: input.procedureCode, citizen: input.citizen, channel: 'phone' });
      if (r.ok) ctx.staff.audit('appointment-booked-for-citizen', r.value.appointmentId, { point: input.point, procedureCode: input.procedureCode });
      return r;
    }),

  shiftReport: deskProcedure.query(({ ctx }) => ctx.shiftReports.report({ passive: true })),
  printShiftReport: deskProcedure.mutation(({ ctx }) => ctx.shiftReports.printAndSend()),
});
