import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../common/logger';
import { createSimulatedScanner, loadSampleManifest, samplePath } from '../simulators/scanner-simulator';
import { ensureTestBackendConfigDir } from '../transports/sane';
import { OcrPool } from './ocr-engine';
import { analysePage } from './page-analysis';
import { SaneScanner } from './sane-scanner';

let work: string;
let saneDir: string;
const ocr = new OcrPool();

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'kiosk-scan-'));
  saneDir = ensureTestBackendConfigDir(join(work, 'sane'));
});
afterAll(async () => {
  await ocr.terminate();
  rmSync(work, { recursive: true, force: true });
});

const pdfPageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
const testBackend = (extraArgs: string[]) =>
  new SaneScanner({ device: 'test', env: { configDir: saneDir }, pageSizeMm: { width: 100, height: 140 }, extraArgs, logger: createMemoryLogger() });

describe('blank-page detection on the bundled samples', () => {
  const m = loadSampleManifest();
  it.each(m.pages.map((p) => [p.file, p.kind] as const))('%s (%s)', async (file, kind) => {
    const a = await analysePage(samplePath(file));
    expect(a.blank).toBe(kind === 'blank');
  });
});

describe('SaneScanner on the real SANE test backend', () => {
  it('scans a flatbed page to PNG and a one-page PDF', async () => {
    const dir = join(work, 'flatbed');
    const r = await testBackend(['--test-picture', 'Grid']).scan({ source: 'flatbed', mode: 'gray', dpi: 75, outDir: dir });
    expect(r.ok ? 'ok' : r.error).toBe('ok');
    if (!r.ok) return;
    expect(r.value.pages).toHaveLength(1);
    // 100 mm at 75 dpi = 295 px: the requested area and resolution reached the device.
    expect(r.value.pages[0]).toMatchObject({ widthPx: 295, blank: false });
    expect(readFileSync(r.value.pages[0]!.path).subarray(1, 4).toString()).toBe('PNG');
    expect(pdfPageCount(r.value.pdfPath)).toBe(1);
  });

  it('scans an ADF batch of 3 colour JPEG pages into one 3-page PDF', async () => {
    const r = await testBackend(['--test-picture', 'Color pattern']).scan({ source: 'adf', mode: 'color', dpi: 50, pages: 3, format: 'jpeg', outDir: join(work, 'adf') });
    expect(r.ok && r.value.pages.map((p) => p.path.slice(-10))).toEqual(['page-1.jpg', 'page-2.jpg', 'page-3.jpg']);
    expect(r.ok && pdfPageCount(r.value.pdfPath)).toBe(3);
  });

  it('reports a white page as all-pages-blank instead of making an empty PDF', async () => {
    const r = await testBackend(['--test-picture', 'Solid white']).scan({ source: 'flatbed', mode: 'gray', dpi: 50, outDir: join(work, 'white') });
    expect(r.ok ? 'ok' : r.error.code).toBe('all-pages-blank');
    expect(existsSync(join(work, 'white', 'document.pdf'))).toBe(false);
    // A page dark all over (lid left open) is not "blank paper".
    const black = await testBackend(['--test-picture', 'Solid black']).scan({ source: 'flatbed', mode: 'gray', dpi: 50, outDir: join(work, 'black') });
    expect(black.ok && black.value.pages[0]!.blank).toBe(false);
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'jammed'],
    ['SANE_STATUS_NO_DOCS', 'no-paper'],
    ['SANE_STATUS_COVER_OPEN', 'cover-open'],
  ] as const)('maps %s to %s, in the result and in status()', async (saneStatus, code) => {
    const s = testBackend(['--read-return-value', saneStatus]);
    const r = await s.scan({ source: 'adf', mode: 'gray', dpi: 50, outDir: join(work, code) });
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
    expect((await s.status()).state).toBe(code);
  });

  it('is disconnected for a device SANE does not have, and rejects bad options before scanning', async () => {
    const s = new SaneScanner({ device: 'nosuch:0', env: { configDir: saneDir }, logger: createMemoryLogger() });
    expect((await s.status()).state).toBe('disconnected');
    const r = await s.scan({ source: 'flatbed', mode: 'gray', dpi: 75, outDir: join(work, 'none') });
    expect(r.ok ? 'ok' : r.error.code).toBe('disconnected');
    const bad = await s.scan({ source: 'flatbed', mode: 'gray', dpi: 7, outDir: join(work, 'none') });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('invalid-options');
  });

  it('test() makes a small diagnostic scan', async () => {
    const r = await testBackend(['--test-picture', 'Grid']).test(join(work, 'diag'));
    expect(r.ok && r.value.join('\n')).toMatch(/test: ready[\s\S]*98×98 px/);
  });
});

