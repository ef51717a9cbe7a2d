import { err, ok, type Result } from '../../common/result';

export type FrameErrorCode = 'frame-too-long' | 'invalid-utf8' | 'partial-frame-dropped';

export interface FrameError {
  code: FrameErrorCode;
  /** Bytes thrown away, for diagnostics. */
  bytes: number;
}

/** A CCCD QR is ~150 bytes of UTF-8; 2 KiB leaves room for other codes without unbounded growth. */
export const MAX_FRAME_BYTES = 2048;

const CR = 0x0d;
const LF = 0x0a;

/**
 * Splits a serial byte stream from a 2D barcode reader into frames. Readers end each code
 * with CR, LF or CRLF (configurable on the device), so any of them ends a frame and empty
 * frames (the LF of a CRLF) are skipped. Line noise — NULs, 0xFF from a floating line at
 * power-up, STX/ETX wrappers — is removed; bytes that are not valid UTF-8 make a typed error
 * for that frame only, and the decoder goes on with the next one.
 */
export class FrameDecoder {
  #buf: Buffer[] = [];
  #len = 0;
  #overflow = false;
  readonly maxFrameBytes: number;

  constructor(maxFrameBytes = MAX_FRAME_BYTES) {
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes waiting for a terminator. */
  get pending(): number {
    return this.#len;
  }

  push(chunk: Uint8Array): Array<Result<string, FrameError>> {
    const out: Array<Result<string, FrameError>> = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== CR && b !== LF) continue;
      this.#append(chunk.subarray(start, i));
      start = i + 1;
      const frame = this.#take();
      if (frame) out.push(frame);
    }
    this.#append(chunk.subarray(start));
    return out;
  }

  /** Drops an unterminated partial frame (called after an inter-byte gap); reports it if it held text. */
  flush(): Result<string, FrameError> | null {
    if (this.#len === 0 && !this.#overflow) return null;
    const bytes = this.#len;
    const hadText = this.#clean(Buffer.concat(this.#buf)).length > 0;
    this.#buf = [];
    this.#len = 0;
    this.#overflow = false;
    return hadText ? err({ code: 'partial-frame-dropped', bytes }) : null;
  }

  #append(part: Uint8Array): void {
    if (part.length === 0) return;
    if (this.#overflow || this.#len + part.length > this.maxFrameBytes) {
      // Keep counting but stop storing: a run-on stream must not grow memory.
      this.#overflow = true;
      this.#len += part.length;
      this.#buf = [];
      return;
    }
    this.#buf.push(Buffer.from(part));
    this.#len += part.length;
  }

  #take(): Result<string, FrameError> | null {
    const bytes = this.#len;
    const overflow = this.#overflow;
    const data = Buffer.concat(this.#buf);
    this.#buf = [];
    this.#len = 0;
    this.#overflow = false;
    if (overflow) return err({ code: 'frame-too-long', bytes });
    const cleaned = this.#clean(data);
    if (cleaned.length === 0) return null;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(cleaned);
    } catch {
      return err({ code: 'invalid-utf8', bytes });
    }
    return ok(text);
  }

  #clean(data: Buffer): Buffer {
    // Control bytes never belong to a CCCD QR; 0xFF/0xFE never occur in UTF-8.
    return Buffer.from(data.filter((b) => b >= 0x20 && b !== 0x7f && b !== 0xff && b !== 0xfe));
  }
}
