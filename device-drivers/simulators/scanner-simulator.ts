import { canvasLib } from '../imaging/canvas';
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/logger';
import type { OcrPool } from '../scanner/ocr-engine';
import { SaneScanner, type PageSource } from '../scanner/sane-scanner';
import type { ReadabilityPolicy, ScanOptions } from '../scanner/scanner-types';
import { ensureTestBackendConfigDir } from '../transports/sane';

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'assets', 'samples');

export interface SampleManifest {
  pages: Array<{ file: string; dpi: number; kind: 'text' | 'blank' | 'unreadable' | 'faded'; text: string[] }>;
  cards: Array<{ file: string; dpi: number; side: 'front' | 'back'; mrz?: string[]; qr?: string }>;
}

export function loadSampleManifest(): SampleManifest {
  return JSON.parse(readFileSync(join(SAMPLES_DIR, 'samples.json'), 'utf8')) as SampleManifest;
}

export const samplePath = (file: string) => join(SAMPLES_DIR, file);

export type ScannerFault = 'jam' | 'no-paper' | 'cover-open';

const FAULT_STATUS: Record<ScannerFault, string> = {
  jam: 'SANE_STATUS_JAMMED',
  'no-paper': 'SANE_STATUS_NO_DOCS',
  'cover-open': 'SANE_STATUS_COVER_OPEN',
};

/**
 * The demo/training scanner. The device protocol is real: every scan runs `scanimage`
 * against SANE's `test` backend (its timing, its exit codes, its jam / no-docs / cover-open
 * statuses, the ADF's batch mode). Only the image content is simulated: the test backend
 * draws test patterns at most 200×200 mm, so the pages it returns are replaced by the bundled
 * A4 sample pages (assets/samples), resampled to the requested dpi and mode.
 */
export class ScannerSimulator implements PageSource {
  #fault: ScannerFault | null = null;
  #feeder: string[];
  #glass: string | null;
  #scans = 0;

  readonly #refill: string[] | null;

  /**
   * `autoRefill`: for the unattended demo, an empty feeder is refilled with the sample
   * document (two text pages with a blank back between) instead of reporting no paper.
   */
  constructor(opts: { feeder?: string[]; glass?: string | null; autoRefill?: boolean } = {}) {
    const m = loadSampleManifest();
    const text = m.pages.filter((p) => p.kind === 'text').map((p) => samplePath(p.file));
    const blank = m.pages.filter((p) => p.kind === 'blank').map((p) => samplePath(p.file));
    this.#refill = opts.autoRefill ? [text[0]!, ...blank, ...text.slice(1)] : null;
    this.#feeder = opts.feeder ?? [];
    this.#glass = opts.glass === undefined ? (text[0] ?? null) : opts.glass;
  }

  /** Control API: a fault stays until cleared, like a real jam until someone opens the door. */
  setFault(fault: ScannerFault | null): void {
    this.#fault = fault;
  }
  get fault(): ScannerFault | null {
    return this.#fault;
  }
  /** Put sheets in the document feeder (top sheet first). The test backend feeds at most 10 a batch. */
  loadFeeder(paths: string[]): void {
    this.#feeder.push(...paths);
  }
  get feederCount(): number {
    return this.#feeder.length;
  }
  /** Put a page (or a card) on the flatbed glass; null = empty glass (a white page is scanned). */
  placeOnGlass(path: string | null): void {
    this.#glass = path;
  }
  get scanCount(): number {
    return this.#scans;
  }

  argsFor(options: ScanOptions): string[] {
    const args = ['--test-picture', 'Solid white'];
    if (this.#fault) return [...args, '--read-return-value', FAULT_STATUS[this.#fault]];
    if (options.source === 'adf') {
      if (this.#feeder.length === 0 && this.#refill) this.#feeder.push(...this.#refill);
      // An empty tray is reported by the backend itself, as a real ADF would.
      if (this.#feeder.length === 0) return [...args, '--read-return-value', FAULT_STATUS['no-paper']];
      if (options.pages === undefined) args.push('--batch-count', String(Math.min(10, this.#feeder.length)));
    }
    return args;
  }

  async replace(scanned: string[], options: ScanOptions): Promise<string[]> {
    this.#scans++;
    const out: string[] = [];
    for (const [i, target] of scanned.entries()) {
      const source = options.source === 'adf' ? this.#feeder.shift() : i === 0 ? this.#glass : undefined;
      if (source === undefined) {
        await rm(target, { force: true });
        continue;
      }
      await renderPage(source, target, options);
      out.push(target);
    }
    return out;
  }
}

/** Draws a sample (or a white page) at A4 and the requested dpi, into the file scanimage wrote. */
async function renderPage(source: string | null, target: string, options: ScanOptions): Promise<void> {
  const mm = (v: number) => Math.round((v / 25.4) * options.dpi);
  const area = options.areaMm ?? { left: 0, top: 0, width: 210, height: 297 };
  const w = mm(area.width);
  const h = mm(area.height);
  const c = canvasLib().createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fbfaf6';
  ctx.fillRect(0, 0, w, h);
  if (source) {
    const img = await canvasLib().loadImage(await readFile(source));
    const m = loadSampleManifest();
    const rel = source.startsWith(SAMPLES_DIR) ? source.slice(SAMPLES_DIR.length + 1) : '';
    const dpi = [...m.pages, ...m.cards].find((p) => p.file === rel)?.dpi ?? options.dpi;
    const s = options.dpi / dpi;
    // A card lies 5 mm from the corner guide; a page fills the glass.
    const offset = img.width * s < mm(210) * 0.9 ? mm(5) : 0;
    ctx.drawImage(img, offset - mm(area.left), offset - mm(area.top), Math.round(img.width * s), Math.round(img.height * s));
  }
  if (options.mode === 'gray') {
    const data = ctx.getImageData(0, 0, w, h);
    const d = data.data;
    for (let i = 0; i < d.length; i += 4) {
      const l = Math.round(0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!);
      d[i] = d[i + 1] = d[i + 2] = l;
    }
    ctx.putImageData(data, 0, 0);
  }
  await writeFile(target, options.format === 'jpeg' ? c.toBuffer('image/jpeg', 85) : c.toBuffer('image/png'));
}

export interface SimulatedScannerOptions {
  /** Where to write the SANE config that loads only the test backend. */
  saneConfigDir: string;
  logger: Logger;
  ocr?: OcrPool | null;
  readability?: ReadabilityPolicy;
  feeder?: string[];
  glass?: string | null;
  autoRefill?: boolean;
  /** Make the test backend as slow as real hardware (µs per buffer), for the demo. */
  readDelayUs?: number;
}

/** The real SANE driver, on the test backend, with the simulator as page source. */
export function createSimulatedScanner(o: SimulatedScannerOptions): { scanner: SaneScanner; control: ScannerSimulator } {
  const control = new ScannerSimulator({ feeder: o.feeder, glass: o.glass, autoRefill: o.autoRefill });
  const scanner = new SaneScanner({
    kind: 'simulator',
    device: 'test',
    env: { configDir: ensureTestBackendConfigDir(o.saneConfigDir) },
    // The backend clamps to 200×200 mm anyway; asking for that avoids a warning per scan.
    pageSizeMm: { width: 200, height: 200 },
    extraArgs: o.readDelayUs ? ['--read-delay=yes', '--read-delay-duration', String(o.readDelayUs)] : [],
    logger: o.logger,
    ocr: o.ocr ?? null,
    readability: o.readability,
    pageSource: control,
  });
  return { scanner, control };
}
