import * as z from 'zod';
import { err } from '../../common/result';
import { DEMO_CITY_STATUSES, DEMO_TERMINAL_DIE_STEPS } from './demo-contract';
import { router, serviceProcedure } from './trpc';

// Demo and training controls over the api (the trainer's panel and the end-to-end tests).
// Each acts only on a simulator; on a kiosk with real devices every call answers no-simulator.

const noDemo = err({ code: 'no-simulator' as const, device: 'all' });
// A kiosk with real devices has no demo controls (ctx.demo is null).
const procedure = serviceProcedure('demo');

export const demoRouter = router({
  available: procedure.query(({ ctx }) => ctx.demo?.available() ?? null),
  presentCard: procedure
    .input(z.object({ what: z.enum(['sample-card', 'garbage', 'partial']) }))
    .mutation(async ({ ctx, input }) => (await ctx.demo?.presentCard(input.what)) ?? noDemo),
  setPrinter: procedure
    .input(z.object({ condition: z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error']) }))
    .mutation(({ ctx, input }) => ctx.demo?.setPrinter(input.condition) ?? noDemo),
  receipts: procedure.query(({ ctx }) => ctx.demo?.receipts() ?? noDemo),
  layOnGlass: procedure
    .input(z.object({ sample: z.string().regex(/^[a-z0-9-]{1,40}$/) }))
    .mutation(({ ctx, input }) => ctx.demo?.layOnGlass(input.sample) ?? noDemo),
  setScanner: procedure
    .input(z.object({ fault: z.enum(['jam', 'no-paper', 'cover-open']).nullable() }))
    .mutation(({ ctx, input }) => ctx.demo?.setScanner(input.fault) ?? noDemo),
  setTerminal: procedure
    .input(z.object({ outcome: z.enum(['approve', 'decline', 'not-completed', 'no-reply']), dieAt: z.enum(DEMO_TERMINAL_DIE_STEPS).optional() }))
    .mutation(({ ctx, input }) => ctx.demo?.setTerminal({ outcome: input.outcome, ...(input.dieAt ? { dieAt: input.dieAt } : {}) }) ?? noDemo),
  terminalJournal: procedure.query(({ ctx }) => ctx.demo?.terminalJournal() ?? noDemo),
  payVietQr: procedure
    .input(z.object({ reference: z.string().regex(/^[A-Za-z0-9-]{4,64}$/), amount: z.number().int().min(1).max(100_000_000) }))
    .mutation(async ({ ctx, input }) => (await ctx.demo?.payVietQr(input.reference, input.amount)) ?? noDemo),
  setDossierStatus: procedure
    .input(z.object({ dossierId: z.uuid(), status: z.enum(DEMO_CITY_STATUSES), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => ctx.demo?.setDossierStatus(input.dossierId, input.status, input.note) ?? noDemo),
  setCityReachable: procedure
    .input(z.object({ reachable: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.demo?.setCityReachable(input.reachable) ?? noDemo),
});
