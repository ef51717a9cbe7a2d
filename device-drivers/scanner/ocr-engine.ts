import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { err, ok, type Result } from '../../common/result';

/** Debian's tesseract-ocr-vie / -eng ("fast" 4.1 models). Never fetched from the network. */
export const DEFAULT_TESSDATA = '/usr/share/tesseract-ocr/5/tessdata';

export type OcrErrorCode = 'language-data-missing' | 'worker-start-timeout' | 'worker-failed' | 'recognize-failed';
export interface OcrError {
  code: OcrErrorCode;
  detail: string;
}

export interface OcrJob {
  rectangle?: { left: number; top: number; width: number; height: number };
  psm?: 'auto' | 'single-block' | 'single-line' | 'single-word' | 'single-char';
  whitelist?: string;
}

export interface OcrLine {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrOutput {
  text: string;
  confidence: number;
  lines: OcrLine[];
  ms: number;
}

const PSMS = { auto: PSM.AUTO, 'single-block': PSM.SINGLE_BLOCK, 'single-line': PSM.SINGLE_LINE, 'single-word': PSM.SINGLE_WORD, 'single-char': PSM.SINGLE_CHAR } as const;

/**
 * One warm tesseract.js worker for one language, reused for every page: starting a worker
 * costs ~0.5 s, a page ~1 s. Jobs are serialised because parameters (PSM, whitelist) are
 * worker-wide. Language data comes from local files only (gzip:false reads the plain
 * .traineddata; cacheMethod:'none' stops tesseract.js writing a copy into the cwd).
 */
export class OcrEngine {
  readonly lang: string;
  #worker: Worker;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(lang: string, worker: Worker) {
    this.lang = lang;
    this.#worker = worker;
  }

  static async create(lang: string, opts: { langPath?: string; startTimeoutMs?: number } = {}): Promise<Result<OcrEngine, OcrError>> {
    const langPath = opts.langPath ?? DEFAULT_TESSDATA;
    // A missing file is thrown from inside the worker as an uncaught exception and takes the
    // whole process down, so check first.
    for (const l of lang.split('+')) {
      const file = join(langPath, `${l}.traineddata`);
      if (!existsSync(file)) return err({ code: 'language-data-missing', detail: `${file} not found (install tesseract-ocr-${l})` });
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), opts.startTimeoutMs ?? 20_000)));
    const started = createWorker(lang.split('+'), OEM.LSTM_ONLY, { langPath, gzip: false, cacheMethod: 'none' });
    try {
      const w = await Promise.race([started, timeout]);
      if (w === 'timeout') {
        // If it ever starts, do not leak it.
        started.then((late) => late.terminate()).catch(() => {});
        return err({ code: 'worker-start-timeout', detail: `tesseract.js worker did not start within ${opts.startTimeoutMs ?? 20_000} ms` });
      }
      return ok(new OcrEngine(lang, w));
    } catch (e) {
      return err({ code: 'worker-failed', detail: e instanceof Error ? e.message : String(e) });
    } finally {
      clearTimeout(timer);
    }
  }

  recognize(image: string | Buffer, job: OcrJob = {}): Promise<Result<OcrOutput, OcrError>> {
    const run = this.#queue.then(() => this.#run(image, job));
    this.#queue = run.catch(() => {});
    return run;
  }

  async #run(image: string | Buffer, job: OcrJob): Promise<Result<OcrOutput, OcrError>> {
    const t0 = Date.now();
    try {
      await this.#worker.setParameters({
        tessedit_pageseg_mode: PSMS[job.psm ?? 'auto'],
        tessedit_char_whitelist: job.whitelist ?? '',
      });
      const { data } = await this.#worker.recognize(image, job.rectangle ? { rectangle: job.rectangle } : {}, { text: true, blocks: true });
      const lines: OcrLine[] = [];
      for (const b of data.blocks ?? []) for (const p of b.paragraphs) for (const l of p.lines) lines.push({ text: l.text.replace(/\n$/, ''), confidence: l.confidence, bbox: l.bbox });
      return ok({ text: data.text, confidence: data.confidence, lines, ms: Date.now() - t0 });
    } catch (e) {
      return err({ code: 'recognize-failed', detail: e instanceof Error ? e.message : String(e) });
    }
  }

  async terminate(): Promise<void> {
    await this.#queue;
    await this.#worker.terminate();
  }
}

/** Lazily started engines per language, shared by the scanner's readability check and MRZ reading. */
export class OcrPool {
  readonly #engines = new Map<string, Promise<Result<OcrEngine, OcrError>>>();
  readonly #opts: { langPath?: string; startTimeoutMs?: number };

  constructor(opts: { langPath?: string; startTimeoutMs?: number } = {}) {
    this.#opts = opts;
  }

  get(lang: string): Promise<Result<OcrEngine, OcrError>> {
    let e = this.#engines.get(lang);
    if (!e) {
      e = OcrEngine.create(lang, this.#opts);
      this.#engines.set(lang, e);
      // A failed start is not cached: the next call tries again (e.g. after installing the data).
      void e.then((r) => { if (!r.ok) this.#engines.delete(lang); });
    }
    return e;
  }

  async terminate(): Promise<void> {
    const all = [...this.#engines.values()];
    this.#engines.clear();
    for (const p of all) {
      const r = await p;
      if (r.ok) await r.value.terminate();
    }
  }
}
