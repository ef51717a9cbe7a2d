import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { cancelJob, completedJobOutcome, ensureCupsPdfQueue, listJobs, queueState, schedulerRunning, submitFile } from '../transports/cups';
import type { A4Printer, A4PrinterError, A4PrinterStatus, A4PrintReport } from './printer-types';

export const a4PrinterConfigSchema = z.strictObject({
  /** CUPS queue name. */
  queue: z.string().regex(/^[A-Za-z0-9_.-]{1,127}$/, 'a CUPS queue name (letters, digits, _ . -)'),
  /** A job not finished after this long is cancelled and reported as stuck. */
  stuckAfterMs: z.number().int().positive().max(30 * 60_000).default(120_000),
  pollMs: z.number().int().positive().max(10_000).default(250),
  /** Extra `lp -o` options, e.g. ["media=A4", "sides=one-sided"]. */
  lpOptions: z.array(z.string().regex(/^[A-Za-z0-9_.-]+(=[^\s]*)?$/)).default([]),
  /** Demo and training mode: a cups-pdf queue (created if missing) writing PDFs into outDir. */
  simulator: z.strictObject({ outDir: z.string().min(1) }).optional(),
});

export type A4PrinterConfig = z.input<typeof a4PrinterConfigSchema>;

export interface A4PrinterDeps {
  logger: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An A4 printer behind CUPS; each job is followed until CUPS says it is done. */
export class CupsA4Printer implements A4Printer {
  readonly description: string;
  #simulatorReady = false;

  constructor(
    private readonly config: z.output<typeof a4PrinterConfigSchema>,
    private readonly logger: Logger,
  ) {
    this.description = `CUPS queue ${config.queue}${config.simulator ? ' (cups-pdf simulator)' : ''}`;
  }

  async #ensureSimulator(): Promise<Result<void, A4PrinterError>> {
    if (!this.config.simulator || this.#simulatorReady) return ok(undefined);
    const q = await queueState(this.config.queue);
    if (q.ok) {
      this.#simulatorReady = true;
      return ok(undefined);
    }
    if (q.error.code === 'no-scheduler') return err({ code: 'no-scheduler', detail: q.error.detail });
    const r = await ensureCupsPdfQueue(this.config.queue, this.config.simulator.outDir);
    if (!r.ok) return err({ code: 'unknown-queue', detail: `could not create the demo queue: ${r.error.detail}` });
    this.#simulatorReady = true;
    return ok(undefined);
  }

  async status(): Promise<A4PrinterStatus> {
    const queue = this.config.queue;
    const running = await schedulerRunning();
    if (!running.ok) return { state: 'error', detail: running.error.detail };
    if (!running.value) return { state: 'no-scheduler', detail: 'the CUPS scheduler is not running' };
    const sim = await this.#ensureSimulator();
    if (!sim.ok) return { state: 'error', detail: sim.error.detail };
    const q = await queueState(queue);
    if (!q.ok) return q.error.code === 'unknown-queue' ? { state: 'unknown-queue', queue } : q.error.code === 'no-scheduler' ? { state: 'no-scheduler', detail: q.error.detail } : { state: 'error', detail: q.error.detail };
    if (q.value.state === 'disabled') return { state: 'disabled', queue, detail: q.value.reason };
    const jobs = await listJobs(queue, 'not-completed');
    const n = jobs.ok ? jobs.value.length : 0;
    return n > 0 || q.value.state === 'printing' ? { state: 'busy', queue, jobs: n } : { state: 'ready', queue };
  }

