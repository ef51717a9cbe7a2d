import { systemClock, type Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import type { ByteChannel } from './byte-channel';
import { buildEscPosJob, type JobOptions } from './escpos-job';
import { deriveStatus, dleEot, parseStatusReply, type StatusReplies, type StatusRequest } from './escpos-status';
import { testPage } from './receipt-documents';
import { canPrint, type PrinterError, type PrinterErrorCode, type PrinterStatus, type PrintReport, type ReceiptDocument, type ReceiptPrinter } from './printer-types';

export interface EscPosPrinterOptions extends JobOptions {
  model: string;
  /** How long to wait for one DLE EOT reply. */
  statusTimeoutMs?: number;
  /** How long one write may take before the printer is taken as stalled. */
  writeTimeoutMs?: number;
  /** Ask DLE EOT 1 after every this many job bytes, to stop a job the printer is no longer printing. */
  probeEveryBytes?: number;
  clock?: Clock;
  logger: Logger;
}

/** Real ESC/POS driver over any ByteChannel (serial, USB device file, raw TCP). */
export class EscPosReceiptPrinter implements ReceiptPrinter {
  readonly description: string;
  #lock: Promise<unknown> = Promise.resolve();
  #lastState: string | null = null;
  #printing = false;

  constructor(
    private readonly channel: ByteChannel,
    private readonly opts: EscPosPrinterOptions,
  ) {
    this.description = `${opts.model} (${opts.paperWidth} mm, ${opts.textMode}) on ${channel.description}`;
  }

  /** Serialises channel use: a status request in the middle of a job's bytes would corrupt it. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => {});
    return run;
  }

  status(): Promise<PrinterStatus> {
    return this.#exclusive(() => this.#readStatus());
  }

  async #query(n: StatusRequest): Promise<Result<StatusReplies[keyof StatusReplies], PrinterStatus>> {
    const r = await this.channel.request(dleEot(n), 1, this.opts.statusTimeoutMs ?? 500);
    if (!r.ok) {
      if (r.error.code === 'no-reply') return err({ state: 'disconnected', detail: 'printer does not answer status requests (off, or wrong port/baud rate)' });
      return err({ state: 'disconnected', detail: r.error.detail });
    }
    const p = parseStatusReply(n, r.value);
    if (!p.ok) return err({ state: 'error', detail: `unreadable status reply: ${p.error.detail}` });
    return ok(p.value);
  }

  async #readStatus(): Promise<PrinterStatus> {
    const s = await this.#readStatusRaw();
    if (s.state !== this.#lastState) {
      // Only changes are logged, so a polling loop does not flood the log.
      this.opts.logger.info('printer.status', { state: s.state, model: this.opts.model });
      this.#lastState = s.state;
    }
    return s;
  }

  async #readStatusRaw(): Promise<PrinterStatus> {
    const o = await this.channel.open();
    if (!o.ok) return { state: 'disconnected', detail: o.error.detail };
    if (!this.channel.canRead) return { state: 'ready', confirmed: false };
    const printer = await this.#query(1);
    if (!printer.ok) return printer.error;
    const replies: StatusReplies = { printer: printer.value as StatusReplies['printer'] };
    if (replies.printer.offline) {
      const cause = await this.#query(2);
      if (!cause.ok) return cause.error;
      replies.offlineCause = cause.value as StatusReplies['offlineCause'];
      if (replies.offlineCause?.error) {
        const e = await this.#query(3);
        if (e.ok) replies.errorCause = e.value as StatusReplies['errorCause'];
      }
    }
    const paper = await this.#query(4);
    if (paper.ok) replies.paper = paper.value as StatusReplies['paper'];
    return deriveStatus(replies);
  }

  print(doc: ReceiptDocument): Promise<Result<PrintReport, PrinterError>> {
    if (this.#printing) return Promise.resolve(err({ code: 'busy', detail: 'a job is already printing', bytesSent: 0 }));
    this.#printing = true;
    return this.#exclusive(() => this.#print(doc)).finally(() => (this.#printing = false));
  }

  test(): Promise<Result<PrintReport, PrinterError>> {
    const clock = this.opts.clock ?? systemClock;
    return this.print(testPage({ model: this.opts.model, paperWidth: this.opts.paperWidth, textMode: this.opts.textMode, transport: this.channel.description, printedAt: clock.now() }));
  }

  async #print(doc: ReceiptDocument): Promise<Result<PrintReport, PrinterError>> {
    const started = Date.now();
    const log = this.opts.logger;
    const job = buildEscPosJob(doc, this.opts);
    if (!job.ok) return err({ code: 'bad-document', detail: job.error.detail, bytesSent: 0 });
    const before = await this.#readStatus();
    if (!canPrint(before)) {
      log.warn('printer.job-refused', { kind: doc.kind, state: before.state });
      return err({ code: codeFor(before), detail: `printer is ${before.state}`, bytesSent: 0, status: before });
    }
    const probeEvery = this.opts.probeEveryBytes ?? 4096;
    const writeTimeout = this.opts.writeTimeoutMs ?? 10_000;
    let sent = 0;
    let sinceProbe = 0;
    const fail = async (code: PrinterErrorCode, detail: string): Promise<Result<PrintReport, PrinterError>> => {
      const status = await this.#readStatus();
      log.error('printer.job-failed', { kind: doc.kind, code, bytesSent: sent, state: status.state });
      return err({ code, detail, bytesSent: sent, status });
    };
    for (const seg of job.value) {
      const w = await this.channel.write(seg, writeTimeout);
      if (!w.ok) return fail(w.error.code === 'write-timeout' ? 'write-timeout' : 'disconnected', w.error.detail);
      sent += seg.length;
      sinceProbe += seg.length;
      if (sinceProbe >= probeEvery && this.channel.canRead) {
        sinceProbe = 0;
        const p = await this.#query(1);
        if (!p.ok) return fail(p.error.state === 'disconnected' ? 'disconnected' : 'printer-error', 'detail' in p.error ? p.error.detail : p.error.state);
        if ((p.value as StatusReplies['printer']).offline) return fail('offline-during-job', `printer went offline after ${sent} bytes; the receipt is incomplete`);
      }
    }
    const after = await this.#readStatus();
    if (!canPrint(after)) {
      log.error('printer.job-failed', { kind: doc.kind, code: 'offline-during-job', bytesSent: sent, state: after.state });
      return err({ code: 'offline-during-job', detail: `printer is ${after.state} after the job; the receipt may be incomplete`, bytesSent: sent, status: after });
    }
    const durationMs = Date.now() - started;
    log.info('printer.job-done', { kind: doc.kind, bytes: sent, ms: durationMs });
    return ok({ bytes: sent, durationMs, statusBefore: before, statusAfter: after });
  }

  close(): Promise<void> {
    return this.#exclusive(() => this.channel.close());
  }
}

function codeFor(s: PrinterStatus): PrinterErrorCode {
  switch (s.state) {
    case 'paper-out':
      return 'paper-out';
    case 'cover-open':
      return 'cover-open';
    case 'offline':
      return 'offline';
    case 'disconnected':
      return 'disconnected';
    case 'error':
    case 'ready':
    case 'paper-near-end':
      return 'printer-error';
  }
}
