import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { canvasLib } from '../imaging/canvas';
import QRCode from 'qrcode';
import { bitmapFromRgba, emptyBitmap, setDot, type Bitmap } from './bitmap';
import type { Align, ReceiptBlock, TextSize } from './printer-types';

/**
 * Renders receipt text to a 1-bit bitmap with the embedded Be Vietnam Pro font, so every
 * Vietnamese letter prints the same on every printer (the printer only sees dots).
 */

const DEFAULT_FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));
const REGULAR = 'KioskReceiptRegular';
const BOLD = 'KioskReceiptBold';
let registeredFrom: string | null = null;

export const RECEIPT_FONT_FAMILY = { regular: REGULAR, bold: BOLD } as const;

export function registerReceiptFonts(fontDir: string = DEFAULT_FONT_DIR): void {
  if (registeredFrom === fontDir) return;
  // Separate family names for the weights: @napi-rs/canvas picks faces reliably by family.
  const a = canvasLib().GlobalFonts.registerFromPath(join(fontDir, 'BeVietnamPro-Regular.ttf'), REGULAR);
  const b = canvasLib().GlobalFonts.registerFromPath(join(fontDir, 'BeVietnamPro-Bold.ttf'), BOLD);
  if (!a || !b) throw new Error(`receipt fonts not found in ${fontDir}`);
  registeredFrom = fontDir;
}

/** Pixel size per text size at 203 dpi (normal ≈ 3.2 mm cap-to-descender, readable at arm's length). */
export const RASTER_FONT_PX: Record<TextSize, number> = { small: 20, normal: 26, large: 36, huge: 128 };

interface Line {
  text: string;
  right?: string;
  px: number;
  bold: boolean;
  align: Align;
  height: number;
  rule?: boolean;
}

const fontOf = (px: number, bold: boolean) => `${px}px ${bold ? BOLD : REGULAR}`;

function wrap(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (ctx.measureText(candidate).width <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) out.push(line);
      // A word wider than the paper (a long code) is broken by characters.
      let rest = word;
      while (ctx.measureText(rest).width > maxWidth && rest.length > 1) {
        let n = rest.length - 1;
        while (n > 1 && ctx.measureText(rest.slice(0, n)).width > maxWidth) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    out.push(line);
  }
  return out;
}

/** Lays out and draws text, pair, rule and feed blocks (QR blocks are handled by the caller). */
export function renderTextBlocks(blocks: readonly ReceiptBlock[], dots: number): Bitmap {
  registerReceiptFonts(registeredFrom ?? DEFAULT_FONT_DIR);
  const measure = canvasLib().createCanvas(dots, 10).getContext('2d');
  const lines: Line[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'text': {
        let px = RASTER_FONT_PX[b.size ?? 'normal'];
        const bold = b.bold ?? (b.size === 'large' || b.size === 'huge');
        measure.font = fontOf(px, bold);
        // A big word (the queue number on 58 mm paper) shrinks to fit rather than break.
        const widest = Math.max(0, ...b.text.normalize('NFC').split(/\s+/).map((w) => measure.measureText(w).width));
        if (widest > dots && px > RASTER_FONT_PX.normal) {
          px = Math.max(RASTER_FONT_PX.normal, Math.floor((px * dots) / widest));
          measure.font = fontOf(px, bold);
        }
        for (const t of wrap(measure, b.text.normalize('NFC'), dots)) lines.push({ text: t, px, bold, align: b.align ?? 'left', height: Math.round(px * 1.3) });
        break;
      }
      case 'pair': {
        const px = RASTER_FONT_PX.normal;
        const bold = b.bold ?? false;
        measure.font = fontOf(px, bold);
        const label = b.label.normalize('NFC');
        const value = b.value.normalize('NFC');
        const gap = px;
        if (measure.measureText(label).width + gap + measure.measureText(value).width <= dots) {
          lines.push({ text: label, right: value, px, bold, align: 'left', height: Math.round(px * 1.3) });
        } else {
          for (const t of wrap(measure, label, dots)) lines.push({ text: t, px, bold, align: 'left', height: Math.round(px * 1.3) });
          for (const t of wrap(measure, value, dots)) lines.push({ text: t, px, bold, align: 'right', height: Math.round(px * 1.3) });
        }
        break;
      }
      case 'rule':
        lines.push({ text: '', px: 0, bold: false, align: 'left', height: 16, rule: true });
        break;
      case 'feed':
        lines.push({ text: '', px: 0, bold: false, align: 'left', height: Math.max(0, Math.min(20, b.lines)) * 30 });
        break;
      case 'qr':
        break;
    }
  }
  const height = lines.reduce((h, l) => h + l.height, 0);
  if (height === 0) return emptyBitmap(dots, 0);
  const canvas = canvasLib().createCanvas(dots, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, dots, height);
  ctx.fillStyle = '#000';
  ctx.textBaseline = 'alphabetic';
  let y = 0;
  for (const l of lines) {
    if (l.rule) {
      ctx.fillRect(0, y + 7, dots, 2);
    } else if (l.text || l.right) {
      ctx.font = fontOf(l.px, l.bold);
      const baseline = y + Math.round(l.px * 1.0);
      const w = ctx.measureText(l.text).width;
      const x = l.align === 'center' ? (dots - w) / 2 : l.align === 'right' ? dots - w : 0;
      ctx.fillText(l.text, Math.max(0, x), baseline);
      if (l.right) ctx.fillText(l.right, dots - ctx.measureText(l.right).width, baseline);
    }
    y += l.height;
  }
  const img = ctx.getImageData(0, 0, dots, height);
  return bitmapFromRgba(img.data, dots, height);
}

/** A QR code drawn as dots, centred, with a 4-module quiet zone (for printers without GS ( k). */
export function renderQrBitmap(data: string, moduleSize: number, dots: number, ec: 'L' | 'M' | 'Q' | 'H' = 'M'): Bitmap {
  const qr = QRCode.create(data, { errorCorrectionLevel: ec });
  const n = qr.modules.size;
  const size = (n + 8) * moduleSize;
  const b = emptyBitmap(dots, size);
  const left = Math.max(0, Math.floor((dots - size) / 2)) + 4 * moduleSize;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < moduleSize; dy++) for (let dx = 0; dx < moduleSize; dx++) setDot(b, left + c * moduleSize + dx, 4 * moduleSize + r * moduleSize + dy);
    }
  }
  return b;
}