describe('scanner simulator (real scanimage, sample pages)', () => {
  const m = loadSampleManifest();
  const page = (kind: string) => samplePath(m.pages.find((p) => p.kind === kind)!.file);

  it('feeds an A4 batch, drops the blank back, flags the blurred page as hard to read', async () => {
    const { scanner, control } = createSimulatedScanner({ saneConfigDir: saneDir, logger: createMemoryLogger(), ocr });
    control.loadFeeder([page('text'), page('blank'), page('unreadable')]);
    const r = await scanner.scan({ source: 'adf', mode: 'gray', dpi: 100, outDir: join(work, 'sim-adf'), checkReadability: true });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.pages.map((p) => p.index)).toEqual([1, 3]);
    expect(r.value.droppedBlankPages.map((p) => p.index)).toEqual([2]);
    expect(r.value.pages[0]).toMatchObject({ widthPx: 827, heightPx: 1169 }); // A4 at 100 dpi
    expect(r.value.pages[0]!.readability?.readable).toBe(true);
    expect(r.value.pages[1]!.readability?.readable).toBe(false);
    expect(r.value.readabilityWarning).toBe(true);
    expect(pdfPageCount(r.value.pdfPath)).toBe(2);
    expect(control.feederCount).toBe(0);
    // The feeder is now empty: the backend itself reports it.
    const again = await scanner.scan({ source: 'adf', mode: 'gray', dpi: 100, outDir: join(work, 'sim-adf2') });
    expect(again.ok ? 'ok' : again.error.code).toBe('no-paper');
  });

  it('reports jam and cover open on command until cleared', async () => {
    const { scanner, control } = createSimulatedScanner({ saneConfigDir: saneDir, logger: createMemoryLogger() });
    control.setFault('jam');
    const r = await scanner.scan({ source: 'flatbed', mode: 'gray', dpi: 75, outDir: join(work, 'sim-jam') });
    expect(r.ok ? 'ok' : r.error.code).toBe('jammed');
    expect((await scanner.status()).state).toBe('jammed');
    control.setFault('cover-open');
    const c = await scanner.scan({ source: 'flatbed', mode: 'gray', dpi: 75, outDir: join(work, 'sim-jam') });
    expect(c.ok ? 'ok' : c.error.code).toBe('cover-open');
    control.setFault(null);
    const ok = await scanner.scan({ source: 'flatbed', mode: 'gray', dpi: 75, outDir: join(work, 'sim-jam') });
    expect(ok.ok).toBe(true);
    expect((await scanner.status()).state).toBe('ready');
  });
});

describe('scanner simulator from config (demo mode)', () => {
  it('scans the sample document from a self-refilling feeder', async () => {
    const { createScanner } = await import('./scanner-config');
    const made = createScanner({ kind: 'simulator', saneConfigDir: saneDir }, { logger: createMemoryLogger() });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    for (const run of [1, 2]) {
      const r = await made.value.scanner.scan({ source: 'adf', mode: 'gray', dpi: 75, outDir: join(work, `demo-${run}`) });
      expect(r.ok && [r.value.pages.length, r.value.droppedBlankPages.length]).toEqual([2, 1]);
    }
    made.value.simulator!.setFault('no-paper');
    const empty = await made.value.scanner.scan({ source: 'adf', mode: 'gray', dpi: 75, outDir: join(work, 'demo-3') });
    expect(empty.ok ? 'ok' : empty.error.code).toBe('no-paper');
  });
});
