import { createCanvas, loadImage } from '@napi-rs/canvas';
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

type Rect = { left: number; top: number; width: number; height: number };

/**
 * Reads the TD1 MRZ from a scanned card image with tesseract (eng, whitelist A-Z0-9<).
 * Stock tesseract reads OCR-B poorly as a block (runs of '<' become K/L/S, stray characters
 * appear), so, following the device notes: (1) one whitelisted pass finds the three lines'
 * boxes; (2) each line is re-read alone with PSM 7; (3) positions that must be digits or
 * letters are corrected (O↔0, I↔1 …); (4) a line that still is not 30 characters, fails its
 * check digits, or is the name line (no check digit) is read cell by cell — OCR-B is
 * fixed-pitch, so the line box splits into 30 character cells, each read with PSM 10.
 * Only an MRZ whose every check digit holds is returned; otherwise the image is upscaled
 * and binarised and read again, and after that a `rescan-needed` error asks for a new scan.
 */
export async function readMrzFromImage(engine: OcrEngine, image: string | Buffer, opts: { maxAttempts?: number } = {}): Promise<Result<MrzOcrResult, MrzOcrError>> {
  const t0 = Date.now();
  const maxAttempts = opts.maxAttempts ?? 2;
  let buf: Buffer;
  try {
    buf = typeof image === 'string' ? await readFile(image) : image;
  } catch (e) {
    return err({ code: 'bad-image', detail: e instanceof Error ? e.message : String(e), attempts: 0 });
  }
  let lastParseError: MrzError | undefined;
  let found = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const img = attempt === 1 ? buf : await enhance(buf);
    if (!img) return err({ code: 'bad-image', detail: 'not a decodable image', attempts: attempt });
    const located = await locate(engine, img);
    if (!located.ok) return err({ ...located.error, attempts: attempt });
    if (!located.value) continue;
    found = true;
    const boxes = located.value;
    const lines: string[] = [];
    for (let i = 0; i < 3; i++) {
      const box = boxes[i]!;
      let text = i === 2 ? '' : fixPositions(await readLine(engine, img, box), i);
      if (i === 2 || text.length !== 30 || !lineChecksHold(text, i)) text = fixPositions(await readCells(engine, img, box), i);
      lines.push(text);
    }
    const parsed = parseMrz(lines);
    if (parsed.ok) {
      return ok({ identity: parsed.value, nameLooksValid: /^[A-Z]+(<[A-Z]+)*<<[A-Z]+(<[A-Z]+)*<*$/.test(lines[2]!), attempts: attempt, ms: Date.now() - t0 });
    }
    lastParseError = parsed.error;
  }
  return err({
    code: found ? 'rescan-needed' : 'mrz-not-found',
    detail: found ? `MRZ read but not valid after ${maxAttempts} attempts` : 'no three MRZ-like lines on the image',
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
  return { left: Math.max(0, Math.round(r.left - px)), top: Math.max(0, Math.round(r.top - py)), width: Math.round(r.width + 2 * px), height: Math.round(r.height + 2 * py) };
}

async function readLine(engine: OcrEngine, img: Buffer, box: Rect): Promise<string> {
  const r = await engine.recognize(img, { psm: 'single-line', whitelist: MRZ_WHITELIST, rectangle: pad(box, box.height * 0.3, box.height * 0.3) });
  return r.ok ? r.value.text.replace(/\s/g, '') : '';
}

async function readCells(engine: OcrEngine, img: Buffer, box: Rect): Promise<string> {
  const pitch = box.width / 30;
  let s = '';
  for (let k = 0; k < 30; k++) {
    const cell = pad({ left: box.left + k * pitch, top: box.top, width: pitch, height: box.height }, pitch * 0.12, box.height * 0.2);
    const r = await engine.recognize(img, { psm: 'single-char', whitelist: MRZ_WHITELIST, rectangle: cell });
    const c = r.ok ? r.value.text.replace(/\s/g, '') : '';
    // An empty cell is almost always a thin '<' the engine dropped.
    s += c.length === 1 ? c : c.length === 0 ? '<' : c[0]!;
  }
  return s;
}

const TO_DIGIT: Record<string, string> = { O: '0', Q: '0', D: '0', U: '0', I: '1', L: '1', T: '1', Z: '2', S: '5', B: '8', G: '6' };
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

function lineChecksHold(text: string, line: number): boolean {
  if (line === 0) return /^I[A-Z<]VNM\d{9}\d\d{12}<<\d$/.test(text);
  if (line === 1) return /^\d{7}[MF<]\d{7}[A-Z]{3}<{11}\d$/.test(text);
  return true;
}

/** Second attempt: 2× upscale and a hard threshold, which helps on soft or low-dpi scans. */
async function enhance(buf: Buffer): Promise<Buffer | null> {
  try {
    const img = await loadImage(buf);
    const w = img.width * 2, h = img.height * 2;
    const c = createCanvas(w, h);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0, w, h);
    const data = ctx.getImageData(0, 0, w, h);
    const d = data.data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    const cut = (sum / (d.length / 4)) * 0.75;
    for (let i = 0; i < d.length; i += 4) {
      const v = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]! < cut ? 0 : 255;
      d[i] = d[i + 1] = d[i + 2] = v;
    }
    ctx.putImageData(data, 0, 0);
    return c.toBuffer('image/png');
  } catch {
    return null;
  }
}
