import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import type { HidApi, HidDeviceHandle, HidDeviceInfo } from '../transports/hid';
import { parseCccdQr } from './cccd-qr';
import { HidPosDecoder, KeyboardWedgeDecoder, type HidReportError } from './hid-reports';
import { IdentityHub } from './identity-hub';
import type { CccdIdentity, IdReader, IdReaderError, IdReaderStatus, IdentityListener, ReadErrorListener } from './id-reader-types';

export interface HidBarcodeReaderOptions {
  vendorId: number;
  productId: number;
  mode: 'keyboard-wedge' | 'hid-pos';
  hid: HidApi;
  logger: Logger;
  /** Wait before looking for the device again after it vanished or failed to open. */
  reconnectMs?: number;
}

/**
 * A 2D barcode reader on USB HID. Looking up, opening and reading all go through the HidApi
 * seam; every failure there (no device, libusb missing, permission) is a `disconnected`
 * status, never an exception. On Linux a keyboard-wedge reader also types into the focused
 * window unless the session ignores that device, so HID-POS mode is preferred.
 */
export class HidBarcodeReader implements IdReader {
  readonly kind: string;
  readonly #o: HidBarcodeReaderOptions;
  readonly #hub = new IdentityHub();
  #handle: HidDeviceHandle | null = null;
  #detail = 'not opened yet';
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  #wedge = new KeyboardWedgeDecoder();
  #pos = new HidPosDecoder();

  constructor(o: HidBarcodeReaderOptions) {
    this.#o = o;
    this.kind = `hid-${o.mode}`;
  }

  #matches(d: HidDeviceInfo): boolean {
    if (d.vendorId !== this.#o.vendorId || d.productId !== this.#o.productId) return false;
    // A composite reader exposes several interfaces; pick the one for the configured mode.
    if (d.usagePage === undefined) return true;
    return this.#o.mode === 'hid-pos' ? d.usagePage === 0x8c : d.usagePage === 0x01 && d.usage === 0x06;
  }

  /** Opens the device if it is there; resolves either way. */
  async start(): Promise<void> {
    if (this.#handle || this.#closed) return;
    try {
      const dev = (await this.#o.hid.devices()).find((d) => this.#matches(d));
      if (!dev?.path) {
        this.#detail = `no HID device ${hex(this.#o.vendorId)}:${hex(this.#o.productId)}`;
        return this.#retry();
      }
      const h = await this.#o.hid.open(dev.path);
      h.on('data', (data) => this.#onReport(data));
      h.on('error', (e) => {
        this.#o.logger.warn('idreader.hid.lost', { detail: e.message });
        this.#detail = e.message;
        this.#handle = null;
        this.#retry();
      });
      this.#handle = h;
      this.#o.logger.info('idreader.hid.open', { mode: this.#o.mode });
    } catch (e) {
      this.#detail = e instanceof Error ? e.message : String(e);
      this.#retry();
    }
  }

  #retry(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.start();
    }, this.#o.reconnectMs ?? 3000);
  }

  /** Feeds one input report; public so captured reports can be replayed in tests and diagnostics. */
  feedReport(report: Uint8Array): void {
    if (this.#o.mode === 'hid-pos') {
      const r = this.#pos.push(report);
      if (r) this.#onText(r.ok ? { ok: true, value: r.value.text } : r);
    } else {
      for (const r of this.#wedge.push(report)) this.#onText(r);
    }
  }

  #onReport(data: Buffer): void {
    this.feedReport(new Uint8Array(data));
  }

  #onText(r: Result<string, HidReportError>): void {
    if (!r.ok) {
      this.#o.logger.warn('idreader.hid.bad-report', { code: r.error.code });
      this.#hub.emitError({ code: 'unreadable-code', detail: r.error.code });
      return;
    }
    const parsed = parseCccdQr(r.value);
    if (!parsed.ok) {
      this.#o.logger.warn('idreader.hid.not-a-cccd', { code: parsed.error.code });
      this.#hub.emitError({ code: 'unreadable-code', detail: parsed.error.code });
      return;
    }
    this.#hub.emitIdentity(parsed.value);
  }

  async status(): Promise<IdReaderStatus> {
    if (!this.#handle) await this.start();
    return this.#handle ? { state: 'ready' } : { state: 'disconnected', detail: this.#detail };
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
    // Subscribe before any await when open, so a code arriving right away is not missed.
    if (this.#handle) return this.#hub.next(timeoutMs);
    const st = await this.status();
    if (st.state !== 'ready') return err({ code: 'disconnected', detail: st.state === 'disconnected' ? st.detail : st.state });
    return this.#hub.next(timeoutMs);
  }
  async test(): Promise<Result<string[], IdReaderError>> {
    let seen: HidDeviceInfo[] = [];
    let listError = '';
    try {
      seen = await this.#o.hid.devices();
    } catch (e) {
      listError = e instanceof Error ? e.message : String(e);
    }
    const st = await this.status();
    const lines = [
      `HID ${this.#o.mode} reader ${hex(this.#o.vendorId)}:${hex(this.#o.productId)}`,
      listError ? `cannot list HID devices: ${listError}` : `${seen.length} HID device(s) visible`,
      `state ${st.state}${st.state === 'disconnected' ? ` (${st.detail})` : ''}`,
    ];
    return st.state === 'ready' ? ok(lines) : err({ code: 'disconnected', detail: lines.join('; ') });
  }
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    try {
      this.#handle?.close();
    } catch {
      // already gone
    }
    this.#handle = null;
  }
}

const hex = (n: number) => n.toString(16).padStart(4, '0');
