import { z } from 'zod';
import { err } from '../../common/result';
import type { QueueService } from '../core/queue/queue-service';
import { languageSchema } from './schemas';
import { publicProcedure, router } from './trpc';

// Queue numbers over the api. Expected failures come back as Result values with a code the
// renderer turns into a plain sentence; the ID number goes in once and never comes back.

const unavailable = err({ code: 'unavailable' as const });
const queueOf = (ctx: { core: { queue?: QueueService } }) => ctx.core.queue ?? null;
const holderRef = z.uuid();

export const queueRouter = router({
  options: publicProcedure.query(({ ctx }) => {
    const q = queueOf(ctx);
    return q ? { ok: true as const, value: q.options() } : unavailable;
  }),
  readCard: publicProcedure
    .input(z.object({ timeoutMs: z.number().int().min(1000).max(120_000).default(45_000) }))
    .mutation(async ({ ctx, input }) => (await queueOf(ctx)?.readCard(input.timeoutMs)) ?? unavailable),
  cancelCardRead: publicProcedure.mutation(({ ctx }) => {
    queueOf(ctx)?.cancelCardRead();
    return { ok: true as const };
  }),
  identifyTyped: publicProcedure
    .input(z.object({ idNumber: z.string().regex(/^\d{12}$/), dateOfBirth: z.iso.date().optional() }))
    .mutation(({ ctx, input }) => queueOf(ctx)?.identifyTyped(input) ?? unavailable),
  take: publicProcedure
    .input(
      z.object({
        holderRef,
        branchCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
        field: z.string().regex(/^[a-z0-9-]{1,32}$/),
        claim: z.enum(['disabled', 'pregnant']).optional(),
        lang: languageSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => (await queueOf(ctx)?.take(input)) ?? unavailable),
  forget: publicProcedure.input(z.object({ holderRef })).mutation(({ ctx, input }) => {
    queueOf(ctx)?.forget(input.holderRef);
    return { ok: true as const };
  }),
});
