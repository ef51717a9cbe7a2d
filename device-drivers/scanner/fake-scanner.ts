import { err, ok, type Result } from '../../common/result';
import type { ScannedDocument, ScanOptions, Scanner, ScannerError, ScannerStatus } from './scanner-types';

/** In-memory scanner for app/UI tests: queue the next results, set the status, see what was asked. */
export class FakeScanner implements Scanner {
  readonly kind = 'fake';
  readonly requests: ScanOptions[] = [];
  #next: Array<Result<ScannedDocument, ScannerError>> = [];
  #status: ScannerStatus = { state: 'ready', device: 'fake' };

  setStatus(s: ScannerStatus): void {
    this.#status = s;
  }
  queueResult(r: Result<ScannedDocument, ScannerError>): void {
    this.#next.push(r);
  }
  async status(): Promise<ScannerStatus> {
    return this.#status;
  }
  async scan(options: ScanOptions): Promise<Result<ScannedDocument, ScannerError>> {
    this.requests.push(options);
    return this.#next.shift() ?? err({ code: 'no-paper', detail: 'fake scanner: nothing queued' });
  }
  async test(): Promise<Result<string[], ScannerError>> {
    return this.#status.state === 'ready' ? ok(['fake scanner ready']) : err({ code: 'disconnected', detail: this.#status.state });
  }
  async close(): Promise<void> {}
}
