import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { listSaneDevices, runScanimage, type SaneCondition, type SaneEnv } from '../transports/sane';
import type { OcrPool } from './ocr-engine';
import { analysePage } from './page-analysis';
import { assemblePdf } from './pdf-assembly';
import { DEFAULT_READABILITY, type PageReadability, type ReadabilityPolicy, type ScannedDocument, type ScannedPage, type ScanOptions, type Scanner, type ScannerError, type ScannerStatus } from './scanner-types';

/**
 * Lets the demo simulator keep the real SANE protocol (the test backend's statuses and
 * timing) while supplying realistic document images instead of its test patterns.
 */
export interface PageSource {
  /** Extra scanimage arguments for this scan (e.g. an injected SANE_STATUS_JAMMED). */
  argsFor(options: ScanOptions): string[];
  /** Replaces the files scanimage wrote with the pages to keep; may return fewer (feeder ran out). */
  replace(scanned: string[], options: ScanOptions): Promise<string[]>;
}


export interface SaneScannerOptions {
  /** SANE device name, e.g. `fujitsu:fi-7160:1234` or `test` for the test backend. */
  device: string;
  env?: SaneEnv;
  /** The device's own names for sources and modes (scanimage --help lists them). */
  sourceNames?: { flatbed: string; adf: string };
  modeNames?: { gray: string; color: string };
  /** Scan area; A4 by default. The test backend clamps to 200×200 mm. */
  pageSizeMm?: { width: number; height: number };
  extraArgs?: string[];
  /** Per scanimage run; a whole ADF batch included. */
  timeoutMs?: number;
  logger: Logger;
  ocr?: OcrPool | null;
  readability?: ReadabilityPolicy;
  pageSource?: PageSource;
  kind?: string;
}

type Fault = 'jammed' | 'no-paper' | 'cover-open';

export class SaneScanner implements Scanner {
  readonly kind: string;
  readonly #o: SaneScannerOptions;
  #scanning = false;
  /** SANE cannot report jam/cover without a scan; the last scan's fault stands until a scan succeeds. */
  #lastFault: Fault | null = null;

  constructor(options: SaneScannerOptions) {
    this.#o = options;
    this.kind = options.kind ?? 'sane';
  }

  get device(): string {
    return this.#o.device;
  }

