import * as z from 'zod';
import { languageSchema } from './schemas';
import { router, serviceProcedure } from './trpc';

// Queue numbers over the api. Expected failures come back as Result values with a code the
// renderer turns into a plain sentence; the ID number goes in once and never comes back.

const procedure = serviceProcedure('queue');
const holderRef = z.uuid();

export const queueRouter = router({
  options: procedure.query(({ ctx }) => ({ ok: true as const, value: ctx.queue.options() })),
  readCard: procedure
    .input(z.object({ timeoutMs: z.number().int().min(1000).max(120_000).default(45_000) }))
    .mutation(({ ctx, input }) => ctx.queue.readCard(input.timeoutMs)),
  cancelCardRead: procedure.mutation(({ ctx }) => {
    ctx.queue.cancelCardRead();
    return { ok: true as const };
  }),
  identifyTyped: procedure
    .input(z.object({ idNumber: z.string().regex(/^\d{12}$/), dateOfBirth: z.iso.date().optional() }))
    .mutation(({ ctx, input }) => ctx.queue.identifyTyped(input)),
  take: procedure
    .input(
      z.object({
        holderRef,
        branchCode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
        field: z.string().regex(/^[a-z0-9-]{1,32}$/),
        claim: z.enum(['disabled', 'pregnant']).optional(),
        lang: languageSchema,
      }),
    )
    .mutation(({ ctx, input }) => ctx.queue.take(input)),
  forget: procedure.input(z.object({ holderRef })).mutation(({ ctx, input }) => {
    ctx.queue.forget(input.holderRef);
    return { ok: true as const };
  }),
});
