import { join } from 'node:path';
import * as z from 'zod';
import type { Clock } from '../../common/clock';
import { ok } from '../../common/result';
import { healthOf, parseSection, type DeviceModule, type RunningDevice } from '../device-module';
import { a4PrinterConfigSchema, CupsA4Printer, FileA4Printer, normalizeA4PrinterConfig } from './a4-printer';
import type { A4Printer } from './printer-types';

/**
 * The A4 printer's section: a CUPS queue (`kind: "cups"`), the demo's cups-pdf queue
 * (`"simulator"`), or a folder the PDFs are written to (`"file"`, for tests and training rooms
 * without CUPS).
 */
export type A4PrinterSection =
  | { readonly kind: 'file'; readonly outDir: string }
  | { readonly kind: 'cups' | 'simulator'; readonly cups: z.output<typeof a4PrinterConfigSchema> };

const fileSchema = z.strictObject({ kind: z.literal('file'), outDir: z.string().min(1) });

const queueHealth = (printer: A4Printer) => async () => {
  const s = await printer.status();
  return healthOf(s.state === 'ready' || s.state === 'busy', s.state);
};

/** An A4 printer (or a fake, in tests) as the registry runs it; `health` defaults to the queue's state. */
export function runningA4Printer(printer: A4Printer, clock: Clock, health: RunningDevice<A4Printer, null>['health'] = queueHealth(printer)): RunningDevice<A4Printer, null> {
  return {
    driver: printer,
    simulator: null,
    description: printer.description,
    health,
    async test() {
      const st = await printer.status();
      const lines = [`Status: ${st.state}${'detail' in st ? ` (${st.detail})` : ''}`];
      if (st.state !== 'ready' && st.state !== 'busy') return { device: printer.description, ok: false, status: st.state, lines: [...lines, 'Test page not printed.'] };
      const { a4TestPagePdf } = await import('./a4-documents');
      const r = await printer.printPdf(await a4TestPagePdf(printer.description, clock.now()), 'Kiosk A4 test page');
      if (!r.ok) return { device: printer.description, ok: false, status: r.error.code, lines: [...lines, `Test page failed (${r.error.code}): ${r.error.detail}`] };
      return { device: printer.description, ok: true, status: 'ready', lines: [...lines, `Test page ${r.value.jobId} done in ${r.value.durationMs} ms.`] };
    },
    close: async () => undefined,
  };
}

export const a4PrinterModule: DeviceModule<'a4', 'a4Printer', A4PrinterSection, A4Printer, null> = {
  name: 'a4',
  section: 'a4Printer',
  withoutIt: 'no A4 printer',

  parseConfig(section) {
    if ((section as { kind?: unknown } | null)?.kind === 'file') return parseSection(fileSchema, section);
    const r = parseSection(a4PrinterConfigSchema, normalizeA4PrinterConfig(section));
    return r.ok ? ok({ kind: r.value.simulator ? 'simulator' : 'cups', cups: r.value }) : r;
  },
  isSimulator: (c) => c.kind === 'simulator',

  async start(config, ctx) {
    if (config.kind === 'file') {
      const printer = new FileA4Printer(config.outDir);
      return ok(runningA4Printer(printer, ctx.clock));
    }
    const printer = new CupsA4Printer(config.cups, ctx.logger.child('a4-printer'));
    // The demo's cups-pdf queue needs a running CUPS scheduler; without one the demo prints
    // into a folder instead, so a newcomer's `npm start` still works end to end.
    if (config.kind === 'simulator' && ctx.demo && (await printer.status()).state === 'no-scheduler') {
      const outDir = join(ctx.dataDir, 'a4-prints');
      const folder = new FileA4Printer(outDir);
      return ok({ ...runningA4Printer(folder, ctx.clock, async () => ({ state: 'degraded', detail: 'CUPS is not running', usable: true })), description: `folder printer, A4 prints go to ${outDir}` });
    }
    return ok(runningA4Printer(printer, ctx.clock));
  },

  async diag(action, config, flags, ctx) {
    const { runPrinterDiag } = await import('./printer-diag');
    const target = flags.queue ? { queue: flags.queue } : config?.kind === 'file' ? { config: { kind: 'file', outDir: config.outDir } } : { config: config ? { kind: 'cups', ...config.cups } : null };
    return runPrinterDiag(action, target, 'a4', ctx);
  },
};
