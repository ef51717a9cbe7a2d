import type { Catalog, Procedure } from '../catalog/catalog-schema';
import { EXTRA_LANGS, type Knowledge, type Text4 } from './knowledge-schema';
import { extractNumbers, stripUrls } from './text-units';
import type { KnowledgeError } from './knowledge-loader';

// The knowledge must cover the catalogue exactly, and a translation may only repeat
// numbers its catalogue entry already states: adding a procedure without translations, or
// a translation with a different fee or day count, fails here (and in the tests).

/** Translation of a paper for one procedure: the per-procedure override wins. */
export function paperTranslation(knowledge: Knowledge, code: string, paperId: string): Text4 | undefined {
  return knowledge.papers[`${code}/${paperId}`] ?? knowledge.papers[paperId];
}

/** Every number a catalogue entry states, in any field. */
export function catalogNumbers(p: Procedure): Set<number> {
  return new Set(extractNumbers(stripUrls(JSON.stringify(p))));
}

export function knowledgeProblems(knowledge: Knowledge, catalog: Catalog): KnowledgeError[] {
  const problems: KnowledgeError[] = [];
  const problem = (entry: string, field: string, message: string) =>
    problems.push({ code: 'invalid', file: field.startsWith('papers') ? 'papers' : 'procedures', entry, field, message: `${entry}: ${field}: ${message}` });
  const codes = new Set(catalog.procedures.map((p) => p.code));
  for (const code of Object.keys(knowledge.procedures)) {
    if (!codes.has(code)) problem(code, '(entry)', 'not in the catalogue');
  }
  for (const p of catalog.procedures) {
    const k = knowledge.procedures[p.code];
    if (!k) {
      problem(p.code, '(entry)', 'no assistant knowledge (names, aliases, translations) for this procedure');
      continue;
    }
    const hasFeeNote = 'note' in p.fee && p.fee.note !== undefined;
    if (hasFeeNote !== (k.feeNote !== undefined)) problem(p.code, 'feeNote', hasFeeNote ? 'missing: the catalogue fee has a note' : 'the catalogue fee has no note');
    if ((p.notes !== undefined) !== (k.notes !== undefined)) problem(p.code, 'notes', p.notes ? 'missing: the catalogue has notes' : 'the catalogue has no notes');
    const allowed = catalogNumbers(p);
    const texts: Array<[string, Text4 | undefined]> = [
      ['name', k.name], ['agency', k.agency], ['time', k.time], ['feeNote', k.feeNote], ['notes', k.notes],
    ];
    for (const paper of p.papers) {
      const t = paperTranslation(knowledge, p.code, paper.id);
      if (!t) problem(p.code, `papers.${paper.id}`, 'no translation (zh, ko, ja, fr)');
      texts.push([`papers.${paper.id}`, t]);
    }
    for (const [field, t] of texts) {
      if (!t) continue;
      for (const lang of EXTRA_LANGS) {
        for (const n of extractNumbers(t[lang])) {
          if (!allowed.has(n)) problem(p.code, `${field}.${lang}`, `states ${n}, which the catalogue entry does not`);
        }
      }
    }
    for (const [lang, d] of Object.entries(k.description)) {
      for (const n of extractNumbers(d)) if (!allowed.has(n)) problem(p.code, `description.${lang}`, `states ${n}, which the catalogue entry does not`);
    }
  }
  return problems;
}
