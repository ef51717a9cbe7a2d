import { z } from 'zod';
import { err } from '../../common/result';
import type { LookupService } from '../core/lookup/lookup-service';
import { publicProcedure, router } from './trpc';

// Dossier look-up and supplements over the api, as Result values with plain-sentence codes.

const unavailable = err({ code: 'unavailable' as const });
const lookupOf = (ctx: { core: { lookup?: LookupService } }) => ctx.core.lookup ?? null;
/** What a receipt carries: the city's code (H26.99-261123-0001) or the kiosk's (K-XXXXX-XXXXX). */
const code = z.string().trim().regex(/^[A-Za-z0-9.\- ]{4,40}$/);
const draftId = z.uuid();

export const lookupRouter = router({
  find: publicProcedure.input(z.object({ code })).mutation(async ({ ctx, input }) => (await lookupOf(ctx)?.find(input.code)) ?? unavailable),
  startSupplement: publicProcedure.input(z.object({ code })).mutation(({ ctx, input }) => lookupOf(ctx)?.startSupplement(input.code) ?? unavailable),
  scanPage: publicProcedure
    .input(z.object({ draftId, sample: z.string().regex(/^[a-z0-9-]{1,40}$/).optional() }))
    .mutation(async ({ ctx, input }) => (await lookupOf(ctx)?.scanSupplementPage(input.draftId, input.sample)) ?? unavailable),
  removePage: publicProcedure
    .input(z.object({ draftId, index: z.number().int().min(0).max(200) }))
    .mutation(({ ctx, input }) => lookupOf(ctx)?.removeSupplementPage(input.draftId, input.index) ?? unavailable),
  send: publicProcedure.input(z.object({ draftId })).mutation(async ({ ctx, input }) => (await lookupOf(ctx)?.sendSupplement(input.draftId)) ?? unavailable),
  discard: publicProcedure.input(z.object({ draftId })).mutation(({ ctx, input }) => {
    lookupOf(ctx)?.discardSupplement(input.draftId);
    return { ok: true as const };
  }),
});
