import { err, ok, type Result } from '../../common/result';
import type {
  A4Printer,
  A4PrinterError,
  A4PrinterStatus,
  A4PrintReport,
  PrinterError,
  PrinterStatus,
  PrintReport,
  ReceiptDocument,
  ReceiptPrinter,
} from './printer-types';

/**
 * In-memory printers for callers' unit tests (journeys, UI, core services): they record what
 * was printed and fail on command. Byte-level behaviour is tested against the simulator.
 */
export class FakeReceiptPrinter implements ReceiptPrinter {
  readonly description = 'fake receipt printer';
  readonly printed: ReceiptDocument[] = [];
  #status: PrinterStatus = { state: 'ready', confirmed: true };
  readonly #failures: PrinterError[] = [];

  setStatus(s: PrinterStatus): void {
    this.#status = s;
  }
  /** The next print calls fail with these errors, in order. */
  failNext(...errors: PrinterError[]): void {
    this.#failures.push(...errors);
  }
  async status(): Promise<PrinterStatus> {
    return this.#status;
  }
  async print(doc: ReceiptDocument): Promise<Result<PrintReport, PrinterError>> {
    const f = this.#failures.shift();
    if (f) return err(f);
    const s = this.#status;
    if (s.state !== 'ready' && s.state !== 'paper-near-end') {
      const code = s.state === 'paper-out' || s.state === 'cover-open' || s.state === 'offline' || s.state === 'disconnected' ? s.state : 'printer-error';
      return err({ code, detail: `fake printer is ${s.state}`, bytesSent: 0, status: s });
    }
    this.printed.push(doc);
    return ok({ bytes: 0, durationMs: 0, statusBefore: s, statusAfter: s });
  }
  test(): Promise<Result<PrintReport, PrinterError>> {
    return this.print({ kind: 'test-page', blocks: [{ kind: 'text', text: 'TEST' }] });
  }
  async close(): Promise<void> {}
}

export class FakeA4Printer implements A4Printer {
  readonly description = 'fake A4 printer';
  readonly printed: { title: string; bytes: number }[] = [];
  #status: A4PrinterStatus = { state: 'ready', queue: 'FAKE' };
  readonly #failures: A4PrinterError[] = [];

  setStatus(s: A4PrinterStatus): void {
    this.#status = s;
  }
  failNext(...errors: A4PrinterError[]): void {
    this.#failures.push(...errors);
  }
  async status(): Promise<A4PrinterStatus> {
    return this.#status;
  }
  async printPdf(pdf: Uint8Array, title: string): Promise<Result<A4PrintReport, A4PrinterError>> {
    const f = this.#failures.shift();
    if (f) return err(f);
    this.printed.push({ title, bytes: pdf.length });
    return ok({ jobId: `FAKE-${this.printed.length}`, queue: 'FAKE', durationMs: 0 });
  }
}
