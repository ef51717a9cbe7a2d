import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mergeTranslationFiles, translationProblems, type TranslationTree } from '../../kiosk-app/renderer/i18n/translation-files';

const I18N = fileURLToPath(new URL('../../assets/i18n', import.meta.url));

function readAll(): Record<string, TranslationTree> {
  const files: Record<string, TranslationTree> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) files[p] = JSON.parse(readFileSync(p, 'utf8')) as TranslationTree;
    }
  };
  walk(I18N);
  return files;
}

describe('translation files', () => {
  it('puts a feature folder under its own key', () => {
    const merged = mergeTranslationFiles({
      'assets/i18n/vi.json': { common: { home: 'Trang chủ' } },
      'assets/i18n/journey/vi.json': { consent: { title: 'Đồng ý' } },
      'assets/i18n/journey/en.json': { consent: { title: 'Consent' } },
    });
    expect(merged['vi']).toEqual({ common: { home: 'Trang chủ' }, journey: { consent: { title: 'Đồng ý' } } });
    expect(merged['en']).toEqual({ journey: { consent: { title: 'Consent' } } });
  });

  it('names a missing key and a changed variable', () => {
    expect(translationProblems({ a: { b: 'x {{n}}', c: 'y' } }, { a: { b: 'x {{m}}' } })).toEqual(['a.b: variables {m} instead of {n}', 'missing a.c']);
  });

  const merged = mergeTranslationFiles(readAll());
  const vi = merged['vi']!;
  for (const lang of Object.keys(merged).filter((l) => l !== 'vi')) {
    it(`${lang} has every string Vietnamese has, with the same variables`, () => {
      expect(translationProblems(vi, merged[lang]!)).toEqual([]);
    });
  }

  it('Vietnamese strings are NFC, so they compare and read aloud correctly', () => {
    const text = JSON.stringify(vi);
    expect(text).toBe(text.normalize('NFC'));
  });
});
