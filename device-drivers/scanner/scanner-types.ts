import type { Result } from '../../common/result';

export type ScanSource = 'flatbed' | 'adf';
export type ScanMode = 'gray' | 'color';

export interface ScanOptions {
  source: ScanSource;
  mode: ScanMode;
  dpi: number;
  /** ADF: how many sheets at most (default: until the feeder is empty). Flatbed: always 1. */
  pages?: number;
  /** Folder the page images and the PDF are written to (created if missing). */
  outDir: string;
  /** Page image format. PNG is lossless; JPEG is ~10× smaller for colour pages. */
  format?: 'png' | 'jpeg';
  /**
   * Scan only this area of the glass (mm from the top-left corner), e.g. the ID-card corner
   * guide: a 90×60 mm area at 300 dpi is 1 Mpx instead of 8.7 Mpx for A4.
   */
  areaMm?: { left: number; top: number; width: number; height: number };
  /** Remove blank pages (back sides, separator sheets). Default true. */
  dropBlankPages?: boolean;
  /** OCR each page and report how readable it is. Default false (costs ~0.5–1 s a page). */
  checkReadability?: boolean;
}

export interface PageReadability {
  /** tesseract mean word confidence, 0–100. */
  confidence: number;
  /** Letters and digits recognised. */
  characters: number;
  readable: boolean;
}

export interface ScannedPage {
  path: string;
  index: number;
  widthPx: number;
  heightPx: number;
  dpi: number;
  /** Fraction of the page (inside a 4% margin) darker than the ink threshold. */
  inkCoverage: number;
  /** Standard deviation of luminance (0–255) over the same area. */
  luminanceStdDev: number;
  blank: boolean;
  readability?: PageReadability;
}

export interface ScannedDocument {
  /** One PDF with every kept page. */
  pdfPath: string;
  pages: ScannedPage[];
  /** Blank pages found and left out of the PDF. */
  droppedBlankPages: ScannedPage[];
  /** True when a readability check ran and at least one page failed it. */
  readabilityWarning: boolean;
}

export type ScannerErrorCode =
  | 'jammed'
  | 'no-paper'
  | 'cover-open'
  | 'busy'
  | 'disconnected'
  | 'io-error'
  | 'timeout'
  | 'invalid-options'
  | 'all-pages-blank'
  | 'unreadable'
  | 'output-failed';

export interface ScannerError {
  code: ScannerErrorCode;
  /** Technician-facing detail; never document content. */
  detail: string;
  /** Pages that were scanned before a mid-batch failure (e.g. a jam on sheet 3). */
  pagesBeforeFailure?: number;
}

export type ScannerStatus =
  | { state: 'ready'; device: string }
  | { state: 'scanning'; device: string }
  | { state: 'jammed'; device: string }
  | { state: 'no-paper'; device: string }
  | { state: 'cover-open'; device: string }
  | { state: 'disconnected'; device: string; detail: string }
  | { state: 'error'; device: string; detail: string };

export interface Scanner {
  readonly kind: string;
  /** Cheap: device present? plus the last mechanical condition (SANE has no status call without a scan). */
  status(): Promise<ScannerStatus>;
  scan(options: ScanOptions): Promise<Result<ScannedDocument, ScannerError>>;
  /** Diagnostic scan of a small area at low resolution; lines for the technician. */
  test(outDir: string): Promise<Result<string[], ScannerError>>;
  close(): Promise<void>;
}

export interface ReadabilityPolicy {
  lang: string;
  /** tesseract mean confidence below which a page is "hard to read". */
  minConfidence: number;
  /** Fewer recognised letters/digits than this on a non-blank page also fails. */
  minCharacters: number;
}

export const DEFAULT_READABILITY: ReadabilityPolicy = { lang: 'vie', minConfidence: 60, minCharacters: 40 };