  async status(): Promise<ScannerStatus> {
    const device = this.#o.device;
    if (this.#scanning) return { state: 'scanning', device };
    const { devices, run } = await listSaneDevices(this.#o.env ?? {}, Math.min(this.#o.timeoutMs ?? 15_000, 15_000));
    if (run.condition === 'not-installed') return { state: 'disconnected', device, detail: 'scanimage not installed (sane-utils)' };
    const present = devices.some((d) => d.name === device || d.name.startsWith(device + ':'));
    if (!present) return { state: 'disconnected', device, detail: `not among ${devices.length} SANE device(s)` };
    if (this.#lastFault) return { state: this.#lastFault, device };
    return { state: 'ready', device };
  }

  async scan(options: ScanOptions): Promise<Result<ScannedDocument, ScannerError>> {
    const invalid = validate(options);
    if (invalid) return err({ code: 'invalid-options', detail: invalid });
    if (this.#scanning) return err({ code: 'busy', detail: 'a scan is already running' });
    this.#scanning = true;
    try {
      return await this.#scan(options);
    } finally {
      this.#scanning = false;
    }
  }

  async #scan(options: ScanOptions): Promise<Result<ScannedDocument, ScannerError>> {
    const log = this.#o.logger;
    const ext = options.format === 'jpeg' ? 'jpg' : 'png';
    await mkdir(options.outDir, { recursive: true });
    // Old pages in a reused folder must not end up in this document.
    for (const f of await readdir(options.outDir)) if (/^page-\d+\.(png|jpg)$/.test(f)) await rm(join(options.outDir, f));
    const size = this.#o.pageSizeMm ?? { width: 210, height: 297 };
    const src = this.#o.sourceNames ?? { flatbed: 'Flatbed', adf: 'Automatic Document Feeder' };
    const modes = this.#o.modeNames ?? { gray: 'Gray', color: 'Color' };
    const args = [
      '-d', this.#o.device,
      '--source', options.source === 'adf' ? src.adf : src.flatbed,
      '--mode', options.mode === 'color' ? modes.color : modes.gray,
      '--resolution', String(options.dpi),
      '--format', options.format === 'jpeg' ? 'jpeg' : 'png',
      ...(options.areaMm
        ? ['-l', String(options.areaMm.left), '-t', String(options.areaMm.top), '-x', String(options.areaMm.width), '-y', String(options.areaMm.height)]
        : ['-x', String(size.width), '-y', String(size.height)]),
      ...(this.#o.extraArgs ?? []),
      ...(this.#o.pageSource?.argsFor(options) ?? []),
    ];
    if (options.source === 'adf') {
      args.push(`--batch=${join(options.outDir, `page-%d.${ext}`)}`);
      if (options.pages) args.push('--batch-count', String(options.pages));
    } else {
      args.push('-o', join(options.outDir, `page-1.${ext}`));
    }
    const run = await runScanimage(args, this.#o.env ?? {}, this.#o.timeoutMs ?? 120_000);
    let files = (await readdir(options.outDir))
      .filter((f) => /^page-\d+\.(png|jpg)$/.test(f))
      .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
      .map((f) => join(options.outDir, f));
    log.info('scanner.scan', { device: this.#o.device, source: options.source, dpi: options.dpi, condition: run.condition, pages: files.length, ms: run.ms });

    const failure = this.#classify(run.condition, files.length, options);
    if (failure) {
      if (failure.code === 'jammed' || failure.code === 'no-paper' || failure.code === 'cover-open') this.#lastFault = failure.code;
      log.warn('scanner.scan-failed', { code: failure.code, exit: run.exitCode ?? -1 });
      return err({ ...failure, pagesBeforeFailure: files.length });
    }
    this.#lastFault = null;
    if (this.#o.pageSource) {
      files = await this.#o.pageSource.replace(files, options);
      if (files.length === 0) return err({ code: 'no-paper', detail: 'the feeder is empty' });
    }

    const pages: ScannedPage[] = [];
    for (const [i, path] of files.entries()) {
      const a = await analysePage(path);
      pages.push({ path, index: i + 1, widthPx: a.widthPx, heightPx: a.heightPx, dpi: options.dpi, inkCoverage: a.inkCoverage, luminanceStdDev: a.luminanceStdDev, blank: a.blank });
    }
    const dropBlank = options.dropBlankPages ?? true;
    const kept = dropBlank ? pages.filter((p) => !p.blank) : pages;
    const dropped = dropBlank ? pages.filter((p) => p.blank) : [];
    if (kept.length === 0) return err({ code: 'all-pages-blank', detail: `${pages.length} page(s), all blank`, pagesBeforeFailure: pages.length });

    let readabilityWarning = false;
    if (options.checkReadability) {
      const r = await this.#checkReadability(kept);
      if (!r.ok) return r;
      readabilityWarning = r.value;
    }
    const pdfPath = join(options.outDir, 'document.pdf');
    try {
      await assemblePdf(kept, pdfPath);
    } catch (e) {
      return err({ code: 'output-failed', detail: `PDF: ${e instanceof Error ? e.message : String(e)}` });
    }
    return ok({ pdfPath, pages: kept, droppedBlankPages: dropped, readabilityWarning });
  }

  async #checkReadability(pages: ScannedPage[]): Promise<Result<boolean, ScannerError>> {
    const policy = this.#o.readability ?? DEFAULT_READABILITY;
    if (!this.#o.ocr) return err({ code: 'unreadable', detail: 'readability check asked for but no OCR engine configured' });
    const engine = await this.#o.ocr.get(policy.lang);
    if (!engine.ok) return err({ code: 'unreadable', detail: `OCR unavailable: ${engine.error.code} ${engine.error.detail}` });
    let warning = false;
    for (const p of pages) {
      const r = await engine.value.recognize(p.path);
      if (!r.ok) return err({ code: 'unreadable', detail: `OCR failed: ${r.error.detail}` });
      const characters = (r.value.text.match(/[\p{L}\p{N}]/gu) ?? []).length;
      const readability: PageReadability = {
        confidence: r.value.confidence,
        characters,
        readable: r.value.confidence >= policy.minConfidence && characters >= policy.minCharacters,
      };
      p.readability = readability;
      if (!readability.readable) warning = true;
      this.#o.logger.info('scanner.readability', { page: p.index, confidence: Math.round(readability.confidence), characters, ms: r.value.ms });
    }
    return ok(warning);
  }

  #classify(c: SaneCondition, files: number, options: ScanOptions): Omit<ScannerError, 'pagesBeforeFailure'> | null {
    switch (c) {
      case 'ok':
        return files > 0 ? null : { code: 'io-error', detail: 'scanimage reported success but wrote no page' };
      case 'no-docs':
        // An ADF batch always ends with "out of documents"; only an empty first feed is an error.
        return files > 0 && options.source === 'adf' ? null : { code: 'no-paper', detail: 'no document in the feeder' };
      case 'jammed': return { code: 'jammed', detail: 'paper jam' };
      case 'cover-open': return { code: 'cover-open', detail: 'cover open' };
      case 'busy': return { code: 'busy', detail: 'device busy' };
      case 'timeout': return { code: 'timeout', detail: `no result within ${this.#o.timeoutMs ?? 120_000} ms` };
      case 'not-installed': return { code: 'disconnected', detail: 'scanimage not installed (sane-utils)' };
      case 'no-device': return { code: 'disconnected', detail: `device ${this.#o.device} not found` };
      case 'invalid': return { code: 'invalid-options', detail: 'the device rejected an option' };
      default: return { code: 'io-error', detail: `SANE: ${c}` };
    }
  }

  async test(outDir: string): Promise<Result<string[], ScannerError>> {
    const st = await this.status();
    const lines = [`device ${this.#o.device}: ${st.state}${'detail' in st ? ` (${st.detail})` : ''}`];
    if (st.state === 'disconnected') return err({ code: 'disconnected', detail: lines.join('; ') });
    await mkdir(outDir, { recursive: true });
    const file = join(outDir, 'diag-test.png');
    const run = await runScanimage(
      ['-d', this.#o.device, '--resolution', '50', '--format', 'png', '-x', '50', '-y', '50', ...(this.#o.extraArgs ?? []), '-o', file],
      this.#o.env ?? {},
      this.#o.timeoutMs ?? 60_000,
    );
    const failure = this.#classify(run.condition, run.condition === 'ok' ? 1 : 0, { source: 'flatbed', mode: 'gray', dpi: 50, outDir });
    if (failure) return err({ ...failure, detail: `${failure.detail} (exit ${run.exitCode})` });
    const a = await analysePage(file);
    lines.push(`test scan 50×50 mm @ 50 dpi: ${a.widthPx}×${a.heightPx} px in ${run.ms} ms`, `ink coverage ${(a.inkCoverage * 100).toFixed(1)} %`);
    return ok(lines);
  }

  async close(): Promise<void> {
    // Nothing held open: each scan is one scanimage process. The OCR pool belongs to the caller.
  }
}

function validate(o: ScanOptions): string | null {
  if (o.source !== 'flatbed' && o.source !== 'adf') return 'source must be flatbed or adf';
  if (o.mode !== 'gray' && o.mode !== 'color') return 'mode must be gray or color';
  if (!Number.isInteger(o.dpi) || o.dpi < 50 || o.dpi > 1200) return 'dpi must be an integer 50–1200';
  if (o.pages !== undefined && (!Number.isInteger(o.pages) || o.pages < 1 || o.pages > 500)) return 'pages must be 1–500';
  if (!o.outDir) return 'outDir is required';
  if (o.areaMm && [o.areaMm.left, o.areaMm.top, o.areaMm.width, o.areaMm.height].some((v) => !Number.isFinite(v) || v < 0)) return 'areaMm must be non-negative numbers';
  return null;
}
