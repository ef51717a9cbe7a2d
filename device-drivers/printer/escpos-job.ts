import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { err, ok, type Result } from '../../common/result';
import { bands, rowBytesOf, type Bitmap } from './bitmap';
import { renderQrBitmap, renderTextBlocks } from './raster-render';
import { columnsForPaper, dotsForPaper, type Align, type PaperWidth, type ReceiptBlock, type ReceiptDocument, type TextMode } from './printer-types';
import { DEFAULT_CODE_TABLE, encodeTcvn3, encodeWpc1258 } from './vietnamese-codepages';

/**
 * ReceiptDocument → ESC/POS bytes, as a list of segments. Each segment is one whole command
 * (or one line of text), so the driver can ask DLE EOT between segments without the request
 * landing inside a command's data (a printer would read it as image dots).
 *
 * Where @point-of-sale/receipt-printer-encoder is used: initialize, QR (GS ( k) and cut. Where
 * it is not: text, because its code-page mapping cannot split Vietnamese tones for CP1258 and
 * pads alignment with spaces counted in its own columns; raster, because we already hold a
 * 1-bit bitmap and want band-sized GS v 0 commands (its image() wants RGBA and dithers).
 */
export interface JobOptions {
  paperWidth: PaperWidth;
  textMode: TextMode;
  /** ESC t n for text modes; defaults to Epson numbering (WPC1258 = 52, TCVN-3 = 30). */
  codeTable?: number;
  /** 'native' sends GS ( k; 'raster' draws the QR as dots, for printers without QR support. */
  qr?: 'native' | 'raster';
  /** Rows per GS v 0 command. */
  bandRows?: number;
  /**
   * Send blank dot rows as ESC J (feed n dots) and drop the blank right-hand part of each band:
   * about half the bytes, which matters on 9600-baud serial printers. Assumes the printer's
   * default vertical motion unit is one dot (true of common 203 dpi printers); set false for a
   * model where gaps come out wrong.
   */
  compactRaster?: boolean;
  feedBeforeCut?: number;
}

export interface JobError {
  code: 'bad-document';
  detail: string;
}

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

const encoder = (paperWidth: PaperWidth, feedBeforeCut = 4) =>
  new ReceiptPrinterEncoder({ columns: columnsForPaper(paperWidth), codepageMapping: 'epson', feedBeforeCut });

/**
 * Printers act on real-time commands (DLE EOT n = 10 04 n, DLE ENQ, DLE DC4) as soon as they
 * arrive, even inside image data, and would answer a status byte nobody asked for. Image
 * bytes that happen to read 10 04 n / 10 05 n / 10 14 n lose one dot (the single dot of the
 * 0x10 byte), which no one can see on paper.
 */
export function breakRealtimeSequences(data: Uint8Array): number {
  let changed = 0;
  for (let i = 0; i + 2 < data.length; i++) {
    if (data[i] === 0x10 && (data[i + 1] === 0x04 || data[i + 1] === 0x05 || data[i + 1] === 0x14) && (data[i + 2] ?? 0) <= 8) {
      data[i] = 0x00;
      changed++;
    }
  }
  return changed;
}

/** Raster commands for a bitmap: plain bands, or compacted (see JobOptions.compactRaster). */
export function rasterSegments(b: Bitmap, bandRows: number, compact: boolean): Uint8Array[] {
  if (!compact) return bands(b, bandRows).map(gsV0);
  const rb = rowBytesOf(b.width);
  const rowEnd = (y: number) => {
    for (let x = rb - 1; x >= 0; x--) if (b.data[y * rb + x] !== 0) return x + 1;
    return 0;
  };
  const out: Uint8Array[] = [];
  const MIN_GAP = 4; // shorter gaps cost fewer bytes as image rows than as a command
  let y = 0;
  while (y < b.height) {
    let gap = 0;
    while (y + gap < b.height && rowEnd(y + gap) === 0) gap++;
    if (gap >= MIN_GAP || y + gap === b.height) {
      for (let left = gap; left > 0; left -= 255) out.push(Uint8Array.of(ESC, 0x4a, Math.min(255, left)));
      y += gap;
      continue;
    }
    // An image band: up to bandRows rows, stopping before the next long gap.
    let h = 0;
    let blankRun = 0;
    let width = 0;
    while (y + h < b.height && h < bandRows) {
      const end = rowEnd(y + h);
      blankRun = end === 0 ? blankRun + 1 : 0;
      if (blankRun >= MIN_GAP) {
        h -= blankRun - 1;
        break;
      }
      width = Math.max(width, end);
      h++;
    }
    const data = new Uint8Array(width * h);
    for (let r = 0; r < h; r++) data.set(b.data.subarray((y + r) * rb, (y + r) * rb + width), r * width);
    out.push(gsV0({ width: width * 8, height: h, data }));
    y += h;
  }
  return out;
}

export function gsV0(b: Bitmap): Uint8Array {
  const x = rowBytesOf(b.width);
  const head = [GS, 0x76, 0x30, 0, x & 0xff, x >> 8, b.height & 0xff, b.height >> 8];
  const out = new Uint8Array(head.length + b.data.length);
  out.set(head, 0);
  out.set(b.data, head.length);
  breakRealtimeSequences(out.subarray(head.length));
  return out;
}

const alignByte = (a: Align | undefined) => (a === 'center' ? 1 : a === 'right' ? 2 : 0);