  async printPdf(pdf: Uint8Array, title: string): Promise<Result<A4PrintReport, A4PrinterError>> {
    const started = Date.now();
    const queue = this.config.queue;
    if (pdf.length < 5 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') return err({ code: 'bad-document', detail: 'not a PDF' });
    const sim = await this.#ensureSimulator();
    if (!sim.ok) return sim;
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-a4-'));
    try {
      const file = join(dir, 'document.pdf');
      writeFileSync(file, pdf);
      const sub = await submitFile(queue, file, title, this.config.lpOptions);
      if (!sub.ok) {
        const code = sub.error.code === 'no-scheduler' ? 'no-scheduler' : sub.error.code === 'unknown-queue' ? 'unknown-queue' : 'submit-failed';
        this.logger.error('a4.submit-failed', { queue, code });
        return err({ code, detail: sub.error.detail });
      }
      const jobId = sub.value;
      this.logger.info('a4.submitted', { queue, jobId });
      const deadline = started + this.config.stuckAfterMs;
      for (;;) {
        const pending = await listJobs(queue, 'not-completed');
        if (pending.ok && !pending.value.includes(jobId)) break;
        if (Date.now() > deadline) {
          // Stuck (printer off, unreachable, jammed): cancel so it does not print hours later.
          const c = await cancelJob(jobId);
          this.logger.error('a4.job-stuck', { queue, jobId, cancelled: c.ok });
          return err({ code: 'job-stuck', jobId, detail: `job ${jobId} did not finish within ${Math.round(this.config.stuckAfterMs / 1000)} s and was cancelled${c.ok ? '' : ` (cancel failed: ${c.error.detail})`}` });
        }
        await sleep(this.config.pollMs);
      }
      const outcome = await completedJobOutcome(queue, jobId);
      if (outcome.ok && (outcome.value === 'canceled' || outcome.value === 'aborted')) {
        this.logger.error('a4.job-aborted', { queue, jobId, outcome: outcome.value });
        return err({ code: 'job-aborted', jobId, detail: `job ${jobId} was ${outcome.value}` });
      }
      const durationMs = Date.now() - started;
      this.logger.info('a4.completed', { queue, jobId, ms: durationMs });
      return ok({ jobId, queue, durationMs });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * Demo fallback where CUPS cannot be used (no cupsd, not root): "prints" by writing the PDF
 * into a folder, like VotingWorks' file printer. Same interface, no job following.
 */
export class FileA4Printer implements A4Printer {
  readonly description: string;
  constructor(private readonly outDir: string) {
    this.description = `PDF folder ${outDir} (demo)`;
  }
  async status(): Promise<A4PrinterStatus> {
    try {
      mkdirSync(this.outDir, { recursive: true });
      return { state: 'ready', queue: 'file' };
    } catch (e) {
      return { state: 'error', detail: `cannot write to ${this.outDir}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` };
    }
  }
  async printPdf(pdf: Uint8Array, _title: string): Promise<Result<A4PrintReport, A4PrinterError>> {
    const started = Date.now();
    if (pdf.length < 5 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') return err({ code: 'bad-document', detail: 'not a PDF' });
    try {
      mkdirSync(this.outDir, { recursive: true });
      const n = readdirSync(this.outDir).filter((f) => f.endsWith('.pdf')).length + 1;
      const jobId = `file-${n}`;
      writeFileSync(join(this.outDir, `${jobId}.pdf`), pdf);
      return ok({ jobId, queue: 'file', durationMs: Date.now() - started });
    } catch (e) {
      return err({ code: 'submit-failed', detail: `cannot write to ${this.outDir}: ${(e as NodeJS.ErrnoException).code ?? 'error'}` });
    }
  }
}

export interface A4ConfigError {
  code: 'bad-config';
  detail: string;
}

/** Default demo queue and output folder for `{ kind: 'simulator' }`. */
export const A4_DEMO_QUEUE = 'KIOSK_A4_DEMO';

/**
 * Accepts the flat device-section form too: `{ kind: 'cups', queue, … }`,
 * `{ kind: 'simulator', queue?, outDir? }` (a cups-pdf queue; PDFs land in outDir) and
 * `{ kind: 'file', outDir }` (no CUPS at all: see FileA4Printer).
 */
export function normalizeA4PrinterConfig(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('kind' in input)) return input;
  const { kind, outDir, ...rest } = input as Record<string, unknown>;
  if (kind === 'cups') return rest;
  if (kind === 'simulator') return { queue: A4_DEMO_QUEUE, ...rest, simulator: { outDir: typeof outDir === 'string' ? outDir : join(tmpdir(), 'kiosk-a4-demo') } };
  return input; // unknown kind: let the schema name the problem
}

export function createA4Printer(config: unknown, deps: A4PrinterDeps): Result<A4Printer, A4ConfigError> {
  if (typeof config === 'object' && config !== null && (config as { kind?: unknown }).kind === 'file') {
    const { outDir, ...rest } = config as { kind: string; outDir?: unknown };
    if (typeof outDir !== 'string' || !outDir || Object.keys(rest).length !== 1) return err({ code: 'bad-config', detail: "kind 'file' takes exactly one more key, outDir (a folder)" });
    return ok(new FileA4Printer(outDir));
  }
  const r = a4PrinterConfigSchema.safeParse(normalizeA4PrinterConfig(config));
  if (!r.success) return err({ code: 'bad-config', detail: r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') });
  return ok(new CupsA4Printer(r.data, deps.logger.child('a4-printer')));
}
