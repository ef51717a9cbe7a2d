import { describe, expect, it } from 'vitest';
import { createAssistant } from './assistant';
import { loadEvalQuestions, runEvaluation, summarize } from './evaluation';
import { LANGS } from './knowledge-schema';
import { realData } from './test-fixtures';

// The evaluation as a regression test. Floors sit a little under the measured figures
// (see bench/assistant-eval.ts); the aims are top-3 ≥ 95 % in Vietnamese and
// ≥ 90 % in each other language, every out-of-scope question declined, p99 < 50 ms.

const FLOOR_TOP3 = { vi: 0.97, en: 0.97, zh: 0.97, ko: 0.97, ja: 0.97, fr: 0.97 } as const;
const FLOOR_TOP1 = 0.95;

describe('assistant evaluation', () => {
  const { catalog, knowledge } = realData();
  const assistant = createAssistant({ catalog, knowledge });
  const questions = loadEvalQuestions();
  for (const q of questions.slice(0, 30)) assistant.askOffline(q.q); // warm up
  const outcomes = runEvaluation(assistant, questions);
  const s = summarize(outcomes);

  it('has at least 150 questions over the six languages, with every kind', () => {
    expect(questions.length).toBeGreaterThanOrEqual(150);
    for (const lang of LANGS) expect(s.byLang[lang].n, lang).toBeGreaterThanOrEqual(20);
    for (const kind of ['marked', 'unmarked', 'typo', 'colloquial', 'compound', 'out-of-scope', 'intent']) expect(s.byKind[kind]?.n, kind).toBeGreaterThan(0);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
  });

  it('keeps top-3 and top-1 accuracy above the floors in every language', () => {
    for (const lang of LANGS) {
      expect(s.byLang[lang].top3, `${lang} top-3`).toBeGreaterThanOrEqual(FLOOR_TOP3[lang]);
      expect(s.byLang[lang].top1, `${lang} top-1`).toBeGreaterThanOrEqual(FLOOR_TOP1);
    }
  });

  it('declines every out-of-scope question and no in-scope one', () => {
    expect(s.outOfScope.declined).toBe(s.outOfScope.n);
    expect(s.falseRefusals).toBe(0);
  });

  it('almost never answers with a procedure that was not asked about', () => {
    expect(s.wrongAnswers).toBeLessThanOrEqual(1);
  });

  it('answers offline with p99 under 50 ms', () => {
    expect(s.latency.p99).toBeLessThan(50);
  });
});
