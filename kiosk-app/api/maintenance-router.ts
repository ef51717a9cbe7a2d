import { z } from 'zod';
import { err } from '../../common/result';
import type { MaintenanceService } from '../core/maintenance/maintenance-service';
import { DEVICE_KINDS, TOKEN_HEX_LENGTH } from './maintenance-contract';
import { publicProcedure, router } from './trpc';

// Technician maintenance mode over the api. Only unlock and lockState work without the
// session token; every other call needs the token unlock returned. Answers are Result values.

const pin = z.string().regex(/^\d{4,12}$/, '4 to 12 digits');
const token = z.string().regex(new RegExp(`^[0-9a-f]{${TOKEN_HEX_LENGTH}}$`), 'session token');
const withToken = z.object({ token });

const unavailable = err({ code: 'unavailable' as const });
const serviceOf = (ctx: { core: { maintenance?: MaintenanceService } }) => ctx.core.maintenance ?? null;

export const maintenanceRouter = router({
  // The lockout is kept per caller (ctx.source), so another caller's wrong PINs do not lock this one out.
  lockState: publicProcedure.query(({ ctx }) => serviceOf(ctx)?.lockState(ctx.source) ?? { configured: false, retryAt: null }),
  unlock: publicProcedure.input(z.object({ pin })).mutation(async ({ ctx, input }) => (await serviceOf(ctx)?.unlock(ctx.source, input.pin)) ?? unavailable),
  lock: publicProcedure.input(withToken).mutation(({ ctx, input }) => {
    serviceOf(ctx)?.lock(input.token);
    return { ok: true as const };
  }),
  // Mutations (POST) although they read: the session token must never sit in a URL.
  overview: publicProcedure.input(withToken).mutation(async ({ ctx, input }) => (await serviceOf(ctx)?.overview(input.token)) ?? unavailable),
  outbox: publicProcedure.input(withToken).mutation(({ ctx, input }) => serviceOf(ctx)?.outboxList(input.token) ?? unavailable),
  retry: publicProcedure.input(z.object({ token, id: z.uuid() })).mutation(({ ctx, input }) => serviceOf(ctx)?.retry(input.token, input.id) ?? unavailable),
  printPaidNotSubmitted: publicProcedure
    .input(z.object({ token, paymentId: z.uuid() }))
    .mutation(async ({ ctx, input }) => (await serviceOf(ctx)?.printPaidNotSubmitted(input.token, input.paymentId)) ?? unavailable),
  settlePaidNotSubmitted: publicProcedure
    .input(z.object({ token, paymentId: z.uuid(), how: z.enum(['refunded', 'completed-at-counter']) }))
    .mutation(({ ctx, input }) => serviceOf(ctx)?.settlePaidNotSubmitted(input.token, input.paymentId, input.how) ?? unavailable),
  deviceTest: publicProcedure
    .input(z.object({ token, device: z.enum(DEVICE_KINDS) }))
    .mutation(async ({ ctx, input }) => (await serviceOf(ctx)?.deviceTest(input.token, input.device)) ?? unavailable),
});
