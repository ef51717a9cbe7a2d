import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { silentLogger } from '../../../common/logger';
import { FileA4Printer } from '../../../device-drivers/printer';
import { loadKnowledge } from '../assistant/knowledge-loader';
import { loadCatalog } from './catalog-loader';
import { createCatalogService } from './catalog-service';
import { GuideSheetService, guideLanguage } from './guide-sheet';

const catalog = loadCatalog();
const loaded = loadKnowledge();
if (!catalog.ok || !loaded.ok) throw new Error('assets do not load');
const service = createCatalogService(catalog.value);
const knowledge = loaded.value;

function guide(a4: FileA4Printer | null) {
  return new GuideSheetService({ catalog: service, knowledge, a4Printer: a4, clock: new ManualClock(new Date('2026-12-01T03:00:00Z')), logger: silentLogger });
}

const textOf = (dir: string) => execFileSync('pdftotext', ['-layout', join(dir, readdirSync(dir)[0]!), '-'], { encoding: 'utf8' });

describe('procedure guidance sheet', () => {
  it('prints the catalogue facts in Vietnamese with every diacritic intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-'));
    const r = await guide(new FileA4Printer(dir)).print('1.001193', 'vi');
    expect(r).toEqual({ ok: true, value: { lang: 'vi' } });
    const text = textOf(dir);
    expect(text).toContain('HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH');
    expect(text).toContain('Đăng ký khai sinh');
    expect(text).toContain('Giấy chứng sinh');
    expect(text).toContain('1.001193');
  });

  it('prints English for a reader of a script the A4 font lacks (Korean), French for French', async () => {
    expect(guideLanguage('ko')).toBe('en');
    expect(guideLanguage('fr')).toBe('fr');
    const dir = mkdtempSync(join(tmpdir(), 'guide-'));
    const r = await guide(new FileA4Printer(dir)).print('2.000815', 'ko');
    expect(r.ok && r.value.lang).toBe('en');
    expect(textOf(dir)).toMatch(/GUIDANCE FOR AN ADMINISTRATIVE PROCEDURE/);
  });

  it('answers with a typed error when there is no A4 printer or no such procedure', async () => {
    expect(await guide(null).print('1.001193', 'vi')).toEqual({ ok: false, error: { code: 'no-printer' } });
    expect(await guide(new FileA4Printer(mkdtempSync(join(tmpdir(), 'guide-')))).print('9.999999', 'vi')).toEqual({ ok: false, error: { code: 'unknown-procedure' } });
  });

  it('reports a printer that refuses the job', async () => {
    // A folder that cannot exist: its parent is a plain file.
    const file = join(mkdtempSync(join(tmpdir(), 'guide-')), 'not-a-dir');
    writeFileSync(file, '');
    const r = await guide(new FileA4Printer(join(file, 'a4'))).print('1.001193', 'vi');
    expect(r).toMatchObject({ ok: false, error: { code: 'print-failed', reason: 'submit-failed' } });
  });
});
