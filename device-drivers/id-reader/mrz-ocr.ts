import type { Image } from '@napi-rs/canvas';
import { canvasLib } from '../imaging/canvas';
import { readFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../common/result';
import type { OcrEngine, OcrLine } from '../scanner/ocr-engine';
import { parseMrz, type MrzError, type MrzIdentity } from './mrz';

export const MRZ_WHITELIST = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

export type MrzOcrErrorCode = 'mrz-not-found' | 'rescan-needed' | 'ocr-failed' | 'bad-image';

export interface MrzOcrError {
  code: MrzOcrErrorCode;
  detail: string;
  /** The last parse error, when lines were found but did not validate. */
  lastParseError?: MrzError;
  attempts: number;
}

export interface MrzOcrResult {
  identity: MrzIdentity;
  /** The name line has no check digit: true when it also has the shape SURNAME<<GIVEN<NAMES<<<. */
  nameLooksValid: boolean;
  attempts: number;
  ms: number;
}

const NAME_LINE = /^[A-Z]+(<[A-Z]+)*<<[A-Z]+(<[A-Z]+)*<*$/;

type Rect = { left: number; top: number; width: number; height: number };

/**
 * Reads the TD1 MRZ from a scanned card image with tesseract (eng, whitelist A-Z0-9<).
 * Stock tesseract reads OCR-B poorly as a block (runs of '<' become K/L/S, stray characters
 * appear), so, following the device notes: (1) one whitelisted pass finds the three lines'
 * boxes; (2) each line is re-read alone with PSM 7; (3) positions that must be digits or
 * letters are corrected (O↔0, I↔1 …); (4) a line that still is not 30 characters, fails its
 * check digits, or is the name line (no check digit) is read cell by cell — OCR-B is
 * fixed-pitch, so the line box splits into 30 character cells, each read with PSM 10.
 * Only an MRZ whose every check digit holds is returned; otherwise the line crops are
 * upscaled and binarised and read again, and after that a `rescan-needed` error asks for a
 * new scan.
 */
export async function readMrzFromImage(engine: OcrEngine, image: string | Buffer, opts: { maxAttempts?: number } = {}): Promise<Result<MrzOcrResult, MrzOcrError>> {
  const t0 = Date.now();
  const maxAttempts = opts.maxAttempts ?? 2;
  let src: Image;
  try {
    src = await canvasLib().loadImage(typeof image === 'string' ? await readFile(image) : image);
  } catch (e) {
    return err({ code: 'bad-image', detail: e instanceof Error ? e.message : String(e), attempts: 0 });
  }
  let lastParseError: MrzError | undefined;
  let boxes: Rect[] | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    // Attempt 1 reads the image as scanned; later attempts binarise and upscale the crops,
    // which helps soft or low-dpi scans.
    const enhance = attempt > 1;
    if (!boxes) {
      const located = await locate(engine, crop(src, { left: 0, top: 0, width: src.width, height: src.height }, 1, enhance).png);
      if (!located.ok) return err({ ...located.error, attempts: attempt });
      boxes = located.value;
      if (!boxes) continue;
    }
    // Per line: the PSM 7 read and, when needed, the cell-by-cell read are both candidates;
    // the check digits choose between them.
    const candidates: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const box = boxes[i]!;
      // Crop each line once: tesseract.js decodes the whole image on every call, so
      // sending the full scan for each line or cell would cost seconds.
      const scale = enhance ? 2 : 1;
      const padX = box.height * 0.4, padY = box.height * 0.35;
      const lineImg = crop(src, pad(box, padX, padY), scale, enhance);
      const inner = { left: Math.round(padX * scale), top: Math.round(padY * scale), width: Math.round(box.width * scale), height: Math.round(box.height * scale) };
      const whole = fixPositions(await readLine(engine, lineImg), i);
      const wholeOk = whole.length === 30 && lineShapeHolds(whole, i) && (i < 2 || NAME_LINE.test(whole));
      const options = wholeOk ? [whole] : [];
      const pitch = box.width / 30;
      const zoomCell = (k: number) => crop(src, pad({ left: box.left + k * pitch, top: box.top, width: pitch, height: box.height }, pitch * 0.3, box.height * 0.3), 3, false).png;
      if (!wholeOk || i < 2) options.push(fixPositions(await readCells(engine, lineImg, inner, whole, zoomCell), i));
      candidates.push([...new Set(options)]);
    }
    let lines = candidates.map((c) => c[0]!);
    for (const a of candidates[0]!) for (const b of candidates[1]!) {
      if (parseMrz([a, b, lines[2]!]).ok) lines = [a, b, lines[2]!];
    }
    const parsed = parseMrz(lines);
    if (parsed.ok) {
      return ok({ identity: parsed.value, nameLooksValid: NAME_LINE.test(lines[2]!), attempts: attempt, ms: Date.now() - t0 });
    }
    lastParseError = parsed.error;
  }
  return err({
    code: boxes ? 'rescan-needed' : 'mrz-not-found',
    detail: boxes ? `MRZ read but not valid after ${maxAttempts} attempts` : 'no three MRZ-like lines on the image',
    lastParseError,
    attempts: maxAttempts,
  });
}

