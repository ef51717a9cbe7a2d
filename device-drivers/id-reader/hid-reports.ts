import { err, ok, type Result } from '../../common/result';

/**
 * Decoders for the two USB HID modes of 2D barcode readers, fed with raw input reports as
 * node-hid delivers them. Both are pure and incremental, so they are tested on captured
 * report bytes (no HID device can exist on the build machines).
 */

export type HidReportErrorCode = 'bad-report-length' | 'unknown-keycode' | 'frame-too-long' | 'invalid-utf8' | 'bad-report-id' | 'bad-data-length';

export interface HidReportError {
  code: HidReportErrorCode;
  detail: string;
}

const MAX_TEXT = 2048;

// --- Keyboard wedge: 8-byte boot keyboard reports [modifiers, reserved, key1..key6] -------

const SHIFT = 0x02 | 0x20; // left / right shift
const LEFT_ALT = 0x04;

/** US layout, HID Usage Page 0x07 keycode → [unshifted, shifted]. */
const KEYMAP: Record<number, [string, string]> = {};
for (let k = 0x04; k <= 0x1d; k++) {
  const c = String.fromCharCode(0x61 + k - 0x04);
  KEYMAP[k] = [c, c.toUpperCase()];
}
'1234567890'.split('').forEach((d, i) => (KEYMAP[0x1e + i] = [d, '!@#$%^&*()'[i]!]));
Object.assign(KEYMAP, {
  0x2c: [' ', ' '], 0x2d: ['-', '_'], 0x2e: ['=', '+'], 0x2f: ['[', '{'], 0x30: [']', '}'], 0x31: ['\\', '|'],
  0x33: [';', ':'], 0x34: ["'", '"'], 0x35: ['`', '~'], 0x36: [',', '<'], 0x37: ['.', '>'], 0x38: ['/', '?'],
  0x2b: ['\t', '\t'],
});
const ENTER = new Set([0x28, 0x58]); // Enter, Keypad Enter end a code
/** Keypad 1–9, 0: used for Alt+numpad character entry. */
const KEYPAD_DIGIT: Record<number, number> = { 0x59: 1, 0x5a: 2, 0x5b: 3, 0x5c: 4, 0x5d: 5, 0x5e: 6, 0x5f: 7, 0x60: 8, 0x61: 9, 0x62: 0 };

/**
 * A keyboard-wedge reader "types" the code: a report per key press (modifier byte +
 * keycodes), usually followed by an all-keys-up report. New keycodes (absent from the
 * previous report) are presses; Enter ends the code. A US keyboard cannot type Vietnamese
 * letters, so readers that support it send them as Alt + keypad decimal code points
 * ("Unicode Alt mode"); that is decoded too. Without it, diacritics are lost — prefer
 * HID-POS or serial mode for CCCDs.
 */
export class KeyboardWedgeDecoder {
  #prev = new Set<number>();
  #text = '';
  #alt: string | null = null;
  #overflow = false;

