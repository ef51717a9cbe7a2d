import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWLEDGE_DIR, KNOWLEDGE_FILES, parseKnowledge, type KnowledgeFile } from './knowledge-loader';
import { knowledgeProblems, paperTranslation } from './knowledge-check';
import { EXTRA_LANGS, LANGS } from './knowledge-schema';
import { realData } from './test-fixtures';

// Raw JSON, mutated freely to make bad entries.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RawJson = any;
const rawFiles = () =>
  Object.fromEntries(KNOWLEDGE_FILES.map((f) => [f, JSON.parse(readFileSync(`${DEFAULT_KNOWLEDGE_DIR}/${f}.json`, 'utf8'))])) as Record<KnowledgeFile, RawJson>;

describe('assistant knowledge', () => {
  const { catalog, knowledge } = realData();

  it('covers every catalogue procedure and paper in every language, with no number of its own', () => {
    expect(knowledgeProblems(knowledge, catalog)).toEqual([]);
    for (const p of catalog.procedures) {
      const k = knowledge.procedures[p.code]!;
      for (const lang of LANGS) {
        expect(k.description[lang].length, `${p.code} description ${lang}`).toBeGreaterThan(0);
        expect(k.aliases[lang].length, `${p.code} aliases ${lang}`).toBeGreaterThan(0);
      }
      for (const paper of p.papers) {
        for (const lang of EXTRA_LANGS) expect(paperTranslation(knowledge, p.code, paper.id)?.[lang], `${p.code} ${paper.id} ${lang}`).toBeTruthy();
      }
    }
  });

  it('has the issue\'s colloquial and old names', () => {
    const aliases = (code: string) => knowledge.procedures[code]!.aliases;
    expect(aliases('1.004222').vi).toContain('nhập hộ khẩu');
    expect(aliases('1.004873').vi).toContain('giấy độc thân');
    expect(aliases('2.000815').vi).toContain('công chứng bản sao');
    expect(aliases('2.000200').vi).toContain('làm căn cước');
    expect(aliases('3.000346').vi).toContain('bằng lái');
    expect(aliases('1.001456').vi).toContain('làm hộ chiếu');
    expect(aliases('3.000333').vi).toContain('lý lịch tư pháp');
    expect(aliases('1.001612').vi).toContain('đăng ký kinh doanh');
    expect(aliases('1.001193').ko).toContain('출생신고');
    expect(aliases('1.001193').ja).toContain('出生届');
    expect(aliases('1.001193').zh).toEqual(expect.arrayContaining(['出生登记', '报户口']));
  });

  it('fails a procedure added to the catalogue without translations', () => {
    const extra = { ...catalog.procedures[0]!, code: '1.999999' };
    const problems = knowledgeProblems(knowledge, { ...catalog, procedures: [...catalog.procedures, extra] });
    expect(problems.map((p) => ('entry' in p ? p.entry : undefined))).toContain('1.999999');
  });

  it('fails a translation that states a fee the catalogue does not', () => {
    const k = structuredClone(knowledge) as typeof knowledge;
    (k.procedures['1.004222']!.feeNote as { zh: string }).zh = '25,000越南盾';
    const problems = knowledgeProblems(k, catalog);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entry: '1.004222', field: 'feeNote.zh' });
    expect(problems[0]!.message).toContain('25000');
  });

  it('fails a missing paper translation, naming procedure and paper', () => {
    const k = structuredClone(knowledge) as typeof knowledge;
    delete (k.papers as Record<string, unknown>)['tk01'];
    expect(knowledgeProblems(k, catalog)).toEqual([expect.objectContaining({ entry: '1.001456', field: 'papers.tk01' })]);
  });

  it('names the file, entry and field of a bad entry', () => {
    const raw = rawFiles();
    delete raw.procedures.procedures['1.001193'].name.ko;
    const r = parseKnowledge(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'invalid', file: 'procedures', entry: '1.001193', field: 'name.ko' });
      expect(r.error.message).toContain('1.001193');
    }
    const raw2 = rawFiles();
    raw2.intents.intents[0].answer.fr = '';
    const r2 = parseKnowledge(raw2);
    expect(!r2.ok && r2.error).toMatchObject({ file: 'intents', entry: 'queue-number', field: 'answer.fr' });
    const raw3 = rawFiles();
    raw3.papers.papers['ct01'] = { zh: 'x', ko: 'x', ja: 'x' };
    const r3 = parseKnowledge(raw3);
    expect(!r3.ok && r3.error).toMatchObject({ file: 'papers', entry: 'ct01', field: 'fr' });
  });
});
