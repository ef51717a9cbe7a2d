import * as z from 'zod';
import { languageSchema, procedureCodeSchema } from './schemas';
import { router, serviceProcedure } from './trpc';

// Booking a slot at a community service point from any device ("Đặt lịch hẹn tại điểm phục vụ
// gần nhà"), its slip, and cancelling by the booking code. Booking needs the city: offline, the
// answer is city-unreachable with the point's phone number.

const procedure = serviceProcedure('appointments');
const pointCode = z.string().regex(/^[A-Z0-9-]{2,24}$/);

export const appointmentsRouter = router({
  points: procedure.query(({ ctx }) => ctx.appointments.points()),
  freeSlots: procedure.input(z.object({ point: pointCode })).query(({ ctx, input }) => ctx.appointments.freeSlots(input.point)),
  /** The id of the booking the citizen is about to confirm: asking again with it never books twice. */
  newBookingId: procedure.mutation(({ ctx }) => ({ appointmentId: ctx.appointments.newBookingId() })),
  book: procedure
    .input(
      z.object({
        appointmentId: z.uuid(),
        point: pointCode,
        slotId: z.string().regex(/^[A-Z0-9-]{2,24}-\d{8}-\d{4}$/),
        procedureCode: procedureCodeSchema,
        citizen: z.object({ idNumber: z.string().regex(/^\d{12}$/), fullName: z.string().trim().min(2).max(100), phone: z.string().regex(/^\+?\d{8,15}$/) }),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.appointments.book({
        appointmentId: input.appointmentId, pointCode: input.point, slotId: input.slotId, procedureCode: input.procedureCode,
        citizen: { ...input.citizen, fullName: input.citizen.fullName.normalize('NFC') }, channel: ctx.core.config.kiosk.mode,
      }),
    ),
  printSlip: procedure.input(z.object({ appointmentId: z.uuid(), lang: languageSchema })).mutation(async ({ ctx, input }) => {
    const b = ctx.appointments.recent(input.appointmentId);
    if (!b) return { ok: false as const, error: { code: 'unknown-booking' as const } };
    return ctx.appointments.printSlip(b, input.lang);
  }),
  cancel: procedure.input(z.object({ code: z.string().trim().min(4).max(80) })).mutation(({ ctx, input }) => ctx.appointments.cancel(input.code)),
});
