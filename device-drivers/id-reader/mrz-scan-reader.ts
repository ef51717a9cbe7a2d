import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import type { OcrPool } from '../scanner/ocr-engine';
import { IdentityHub } from './identity-hub';
import type { CccdIdentity, IdReader, IdReaderError, IdReaderStatus, IdentityListener, ReadErrorListener } from './id-reader-types';
import { readMrzFromImage } from './mrz-ocr';

/** Scans the card's back and returns the image file; supplied by the app (it owns the scanner). */
export type ScanCard = () => Promise<Result<string, { code: string; detail: string }>>;

/**
 * Identity from the MRZ on the back of the card: the citizen lays the card on the scanner
 * glass, the app scans it, and the MRZ is read by OCR. read() does one scan; an MRZ that
 * fails its check digits after the OCR's own re-reads becomes `rescan-needed`.
 */
export class MrzScanReader implements IdReader {
  readonly kind = 'mrz-scan';
  readonly #hub = new IdentityHub();
  readonly #o: { scanCard: ScanCard; ocr: OcrPool; logger: Logger };
  #busy = false;

  constructor(o: { scanCard: ScanCard; ocr: OcrPool; logger: Logger }) {
    this.#o = o;
  }

  async status(): Promise<IdReaderStatus> {
    const e = await this.#o.ocr.get('eng');
    return e.ok ? { state: this.#busy ? 'reading' : 'ready' } : { state: 'error', detail: `${e.error.code}: ${e.error.detail}` };
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
    if (this.#busy) return err({ code: 'busy', detail: 'a card scan is already running' });
    this.#busy = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const work = this.#readOnce();
      const timeout = new Promise<Result<CccdIdentity, IdReaderError>>((r) => (timer = setTimeout(() => r(err({ code: 'timeout', detail: `no MRZ within ${timeoutMs} ms` })), timeoutMs)));
      const r = await Promise.race([work, timeout]);
      if (r.ok) this.#hub.emitIdentity(r.value);
      else this.#hub.emitError(r.error);
      return r;
    } finally {
      clearTimeout(timer);
      this.#busy = false;
    }
  }

  async #readOnce(): Promise<Result<CccdIdentity, IdReaderError>> {
    const engine = await this.#o.ocr.get('eng');
    if (!engine.ok) return err({ code: 'disconnected', detail: `OCR unavailable: ${engine.error.detail}` });
    const scan = await this.#o.scanCard();
    if (!scan.ok) return err({ code: scan.error.code === 'disconnected' ? 'disconnected' : 'rescan-needed', detail: `scan: ${scan.error.code}` });
    const r = await readMrzFromImage(engine.value, scan.value);
    this.#o.logger.info('idreader.mrz', { ok: r.ok, attempts: r.ok ? r.value.attempts : r.error.attempts, code: r.ok ? 'ok' : r.error.code });
    if (!r.ok) return err({ code: 'rescan-needed', detail: r.error.code + (r.error.lastParseError ? `: ${r.error.lastParseError.code}` : '') });
    return ok(r.value.identity);
  }

  async test(): Promise<Result<string[], IdReaderError>> {
    const st = await this.status();
    const lines = [`MRZ by scan + OCR (eng): ${st.state}${'detail' in st ? ` (${st.detail})` : ''}`];
    return st.state === 'error' ? err({ code: 'disconnected', detail: lines.join('; ') }) : ok(lines);
  }

  async close(): Promise<void> {
    // The OCR pool and the scanner belong to the caller.
  }
}
