import * as z from 'zod';
import { DEVICE_KINDS, TOKEN_HEX_LENGTH } from './maintenance-contract';
import { router, serviceProcedure } from './trpc';

// Technician maintenance mode over the api. Only unlock and lockState work without the
// session token; every other call needs the token unlock returned. Answers are Result values.

const pin = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');
const token = z.string().regex(new RegExp(`^[0-9a-f]{${TOKEN_HEX_LENGTH}}$`), 'session token');
const withToken = z.object({ token });

const procedure = serviceProcedure('maintenance');

export const maintenanceRouter = router({
  // The lockout is kept per caller (ctx.source), so another caller's wrong PINs do not lock this one out.
  lockState: procedure.query(({ ctx }) => ctx.maintenance.lockState(ctx.source)),
  unlock: procedure.input(z.object({ pin })).mutation(({ ctx, input }) => ctx.maintenance.unlock(ctx.source, input.pin)),
  lock: procedure.input(withToken).mutation(({ ctx, input }) => {
    ctx.maintenance.lock(input.token);
    return { ok: true as const };
  }),
  // Mutations (POST) although they read: the session token must never sit in a URL.
  overview: procedure.input(withToken).mutation(({ ctx, input }) => ctx.maintenance.overview(input.token)),
  outbox: procedure.input(withToken).mutation(({ ctx, input }) => ctx.maintenance.outboxList(input.token)),
  retry: procedure.input(z.object({ token, id: z.uuid() })).mutation(({ ctx, input }) => ctx.maintenance.retry(input.token, input.id)),
  printPaidNotSubmitted: procedure
    .input(z.object({ token, paymentId: z.uuid() }))
    .mutation(({ ctx, input }) => ctx.maintenance.printPaidNotSubmitted(input.token, input.paymentId)),
  settlePaidNotSubmitted: procedure
    .input(z.object({ token, paymentId: z.uuid(), how: z.enum(['refunded', 'completed-at-counter']) }))
    .mutation(({ ctx, input }) => ctx.maintenance.settlePaidNotSubmitted(input.token, input.paymentId, input.how)),
  deviceTest: procedure
    .input(z.object({ token, device: z.enum(DEVICE_KINDS) }))
    .mutation(({ ctx, input }) => ctx.maintenance.deviceTest(input.token, input.device)),
});