async function locate(engine: OcrEngine, img: Buffer): Promise<Result<Rect[] | null, Omit<MrzOcrError, 'attempts'>>> {
  const r = await engine.recognize(img, { psm: 'single-block', whitelist: MRZ_WHITELIST });
  if (!r.ok) return err({ code: 'ocr-failed', detail: r.error.detail });
  const lines = r.value.lines.filter((l) => l.text.replace(/\s/g, '').length >= 20);
  // Line 1 of a CCCD starts "ID" (maybe with a stray character); take it and the two below.
  const start = lines.findIndex((l) => /^.?I[D0O]?.?VNM/.test(l.text.replace(/\s/g, '')));
  const pick = start >= 0 ? lines.slice(start, start + 3) : lines.filter((l) => l.text.includes('<<')).slice(-3);
  if (pick.length !== 3) return ok(null);
  const x0 = Math.min(...pick.map((l) => l.bbox.x0));
  const x1 = Math.max(...pick.map((l) => l.bbox.x1));
  // The three lines share one left and right edge (fixed pitch, all 30 characters wide).
  return ok(pick.map((l: OcrLine) => ({ left: x0, top: l.bbox.y0, width: x1 - x0, height: l.bbox.y1 - l.bbox.y0 })));
}

function pad(r: Rect, px: number, py: number): Rect {
  return { left: Math.round(r.left - px), top: Math.round(r.top - py), width: Math.round(r.width + 2 * px), height: Math.round(r.height + 2 * py) };
}

interface Crop {
  png: Buffer;
  width: number;
  /** Luminance per pixel, for ink measurements. */
  lum: Float32Array;
}

/** Cuts a region (white outside the image), optionally scaled and binarised, as PNG. */
function crop(src: Image, r: Rect, scale: number, binarise: boolean): Crop {
  const w = Math.max(1, Math.round(r.width * scale)), h = Math.max(1, Math.round(r.height * scale));
  const c = canvasLib().createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(src, r.left, r.top, r.width, r.height, 0, 0, w, h);
  if (binarise) {
    const data = ctx.getImageData(0, 0, w, h);
    const d = data.data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    const cut = (sum / (d.length / 4)) * 0.7;
    for (let i = 0; i < d.length; i += 4) {
      const v = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]! < cut ? 0 : 255;
      d[i] = d[i + 1] = d[i + 2] = v;
    }
    ctx.putImageData(data, 0, 0);
  }
  const d = ctx.getImageData(0, 0, w, h).data;
  const lum = new Float32Array(w * h);
  for (let i = 0; i < lum.length; i++) lum[i] = 0.299 * d[i * 4]! + 0.587 * d[i * 4 + 1]! + 0.114 * d[i * 4 + 2]!;
  return { png: c.toBuffer('image/png'), width: w, lum };
}

/** Dark pixels in a rectangle of a crop. */
function inkIn(c: Crop, r: Rect): number {
  let n = 0;
  const h = c.lum.length / c.width;
  for (let y = Math.max(0, Math.round(r.top)); y < Math.min(h, Math.round(r.top + r.height)); y++)
    for (let x = Math.max(0, Math.round(r.left)); x < Math.min(c.width, Math.round(r.left + r.width)); x++) if (c.lum[y * c.width + x]! < 128) n++;
  return n;
}

