import { err, ok, type Result } from '../../common/result';
import type { Bitmap } from '../printer/bitmap';

/**
 * A streaming ESC/POS decoder: bytes arrive in arbitrary pieces (serial, TCP), commands come
 * out whole. Covers what the kiosk sends and the common settings other software sends; any
 * other byte sequence becomes a typed decode error and the decoder resynchronises, as a
 * printer skips what it does not understand. Never throws.
 */
export type EscPosCommand =
  | { op: 'init' }
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'cr' }
  | { op: 'tab' }
  | { op: 'code-table'; n: number }
  | { op: 'align'; n: number }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; n: number }
  | { op: 'font'; n: number }
  | { op: 'print-mode'; n: number }
  | { op: 'size'; width: number; height: number }
  | { op: 'feed-lines'; n: number }
  | { op: 'feed-dots'; n: number }
  | { op: 'raster'; mode: number; bitmap: Bitmap }
  | { op: 'qr-model'; n: number }
  | { op: 'qr-size'; n: number }
  | { op: 'qr-error-level'; level: 'L' | 'M' | 'Q' | 'H' }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'cut'; partial: boolean; feed: number }
  | { op: 'status-request'; n: number }
  | { op: 'setting'; name: string };

export type EscPosDecodeErrorCode = 'unknown-command' | 'bad-parameter' | 'image-too-large' | 'truncated';

export interface EscPosDecodeError {
  code: EscPosDecodeErrorCode;
  offset: number;
  detail: string;
}

export type DecodedItem = { kind: 'command'; command: EscPosCommand; offset: number } | { kind: 'error'; error: EscPosDecodeError };

/** Largest raster accepted in one GS v 0 (2048 dots × 4096 rows); larger is taken as garbage. */
export const MAX_RASTER_ROW_BYTES = 256;
export const MAX_RASTER_ROWS = 4096;
const MAX_QR_STORE = 7089 + 3;

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const FS = 0x1c;

/** ESC commands with a fixed number of parameter bytes that only change settings. */
const ESC_SETTINGS: Record<number, [string, number]> = {
  0x20: ['right-spacing', 1],
  0x21: ['print-mode', 1],
  0x24: ['absolute-position', 2],
  0x25: ['user-charset', 1],
  0x2d: ['underline', 1],
  0x32: ['default-line-spacing', 0],
  0x33: ['line-spacing', 1],
  0x3d: ['peripheral', 1],
  0x3f: ['cancel-user-char', 1],
  0x44: ['tab-stops', -1],
  0x47: ['double-strike', 1],
  0x4d: ['font', 1],
  0x52: ['international-charset', 1],
  0x53: ['standard-mode', 0],
  0x54: ['print-direction', 1],
  0x56: ['rotate', 1],
  0x5c: ['relative-position', 2],
  0x63: ['panel-or-sensor', 2],
  0x70: ['drawer-pulse', 3],
  0x7b: ['upside-down', 1],
};

const GS_SETTINGS: Record<number, [string, number]> = {
  0x42: ['reverse', 1],
  0x48: ['hri-position', 1],
  0x4c: ['left-margin', 2],
  0x57: ['print-width', 2],
  0x66: ['hri-font', 1],
  0x68: ['barcode-height', 1],
  0x77: ['barcode-width', 1],
  0x61: ['auto-status-back', 1],
  0x62: ['smoothing', 1],
};

type Step = { consumed: number; item: DecodedItem | null } | 'need-more';

export class EscPosDecoder {
  #buf: Uint8Array = new Uint8Array(0);
  #offset = 0; // stream offset of #buf[0]