  push(report: Uint8Array): Array<Result<string, HidReportError>> {
    // Some stacks prepend a report ID (9 bytes); boot reports are 8.
    const r = report.length === 9 ? report.subarray(1) : report;
    if (r.length !== 8) return [err({ code: 'bad-report-length', detail: `${report.length} bytes, expected 8` })];
    const mods = r[0]!;
    const keys = [...r.subarray(2)].filter((k) => k > 0x03); // 0 = none, 1–3 = rollover/error codes
    const out: Array<Result<string, HidReportError>> = [];
    if (this.#alt !== null && !(mods & LEFT_ALT)) {
      // Alt released: the keypad digits typed so far are one code point.
      const cp = Number(this.#alt);
      if (this.#alt !== '' && cp > 0 && cp <= 0x10ffff) this.#add(String.fromCodePoint(cp));
      this.#alt = null;
    }
    for (const k of keys) {
      if (this.#prev.has(k)) continue;
      if (mods & LEFT_ALT && k in KEYPAD_DIGIT) {
        this.#alt = (this.#alt ?? '') + String(KEYPAD_DIGIT[k]);
        continue;
      }
      if (ENTER.has(k)) {
        out.push(this.#finish());
        continue;
      }
      const m = KEYMAP[k];
      if (!m) {
        out.push(err({ code: 'unknown-keycode', detail: `0x${k.toString(16)}` }));
        continue;
      }
      this.#add(mods & SHIFT ? m[1] : m[0]);
    }
    this.#prev = new Set(keys);
    return out;
  }

  #add(s: string): void {
    if (this.#text.length + s.length > MAX_TEXT) this.#overflow = true;
    else this.#text += s;
  }

  #finish(): Result<string, HidReportError> {
    const text = this.#text;
    const overflow = this.#overflow;
    this.#text = '';
    this.#overflow = false;
    if (overflow) return err({ code: 'frame-too-long', detail: `over ${MAX_TEXT} characters` });
    return ok(text);
  }
}

/** Encodes text as wedge reports (key press + release per character, Alt codes for non-ASCII). For tests and the simulator. */
export function encodeKeyboardWedge(text: string): Uint8Array[] {
  const reverse = new Map<string, [number, boolean]>();
  for (const [k, [a, b]] of Object.entries(KEYMAP)) {
    if (!reverse.has(a)) reverse.set(a, [Number(k), false]);
    if (!reverse.has(b)) reverse.set(b, [Number(k), true]);
  }
  const keypad = Object.fromEntries(Object.entries(KEYPAD_DIGIT).map(([k, d]) => [d, Number(k)])) as Record<number, number>;
  const up = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0);
  const out: Uint8Array[] = [];
  for (const ch of text) {
    const m = reverse.get(ch);
    if (m) {
      out.push(Uint8Array.of(m[1] ? 0x02 : 0, 0, m[0], 0, 0, 0, 0, 0), up);
      continue;
    }
    for (const d of String(ch.codePointAt(0))) out.push(Uint8Array.of(LEFT_ALT, 0, keypad[Number(d)]!, 0, 0, 0, 0, 0), Uint8Array.of(LEFT_ALT, 0, 0, 0, 0, 0, 0, 0));
    out.push(up);
  }
  out.push(Uint8Array.of(0, 0, 0x28, 0, 0, 0, 0, 0), up);
  return out;
}

// --- HID-POS (usage page 0x8C, Bar Code Scanner) ------------------------------------------

/**
 * Scanned-data input report as Honeywell and Zebra readers send it in HID-POS mode
 * (64 bytes): [0] report ID 0x02, [1] number of data bytes in this report (≤ 56),
 * [2..4] AIM symbology identifier (e.g. "]Q1" for QR), [5..60] data, [61..62] vendor
 * symbology bytes, [63] bit 0 = more reports follow for this code. A CCCD QR (~150 bytes of
 * UTF-8) spans three reports. The layout is the vendors' documented one, not verified on a
 * device here.
 */
export const HID_POS_REPORT_ID = 0x02;
export const HID_POS_DATA_MAX = 56;
export const HID_POS_REPORT_LEN = 64;

export interface HidPosCode {
  text: string;
  /** AIM symbology identifier, e.g. "]Q1". */
  symbology: string;
}

export class HidPosDecoder {
  #chunks: Buffer[] = [];
  #len = 0;
  #symbology = '';

  push(report: Uint8Array): Result<HidPosCode, HidReportError> | null {
    if (report.length < 6 || report.length > HID_POS_REPORT_LEN) return err({ code: 'bad-report-length', detail: `${report.length} bytes` });
    if (report[0] !== HID_POS_REPORT_ID) return err({ code: 'bad-report-id', detail: `0x${report[0]!.toString(16)}` });
    const n = report[1]!;
    if (n > HID_POS_DATA_MAX || 5 + n > report.length) {
      this.#reset();
      return err({ code: 'bad-data-length', detail: `${n} data bytes in a ${report.length}-byte report` });
    }
    if (this.#chunks.length === 0) this.#symbology = Buffer.from(report.subarray(2, 5)).toString('latin1').replace(/\0/g, '');
    this.#chunks.push(Buffer.from(report.subarray(5, 5 + n)));
    this.#len += n;
    if (this.#len > MAX_TEXT * 4) {
      this.#reset();
      return err({ code: 'frame-too-long', detail: `over ${MAX_TEXT * 4} bytes` });
    }
    const more = report.length === HID_POS_REPORT_LEN && (report[63]! & 0x01) === 1;
    if (more) return null;
    const data = Buffer.concat(this.#chunks);
    const symbology = this.#symbology;
    this.#reset();
    try {
      return ok({ text: new TextDecoder('utf-8', { fatal: true }).decode(data), symbology });
    } catch {
      return err({ code: 'invalid-utf8', detail: `${data.length} bytes` });
    }
  }

  #reset(): void {
    this.#chunks = [];
    this.#len = 0;
    this.#symbology = '';
  }
}

/** Encodes text as HID-POS reports (tests, simulator). */
export function encodeHidPos(text: string, symbology = ']Q1'): Uint8Array[] {
  const data = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let i = 0; i === 0 || i < data.length; i += HID_POS_DATA_MAX) {
    const part = data.subarray(i, i + HID_POS_DATA_MAX);
    const r = new Uint8Array(HID_POS_REPORT_LEN);
    r[0] = HID_POS_REPORT_ID;
    r[1] = part.length;
    r.set(Buffer.from(symbology, 'latin1').subarray(0, 3), 2);
    r.set(part, 5);
    r[63] = i + HID_POS_DATA_MAX < data.length ? 1 : 0;
    out.push(r);
  }
  return out;
}
