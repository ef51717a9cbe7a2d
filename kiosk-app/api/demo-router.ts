import { z } from 'zod';
import { err } from '../../common/result';
import type { DemoControls } from '../core/demo/demo-controls';
import { DEMO_CITY_STATUSES, DEMO_TERMINAL_DIE_STEPS } from './demo-contract';
import { publicProcedure, router } from './trpc';

// Demo and training controls over the api (the trainer's panel and the end-to-end tests).
// Each acts only on a simulator; on a kiosk with real devices every call answers no-simulator.

const noDemo = err({ code: 'no-simulator' as const, device: 'all' });
const demoOf = (ctx: { core: { demo?: DemoControls } }) => ctx.core.demo ?? null;

export const demoRouter = router({
  available: publicProcedure.query(({ ctx }) => demoOf(ctx)?.available() ?? null),
  presentCard: publicProcedure
    .input(z.object({ what: z.enum(['sample-card', 'garbage', 'partial']) }))
    .mutation(async ({ ctx, input }) => (await demoOf(ctx)?.presentCard(input.what)) ?? noDemo),
  setPrinter: publicProcedure
    .input(z.object({ condition: z.enum(['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'error']) }))
    .mutation(({ ctx, input }) => demoOf(ctx)?.setPrinter(input.condition) ?? noDemo),
  receipts: publicProcedure.query(({ ctx }) => demoOf(ctx)?.receipts() ?? noDemo),
  setScanner: publicProcedure
    .input(z.object({ fault: z.enum(['jam', 'no-paper', 'cover-open']).nullable() }))
    .mutation(({ ctx, input }) => demoOf(ctx)?.setScanner(input.fault) ?? noDemo),
  setTerminal: publicProcedure
    .input(z.object({ outcome: z.enum(['approve', 'decline', 'not-completed', 'no-reply']), dieAt: z.enum(DEMO_TERMINAL_DIE_STEPS).optional() }))
    .mutation(({ ctx, input }) => demoOf(ctx)?.setTerminal({ outcome: input.outcome, ...(input.dieAt ? { dieAt: input.dieAt } : {}) }) ?? noDemo),
  terminalJournal: publicProcedure.query(({ ctx }) => demoOf(ctx)?.terminalJournal() ?? noDemo),
  payVietQr: publicProcedure
    .input(z.object({ reference: z.string().regex(/^[A-Za-z0-9-]{4,64}$/), amount: z.number().int().min(1).max(100_000_000) }))
    .mutation(async ({ ctx, input }) => (await demoOf(ctx)?.payVietQr(input.reference, input.amount)) ?? noDemo),
  setDossierStatus: publicProcedure
    .input(z.object({ dossierId: z.uuid(), status: z.enum(DEMO_CITY_STATUSES), note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => demoOf(ctx)?.setDossierStatus(input.dossierId, input.status, input.note) ?? noDemo),
  setCityReachable: publicProcedure
    .input(z.object({ reachable: z.boolean() }))
    .mutation(({ ctx, input }) => demoOf(ctx)?.setCityReachable(input.reachable) ?? noDemo),
});
