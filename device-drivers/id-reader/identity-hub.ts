import { err, ok, type Result } from '../../common/result';
import type { CccdIdentity, IdReaderError, IdentityListener, ReadErrorListener } from './id-reader-types';

/** Listener bookkeeping and read(timeout) shared by the readers. */
export class IdentityHub {
  readonly #ids = new Set<IdentityListener>();
  readonly #errs = new Set<ReadErrorListener>();

  onIdentity(l: IdentityListener): () => void {
    this.#ids.add(l);
    return () => this.#ids.delete(l);
  }
  onReadError(l: ReadErrorListener): () => void {
    this.#errs.add(l);
    return () => this.#errs.delete(l);
  }
  get listening(): boolean {
    return this.#ids.size > 0;
  }
  emitIdentity(id: CccdIdentity): void {
    for (const l of [...this.#ids]) l(id);
  }
  emitError(e: IdReaderError): void {
    for (const l of [...this.#errs]) l(e);
  }
  next(timeoutMs: number): Promise<Result<CccdIdentity, IdReaderError>> {
    return new Promise((resolve) => {
      const off = this.onIdentity((id) => {
        clearTimeout(timer);
        off();
        resolve(ok(id));
      });
      const timer = setTimeout(() => {
        off();
        resolve(err({ code: 'timeout', detail: `no card within ${timeoutMs} ms` }));
      }, timeoutMs);
    });
  }
}
