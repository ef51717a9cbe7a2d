import { on } from 'node:events';
import { EventEmitter } from 'node:events';
import { TRPCError } from '@trpc/server';
import * as z from 'zod';
import { codeInputSchema, fieldInputSchema, languageSchema, searchInputSchema, speechInputSchema } from './schemas';
import { assistantRouter } from './assistant-router';
import { demoRouter } from './demo-router';
import { journeyRouter } from './journey-router';
import { lookupRouter } from './lookup-router';
import { queueRouter } from './queue-router';
import { maintenanceRouter } from './maintenance-router';
import { staffRouter } from './staff-router';
import { appointmentsRouter } from './appointments-router';
import { systemInfoOf } from './system-info';
import { bootProcedure, publicProcedure, router } from './trpc';
import type { ComponentStatus } from '../core/system/component-status';
import type { SyncState } from '../../offline-sync';
import { citizenSyncView } from '../core/city-link/citizen-sync-view';

export const appRouter = router({
  system: router({
    /** What the renderer needs to know of this kiosk (no secrets). */
    info: bootProcedure.query(({ ctx }) => systemInfoOf(ctx.config)),
    /** The window's attract screen is painted: the services may take the CPU now (core/boot/window-first.ts). */
    windowShown: bootProcedure.mutation(({ ctx }) => {
      ctx.windowShown();
      return { ok: true as const };
    }),
    status: publicProcedure.query(({ ctx }) => ctx.core.status.all()),
    /** A render error the window recovered from (error boundary): logged for the technician. */
    reportRenderError: publicProcedure
      .input(z.object({ message: z.string().max(300), where: z.string().max(200) }))
      .mutation(({ ctx, input }) => {
        ctx.core.logger.error('renderer-error', { message: input.message, where: input.where });
        return { ok: true as const };
      }),
    /** The outbox as a citizen and a technician need to see it: online?, waiting, oldest, last error. */
    onSync: publicProcedure.subscription(async function* ({ ctx, signal }) {
      const { worker, outbox } = ctx.core.city;
      const emitter = new EventEmitter();
      const off = worker.subscribe((s) => emitter.emit('s', s));
      try {
        yield citizenSyncView(worker.getState(), outbox);
        for await (const [s] of on(emitter, 's', { signal })) yield citizenSyncView(s as SyncState, outbox);
      } finally {
        off();
      }
    }),
    onStatus: publicProcedure.subscription(async function* ({ ctx, signal }) {
      yield ctx.core.status.all();
      const emitter = new EventEmitter();
      const off = ctx.core.status.subscribe((all) => emitter.emit('s', all));
      try {
        for await (const [all] of on(emitter, 's', { signal })) yield all as readonly ComponentStatus[];
      } finally {
        off();
      }
    }),
  }),
  catalog: router({
    fields: publicProcedure.query(({ ctx }) => ctx.core.catalog.fields()),
    byField: publicProcedure.input(fieldInputSchema).query(({ ctx, input }) => ctx.core.catalog.byField(input.field)),
    search: publicProcedure.input(searchInputSchema).query(({ ctx, input }) => ctx.core.catalog.search(input.query, input.limit)),
    get: publicProcedure.input(codeInputSchema).query(({ ctx, input }) => ctx.core.catalog.get(input.code) ?? null),
    /** Prints the procedure's guidance sheet on the A4 printer (a Result: no-printer, print-failed…). */
    printGuide: publicProcedure
      .input(codeInputSchema.extend({ lang: languageSchema }))
      .mutation(({ ctx, input }) => ctx.core.guide.print(input.code, input.lang)),
  }),
  journey: journeyRouter,
  queue: queueRouter,
  lookup: lookupRouter,
  demo: demoRouter,
  assistant: assistantRouter,
  maintenance: maintenanceRouter,
  staff: staffRouter,
  appointments: appointmentsRouter,
  speech: router({
    /** Read-aloud audio for the screen's main text, as a WAV data URL. */
    say: publicProcedure.input(speechInputSchema).mutation(async ({ ctx, input }) => {
      const r = await ctx.core.speech.synthesize(input.text, input.lang);
      if (!r.ok) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: r.error.code });
      return { dataUrl: `data:audio/wav;base64,${r.value.toString('base64')}` };
    }),
  }),
});

export type AppRouter = typeof appRouter;
