import { err, ok, type Result } from '../../common/result';
import { parseCccdQr } from './cccd-qr';
import { IdentityHub } from './identity-hub';
import type { CccdIdentity, IdReader, IdReaderError, IdReaderStatus, IdentityListener, ReadErrorListener } from './id-reader-types';

/** In-memory reader for app/UI tests: present a card or a bad code, set the status. */
export class FakeIdReader implements IdReader {
  readonly kind = 'fake';
  readonly #hub = new IdentityHub();
  #status: IdReaderStatus = { state: 'ready' };

  setStatus(s: IdReaderStatus): void {
    this.#status = s;
  }
  /** Presents QR text (parsed like a real reader would) or a ready identity. */
  present(card: string | CccdIdentity): Result<CccdIdentity, IdReaderError> {
    if (typeof card !== 'string') {
      this.#hub.emitIdentity(card);
      return ok(card);
    }
    const r = parseCccdQr(card);
    if (!r.ok) {
      const e: IdReaderError = { code: 'unreadable-code', detail: r.error.code };
      this.#hub.emitError(e);
      return err(e);
    }
    this.#hub.emitIdentity(r.value);
    return r;
  }
  async status(): Promise<IdReaderStatus> {
    return this.#status;
  }
  isReading(): boolean {
    return this.#hub.listening;
  }

  onIdentity(l: IdentityListener): () => void {
    return this.#hub.onIdentity(l);
  }
  onReadError(l: ReadErrorListener): () => void {
    return this.#hub.onReadError(l);
  }
  async read(timeoutMs: number): Promise<Result<CccdIdentity, IdReaderError>> {
    if (this.#status.state === 'disconnected') return err({ code: 'disconnected', detail: this.#status.detail });
    return this.#hub.next(timeoutMs);
  }
  async test(): Promise<Result<string[], IdReaderError>> {
    return this.#status.state === 'ready' ? ok(['fake reader ready']) : err({ code: 'disconnected', detail: this.#status.state });
  }
  async close(): Promise<void> {}
}
