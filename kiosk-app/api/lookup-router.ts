import * as z from 'zod';
import { router, serviceProcedure } from './trpc';

// Dossier look-up and supplements over the api, as Result values with plain-sentence codes.

const procedure = serviceProcedure('lookup');
/** What a receipt carries: the city's code (H26.99-261123-0001) or the kiosk's (K-XXXXX-XXXXX). */
const code = z.string().trim().regex(/^[A-Za-z0-9.\- ]{4,40}$/);
const draftId = z.uuid();

export const lookupRouter = router({
  find: procedure.input(z.object({ code })).mutation(({ ctx, input }) => ctx.lookup.find(input.code)),
  startSupplement: procedure.input(z.object({ code })).mutation(({ ctx, input }) => ctx.lookup.startSupplement(input.code)),
  scanPage: procedure
    .input(z.object({ draftId }))
    .mutation(({ ctx, input }) => ctx.lookup.scanSupplementPage(input.draftId)),
  removePage: procedure
    .input(z.object({ draftId, index: z.number().int().min(0).max(200) }))
    .mutation(({ ctx, input }) => ctx.lookup.removeSupplementPage(input.draftId, input.index)),
  send: procedure.input(z.object({ draftId })).mutation(({ ctx, input }) => ctx.lookup.sendSupplement(input.draftId)),
  discard: procedure.input(z.object({ draftId })).mutation(({ ctx, input }) => {
    ctx.lookup.discardSupplement(input.draftId);
    return { ok: true as const };
  }),
});
