import { PNG } from 'pngjs';

/**
 * A 1-bit image as ESC/POS raster uses it: rows of `rowBytes = ceil(width / 8)` bytes, most
 * significant bit first, 1 = a black dot.
 */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

export const rowBytesOf = (width: number): number => Math.ceil(width / 8);

export function emptyBitmap(width: number, height: number): Bitmap {
  return { width, height, data: new Uint8Array(rowBytesOf(width) * height) };
}

export function getDot(b: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return false;
  return (((b.data[y * rowBytesOf(b.width) + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1) === 1;
}

export function setDot(b: Bitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return;
  const i = y * rowBytesOf(b.width) + (x >> 3);
  b.data[i] = (b.data[i] ?? 0) | (0x80 >> (x & 7));
}

/** Thresholds RGBA pixels (e.g. canvas ImageData) to dots: darker than `threshold` is black. */
export function bitmapFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, threshold = 128): Bitmap {
  const b = emptyBitmap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const lum = 0.299 * (rgba[i] ?? 255) + 0.587 * (rgba[i + 1] ?? 255) + 0.114 * (rgba[i + 2] ?? 255);
      const alpha = (rgba[i + 3] ?? 255) / 255;
      if (255 - alpha * (255 - lum) < threshold) setDot(b, x, y);
    }
  }
  return b;
}

/** Copies `src` into `dst` with its top-left corner at (x, y); dots outside `dst` are dropped. */
export function blit(dst: Bitmap, src: Bitmap, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    for (let sx = 0; sx < src.width; sx++) if (getDot(src, sx, sy)) setDot(dst, x + sx, y + sy);
  }
}

export function bitmapToPng(b: Bitmap, scale = 1): Buffer {
  const png = new PNG({ width: b.width * scale, height: Math.max(1, b.height * scale) });
  png.data.fill(255);
  for (let y = 0; y < b.height * scale; y++) {
    for (let x = 0; x < b.width * scale; x++) {
      if (getDot(b, Math.floor(x / scale), Math.floor(y / scale))) {
        const i = (y * b.width * scale + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
    }
  }
  return PNG.sync.write(png);
}

/** Reads a PNG back to RGBA (for jsQR, which wants RGBA). */
export function pngToRgba(png: Buffer): { data: Uint8ClampedArray; width: number; height: number } {
  const p = PNG.sync.read(png);
  return { data: new Uint8ClampedArray(p.data.buffer, p.data.byteOffset, p.data.length), width: p.width, height: p.height };
}

export function bitmapsEqual(a: Bitmap, b: Bitmap): boolean {
  if (a.width !== b.width || a.height !== b.height || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}

/** Cuts a bitmap into bands of at most `rows` rows (printers limit the size of one raster command). */
export function bands(b: Bitmap, rows: number): Bitmap[] {
  const out: Bitmap[] = [];
  const rb = rowBytesOf(b.width);
  for (let y = 0; y < b.height; y += rows) {
    const h = Math.min(rows, b.height - y);
    out.push({ width: b.width, height: h, data: b.data.slice(y * rb, (y + h) * rb) });
  }
  return out;
}