function validate(doc: ReceiptDocument): string | null {
  if (!doc || !Array.isArray(doc.blocks)) return 'document has no blocks';
  for (const [i, b] of doc.blocks.entries()) {
    if (b.kind === 'qr') {
      if (typeof b.data !== 'string' || b.data.length === 0 || b.data.length > 1000) return `block ${i}: QR data must be 1..1000 characters`;
      if (b.moduleSize !== undefined && (!Number.isInteger(b.moduleSize) || b.moduleSize < 3 || b.moduleSize > 10)) return `block ${i}: QR module size must be 3..10`;
    }
    if (b.kind === 'feed' && (!Number.isInteger(b.lines) || b.lines < 0 || b.lines > 20)) return `block ${i}: feed must be 0..20 lines`;
  }
  return null;
}

/** Word-wraps by character count (text mode: every NFC character takes one column). */
function wrapColumns(text: string, cols: number): string[] {
  const out: string[] = [];
  for (const para of text.normalize('NFC').split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const cand = line ? `${line} ${word}` : word;
      if ([...cand].length <= cols) line = cand;
      else {
        if (line) out.push(line);
        let rest = [...word];
        while (rest.length > cols) {
          out.push(rest.slice(0, cols).join(''));
          rest = rest.slice(cols);
        }
        line = rest.join('');
      }
    }
    out.push(line);
  }
  return out;
}

export function buildEscPosJob(doc: ReceiptDocument, opts: JobOptions): Result<Uint8Array[], JobError> {
  const problem = validate(doc);
  if (problem) return err({ code: 'bad-document', detail: problem });
  const dots = dotsForPaper(opts.paperWidth);
  const bandRows = opts.bandRows ?? 64;
  const compact = opts.compactRaster ?? true;
  const qrMode = opts.qr ?? 'native';
  const segments: Uint8Array[] = [encoder(opts.paperWidth).initialize().encode()];

  if (opts.textMode === 'raster') {
    let pending: ReceiptBlock[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      segments.push(...rasterSegments(renderTextBlocks(pending, dots), bandRows, compact));
      pending = [];
    };
    for (const b of doc.blocks) {
      if (b.kind !== 'qr') {
        pending.push(b);
        continue;
      }
      flush();
      if (qrMode === 'raster') segments.push(...rasterSegments(renderQrBitmap(b.data, b.moduleSize ?? 6, dots), bandRows, compact));
      else segments.push(...nativeQr(b.data, b.moduleSize ?? 6, opts.paperWidth));
    }
    flush();
  } else {
    const encode = opts.textMode === 'wpc1258' ? encodeWpc1258 : encodeTcvn3;
    const table = opts.codeTable ?? DEFAULT_CODE_TABLE[opts.textMode];
    segments.push(Uint8Array.of(ESC, 0x74, table));
    const cols = columnsForPaper(opts.paperWidth);
    const line = (text: string, align: Align | undefined, size: number, bold: boolean) => {
      const bytes = encode(text);
      const seg = new Uint8Array(9 + bytes.length + 1);
      seg.set([ESC, 0x61, alignByte(align), GS, 0x21, size, ESC, 0x45, bold ? 1 : 0], 0);
      seg.set(bytes, 9);
      seg[seg.length - 1] = LF;
      segments.push(seg);
    };
    for (const b of doc.blocks) {
      switch (b.kind) {
        case 'text': {
          // GS ! n: high nibble width ×, low nibble height ×.
          const mult = b.size === 'huge' ? 4 : b.size === 'large' ? 2 : 1;
          const size = ((mult - 1) << 4) | (mult - 1);
          for (const t of wrapColumns(b.text, Math.floor(cols / mult))) line(t, b.align, size, b.bold ?? mult > 1);
          break;
        }
        case 'pair': {
          const label = [...b.label.normalize('NFC')];
          const value = [...b.value.normalize('NFC')];
          if (label.length + 1 + value.length <= cols) line(label.join('') + ' '.repeat(cols - label.length - value.length) + value.join(''), 'left', 0, b.bold ?? false);
          else {
            for (const t of wrapColumns(b.label, cols)) line(t, 'left', 0, b.bold ?? false);
            for (const t of wrapColumns(b.value, cols)) line(t, 'right', 0, b.bold ?? false);
          }
          break;
        }
        case 'rule':
          line('-'.repeat(cols), 'left', 0, false);
          break;
        case 'feed':
          if (b.lines > 0) segments.push(Uint8Array.of(ESC, 0x64, b.lines));
          break;
        case 'qr':
          if (qrMode === 'raster') segments.push(...rasterSegments(renderQrBitmap(b.data, b.moduleSize ?? 6, dots), bandRows, compact));
          else segments.push(...nativeQr(b.data, b.moduleSize ?? 6, opts.paperWidth));
          break;
      }
    }
    segments.push(Uint8Array.of(ESC, 0x61, 0, GS, 0x21, 0, ESC, 0x45, 0));
  }
  // The encoder ends its cut with a newline, which would feed blank paper at the top of the
  // next receipt: keep everything up to and including GS V m.
  const cut = encoder(opts.paperWidth, opts.feedBeforeCut).cut('partial').encode();
  let end = cut.length;
  for (let i = 0; i + 2 < cut.length; i++) if (cut[i] === GS && cut[i + 1] === 0x56) end = i + 3;
  segments.push(cut.slice(0, end));
  return ok(segments);
}

function nativeQr(data: string, moduleSize: number, paperWidth: PaperWidth): Uint8Array[] {
  return [
    Uint8Array.of(ESC, 0x61, 1),
    encoder(paperWidth).qrcode(data, { model: 2, size: moduleSize, errorlevel: 'm' }).encode(),
    Uint8Array.of(ESC, 0x61, 0),
  ];
}

export function concatSegments(segments: readonly Uint8Array[]): Uint8Array {
  const total = segments.reduce((n, s) => n + s.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const s of segments) {
    out.set(s, o);
    o += s.length;
  }
  return out;
}