async function readLine(engine: OcrEngine, lineImg: Crop): Promise<string> {
  const r = await engine.recognize(lineImg.png, { psm: 'single-line', whitelist: MRZ_WHITELIST });
  return r.ok ? r.value.text.replace(/\s/g, '') : '';
}

async function readCells(engine: OcrEngine, lineImg: Crop, box: Rect, wholeRead: string, zoomCell: (k: number) => Buffer): Promise<string> {
  const pitch = box.width / 30;
  const chars: string[] = [];
  const ink: number[] = [];
  for (let k = 0; k < 30; k++) {
    const cell = pad({ left: box.left + k * pitch, top: box.top, width: pitch, height: box.height }, pitch * 0.12, box.height * 0.2);
    const rect = { ...cell, left: Math.max(0, cell.left), top: Math.max(0, cell.top) };
    ink.push(inkIn(lineImg, { left: box.left + k * pitch, top: box.top, width: pitch, height: box.height }));
    const r = await engine.recognize(lineImg.png, { psm: 'single-char', whitelist: MRZ_WHITELIST, rectangle: rect });
    chars.push(r.ok ? r.value.text.replace(/\s/g, '')[0] ?? '' : '');
  }
  // '<' is a thin chevron: calibrate its ink on this line's trailing filler (the cells that
  // read '<' at the end), then a cell read as "<" or as nothing but with 1.3× the ink of
  // that is a letter the engine lost. Take the whole-line read's letter there, else re-read.
  const fillerInk = ink.filter((_, k) => k >= 20 && chars[k] === '<').sort((a, b) => a - b);
  const ref = fillerInk.length ? fillerInk[Math.floor(fillerInk.length / 2)]! : 0;
  for (let k = 0; k < 30; k++) {
    if (chars[k] !== '<' && chars[k] !== '') continue;
    const heavy = ref > 0 && ink[k]! > ref * 1.3;
    if (!heavy) {
      chars[k] = ink[k]! === 0 && ref > 0 ? '<' : chars[k] || '<';
      continue;
    }
    const w = wholeRead.length === 30 ? wholeRead[k]! : '';
    if (/[A-Z0-9]/.test(w)) {
      chars[k] = w;
      continue;
    }
    // Small single glyphs are where tesseract gives up: read this one zoomed 3×, letters only.
    const again = await engine.recognize(zoomCell(k), { psm: 'single-char', whitelist: MRZ_WHITELIST.replace('<', '') });
    chars[k] = (again.ok ? again.value.text.replace(/\s/g, '')[0] : undefined) ?? '<';
  }
  return chars.join('');
}

const TO_DIGIT: Record<string, string> = { '<': '0', O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', T: '1', Z: '2', S: '5', B: '8', G: '6' };
const TO_ALPHA: Record<string, string> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '8': 'B', '6': 'G' };

/** TD1 positions (0-based) that can only be digits, per line. */
const DIGITS: ReadonlyArray<ReadonlyArray<[number, number]>> = [
  [[5, 27], [29, 30]],
  [[0, 7], [8, 15], [29, 30]],
  [],
];

export function fixPositions(text: string, line: number): string {
  const chars = [...text.toUpperCase().replace(/[^A-Z0-9<]/g, '')];
  for (const [a, b] of DIGITS[line] ?? []) for (let i = a; i < Math.min(b, chars.length); i++) chars[i] = TO_DIGIT[chars[i]!] ?? chars[i]!;
  if (line === 0) for (let i = 0; i < Math.min(5, chars.length); i++) chars[i] = TO_ALPHA[chars[i]!] ?? chars[i]!;
  if (line === 1) {
    for (let i = 15; i < Math.min(18, chars.length); i++) chars[i] = TO_ALPHA[chars[i]!] ?? chars[i]!;
    for (let i = 18; i < Math.min(29, chars.length); i++) if (chars[i] !== '<') chars[i] = '<'; // CCCD: optional data 2 is empty
  }
  if (line === 2) for (let i = 0; i < chars.length; i++) chars[i] = TO_ALPHA[chars[i]!] ?? chars[i]!;
  return chars.join('');
}

function lineShapeHolds(text: string, line: number): boolean {
  if (line === 0) return /^I[A-Z<]VNM\d{9}\d\d{12}<<\d$/.test(text);
  if (line === 1) return /^\d{7}[MF<]\d{7}[A-Z]{3}<{11}\d$/.test(text);
  return true;
}