  /** Feeds bytes; returns every command and error completed by them. */
  push(chunk: Uint8Array): DecodedItem[] {
    const merged = new Uint8Array(this.#buf.length + chunk.length);
    merged.set(this.#buf, 0);
    merged.set(chunk, this.#buf.length);
    const out: DecodedItem[] = [];
    let i = 0;
    while (i < merged.length) {
      const step = this.#step(merged, i);
      if (step === 'need-more') break;
      if (step.item) out.push(step.item);
      i += step.consumed;
    }
    this.#buf = merged.slice(i);
    this.#offset += i;
    return out;
  }

  /** Bytes still waiting for the rest of a command. */
  get pending(): number {
    return this.#buf.length;
  }

  /** Ends the stream: an incomplete command left over is reported as truncated. */
  finish(): EscPosDecodeError | null {
    if (this.#buf.length === 0) return null;
    const e: EscPosDecodeError = { code: 'truncated', offset: this.#offset, detail: `${this.#buf.length} bytes of an incomplete command at the end` };
    this.#offset += this.#buf.length;
    this.#buf = new Uint8Array(0);
    return e;
  }

  #step(b: Uint8Array, i: number): Step {
    const at = this.#offset + i;
    const cmd = (command: EscPosCommand, consumed: number): Step => ({ consumed, item: { kind: 'command', command, offset: at } });
    const bad = (code: EscPosDecodeErrorCode, detail: string, consumed: number): Step => ({ consumed, item: { kind: 'error', error: { code, offset: at, detail } } });
    const has = (n: number) => i + n <= b.length;
    const byte = (k: number) => b[i + k] ?? 0;
    const c = byte(0);

    if (c >= 0x20 && c !== 0x7f) {
      let j = i;
      while (j < b.length && (b[j] ?? 0) >= 0x20 && b[j] !== 0x7f) j++;
      return cmd({ op: 'text', bytes: b.slice(i, j) }, j - i);
    }
    switch (c) {
      case 0x0a:
        return cmd({ op: 'lf' }, 1);
      case 0x0d:
        return cmd({ op: 'cr' }, 1);
      case 0x09:
        return cmd({ op: 'tab' }, 1);
      case 0x0c:
        return cmd({ op: 'setting', name: 'form-feed' }, 1);
      case 0x18:
        return cmd({ op: 'setting', name: 'cancel' }, 1);
      case DLE: {
        if (!has(2)) return 'need-more';
        const f = byte(1);
        if (f === 0x04 || f === 0x05) {
          if (!has(3)) return 'need-more';
          const n = byte(2);
          if (f === 0x05) return cmd({ op: 'setting', name: 'real-time-request' }, 3);
          if (n < 1 || n > 4) return bad('bad-parameter', `DLE EOT ${n} (only 1..4 supported)`, 3);
          return cmd({ op: 'status-request', n }, 3);
        }
        if (f === 0x14) {
          if (!has(5)) return 'need-more';
          return cmd({ op: 'setting', name: 'real-time-pulse' }, 5);
        }
        return bad('unknown-command', `DLE 0x${f.toString(16)}`, 2);
      }
      case FS: {
        if (!has(2)) return 'need-more';
        const f = byte(1);
        if (f === 0x2e || f === 0x26) return cmd({ op: 'setting', name: f === 0x2e ? 'kanji-off' : 'kanji-on' }, 2);
        if (f === 0x21 || f === 0x2d || f === 0x57) {
          if (!has(3)) return 'need-more';
          return cmd({ op: 'setting', name: 'kanji-mode' }, 3);
        }
        return bad('unknown-command', `FS 0x${f.toString(16)}`, 2);
      }
      case ESC:
        return this.#esc(b, i, cmd, bad, has, byte);
      case GS:
        return this.#gs(b, i, cmd, bad, has, byte);
      default:
        return bad('unknown-command', `control byte 0x${c.toString(16)}`, 1);
    }
  }

  #esc(b: Uint8Array, i: number, cmd: (c: EscPosCommand, n: number) => Step, bad: (c: EscPosDecodeErrorCode, d: string, n: number) => Step, has: (n: number) => boolean, byte: (k: number) => number): Step {
    if (!has(2)) return 'need-more';
    const f = byte(1);
    const one = (make: (n: number) => EscPosCommand): Step => (has(3) ? cmd(make(byte(2)), 3) : 'need-more');
    switch (f) {
      case 0x40:
        return cmd({ op: 'init' }, 2);
      case 0x74:
        return one((n) => ({ op: 'code-table', n }));
      case 0x61:
        return one((n) => ({ op: 'align', n: n >= 0x30 ? n - 0x30 : n }));
      case 0x45:
        return one((n) => ({ op: 'bold', on: (n & 1) === 1 }));
      case 0x64:
        return one((n) => ({ op: 'feed-lines', n }));
      case 0x4a:
        return one((n) => ({ op: 'feed-dots', n }));
      case 0x2d:
        return one((n) => ({ op: 'underline', n: n >= 0x30 ? n - 0x30 : n }));
      case 0x4d:
        return one((n) => ({ op: 'font', n: n >= 0x30 ? n - 0x30 : n }));
      case 0x21:
        return one((n) => ({ op: 'print-mode', n }));
      case 0x69:
      case 0x6d:
        return cmd({ op: 'cut', partial: true, feed: 0 }, 2);
      case 0x44: {
        // Tab stops: up to 32 bytes ending with NUL.
        for (let k = 2; k < 35; k++) {
          if (!has(k + 1)) return 'need-more';
          if (byte(k) === 0) return cmd({ op: 'setting', name: 'tab-stops' }, k + 1);
        }
        return bad('bad-parameter', 'ESC D without a terminating NUL', 2);
      }
    }
    const s = ESC_SETTINGS[f];
    if (s) {
      if (!has(2 + s[1])) return 'need-more';
      return cmd({ op: 'setting', name: s[0] }, 2 + s[1]);
    }
    return bad('unknown-command', `ESC 0x${f.toString(16)}`, 2);
  }

  #gs(b: Uint8Array, i: number, cmd: (c: EscPosCommand, n: number) => Step, bad: (c: EscPosDecodeErrorCode, d: string, n: number) => Step, has: (n: number) => boolean, byte: (k: number) => number): Step {
    if (!has(2)) return 'need-more';
    const f = byte(1);
    switch (f) {
      case 0x21: {
        if (!has(3)) return 'need-more';
        const n = byte(2);
        return cmd({ op: 'size', width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 }, 3);
      }
      case 0x56: {
        if (!has(3)) return 'need-more';
        const m = byte(2);
        if (m === 0 || m === 1 || m === 0x30 || m === 0x31) return cmd({ op: 'cut', partial: (m & 1) === 1, feed: 0 }, 3);
        if (m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104) {
          if (!has(4)) return 'need-more';
          return cmd({ op: 'cut', partial: m === 66 || m === 98 || m === 104, feed: byte(3) }, 4);
        }
        return bad('bad-parameter', `GS V ${m}`, 3);
      }
      case 0x76: {
        if (!has(8)) return 'need-more';
        if (byte(2) !== 0x30) return bad('unknown-command', `GS v 0x${byte(2).toString(16)}`, 3);
        const mode = byte(3);
        const x = byte(4) | (byte(5) << 8);
        const y = byte(6) | (byte(7) << 8);
        if (mode > 3 && !(mode >= 0x30 && mode <= 0x33)) return bad('bad-parameter', `GS v 0 mode ${mode}`, 8);
        if (x === 0 || y === 0) return bad('bad-parameter', `GS v 0 with an empty image (${x}×${y})`, 8);
        if (x > MAX_RASTER_ROW_BYTES || y > MAX_RASTER_ROWS) return bad('image-too-large', `GS v 0 ${x * 8}×${y} dots`, 8);
        const len = x * y;
        if (!has(8 + len)) return 'need-more';
        return cmd({ op: 'raster', mode: mode & 3, bitmap: { width: x * 8, height: y, data: b.slice(i + 8, i + 8 + len) } }, 8 + len);
      }
      case 0x28: {
        if (!has(5)) return 'need-more';
        const fn2 = byte(2);
        const len = byte(3) | (byte(4) << 8);
        if (fn2 !== 0x6b) {
          // Other GS ( functions share the pL pH framing: skip them whole.
          if (len > MAX_QR_STORE) return bad('bad-parameter', `GS ( 0x${fn2.toString(16)} length ${len}`, 5);
          if (!has(5 + len)) return 'need-more';
          return cmd({ op: 'setting', name: `gs-paren-${fn2.toString(16)}` }, 5 + len);
        }
        if (len < 2 || len > MAX_QR_STORE) return bad('bad-parameter', `GS ( k length ${len}`, 5);
        if (!has(5 + len)) return 'need-more';
        const cn = byte(5);
        const fn = byte(6);
        const total = 5 + len;
        if (cn !== 0x31) return cmd({ op: 'setting', name: `2d-symbol-${cn.toString(16)}` }, total);
        switch (fn) {
          case 0x41:
            return cmd({ op: 'qr-model', n: byte(7) - 0x30 }, total);
          case 0x43: {
            const n = byte(7);
            if (n < 1 || n > 16) return bad('bad-parameter', `QR module size ${n}`, total);
            return cmd({ op: 'qr-size', n }, total);
          }
          case 0x45: {
            const level = (['L', 'M', 'Q', 'H'] as const)[byte(7) - 0x30];
            if (!level) return bad('bad-parameter', `QR error level ${byte(7)}`, total);
            return cmd({ op: 'qr-error-level', level }, total);
          }
          case 0x50:
            return cmd({ op: 'qr-store', data: b.slice(i + 8, i + total) }, total);
          case 0x51:
            return cmd({ op: 'qr-print' }, total);
          case 0x52:
            return cmd({ op: 'setting', name: 'qr-size-info' }, total);
          default:
            return bad('bad-parameter', `GS ( k QR function 0x${fn.toString(16)}`, total);
        }
      }
      case 0x6b: {
        // Barcode: m 0..6 NUL-terminated, m 65..79 length-prefixed.
        if (!has(3)) return 'need-more';
        const m = byte(2);
        if (m <= 6) {
          for (let k = 3; k < 3 + 256; k++) {
            if (!has(k + 1)) return 'need-more';
            if (byte(k) === 0) return cmd({ op: 'setting', name: 'barcode' }, k + 1);
          }
          return bad('bad-parameter', 'GS k barcode without NUL', 3);
        }
        if (m >= 65 && m <= 79) {
          if (!has(4)) return 'need-more';
          const n = byte(3);
          if (!has(4 + n)) return 'need-more';
          return cmd({ op: 'setting', name: 'barcode' }, 4 + n);
        }
        return bad('bad-parameter', `GS k ${m}`, 3);
      }
    }
    const s = GS_SETTINGS[f];
    if (s) {
      if (!has(2 + s[1])) return 'need-more';
      return cmd({ op: 'setting', name: s[0] }, 2 + s[1]);
    }
    return bad('unknown-command', `GS 0x${f.toString(16)}`, 2);
  }
}

/** Decodes a whole buffer: the commands, or the first typed error. */
export function decodeEscPos(bytes: Uint8Array): Result<EscPosCommand[], EscPosDecodeError> {
  const d = new EscPosDecoder();
  const items = d.push(bytes);
  const commands: EscPosCommand[] = [];
  for (const it of items) {
    if (it.kind === 'error') return err(it.error);
    commands.push(it.command);
  }
  const tail = d.finish();
  return tail ? err(tail) : ok(commands);
}
