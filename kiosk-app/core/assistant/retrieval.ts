import type { Catalog } from '../catalog/catalog-schema';
import { editDistance } from '../catalog/vietnamese-text';
import { FACETS, LANGS, type Facet, type IntentId, type Knowledge, type Lang } from './knowledge-schema';
import { cjkRuns, cjkUnits, hasMarks, latinTokens, latinWords, phraseUnits } from './text-units';

// Offline retrieval over procedures and non-procedure intents. Every name, alias,
// translation and trigger phrase becomes a "phrase" of units (folded words, word pairs,
// CJK character pairs). A document scores by how completely one of its phrases appears in
// the question (weighted by how rare each unit is), blended with how much of the question
// the document explains. Built once at start; a query touches only the postings of its units.

export type DocKind = 'procedure' | 'intent';

export interface Scored {
  readonly kind: DocKind;
  readonly id: string;
  /** In [0, 1]. */
  readonly score: number;
  /** Query units typed as-is that are in this document's names and aliases (for compound questions). */
  readonly evidence: ReadonlyMap<string, number>;
}

export interface SearchResult {
  readonly procedures: readonly Scored[];
  readonly intents: readonly Scored[];
  readonly facets: readonly Facet[];
}

export interface LanguageGuess {
  readonly lang: Lang;
  /** 0 when nothing in the text told the languages apart. */
  readonly confidence: number;
  /** True when the script alone decided (CJK, Vietnamese letters). */
  readonly byScript: boolean;
}

export interface AssistantIndex {
  search(question: string): SearchResult;
  detectLanguage(question: string): LanguageGuess;
  readonly procedureCodes: readonly string[];
}

interface Doc {
  readonly kind: DocKind;
  readonly id: string;
}
interface Phrase {
  readonly doc: number;
  readonly units: readonly string[];
  readonly weight: number;
  readonly total: number;
}

const WEIGHT = { name: 1, alias: 1, description: 0.5, field: 0.4 } as const;
const BLEND_PHRASE = 0.65;
const TYPO_FACTOR = 0.8;
/** A word typed with different tone marks than every indexed form ("cần" against "căn"). */
const MARK_MISMATCH_FACTOR = 0.35;
const SKIP_PAIR_FACTOR = 0.7;

// Initial consonants that Vietnamese speakers commonly swap in writing (regional accents).
const CONFUSABLE: ReadonlyArray<readonly string[]> = [['ch', 'tr'], ['s', 'x'], ['gi', 'd', 'r'], ['l', 'n']];

/** The word itself and its spellings with a confusable initial consonant swapped. */
export function confusableVariants(w: string): string[] {
  const out = [w];
  for (const group of CONFUSABLE) {
    const head = group.find((g) => w.startsWith(g) && !(g === 'd' && w.startsWith('gi')));
    if (!head || (head === 'gi' && w.length === 2)) continue;
    for (const g of group) if (g !== head) out.push(g + w.slice(head.length));
  }
  return out;
}

export function buildAssistantIndex(catalog: Catalog, knowledge: Knowledge): AssistantIndex {
  const docs: Doc[] = [];
  const rawPhrases: Array<{ doc: number; text: string; weight: number }> = [];
  const fieldName = new Map(catalog.fields.map((f) => [f.code, f.name]));
  for (const p of catalog.procedures) {
    const doc = docs.push({ kind: 'procedure', id: p.code }) - 1;
    const k = knowledge.procedures[p.code];
    const add = (text: string | undefined, weight: number) => text && rawPhrases.push({ doc, text, weight });
    add(p.name.vi, WEIGHT.name);
    add(p.name.en, WEIGHT.name);
    add(p.summary?.vi, WEIGHT.description);
    add(p.summary?.en, WEIGHT.description);
    add(fieldName.get(p.field)?.vi, WEIGHT.field);
    add(fieldName.get(p.field)?.en, WEIGHT.field);
    if (k) {
      for (const lang of LANGS) {
        if (lang !== 'vi' && lang !== 'en') add(k.name[lang], WEIGHT.name);
        add(k.description[lang], WEIGHT.description);
        for (const a of k.aliases[lang]) add(a, WEIGHT.alias);
      }
    }
  }
  for (const intent of knowledge.intents) {
    const doc = docs.push({ kind: 'intent', id: intent.id }) - 1;
    for (const lang of LANGS) for (const t of intent.triggers[lang]) rawPhrases.push({ doc, text: t, weight: WEIGHT.alias });
  }

  // Rarity over documents: "đăng ký" or "证明" say little, "khai sinh" or "출생" say a lot.
  const docUnits: Array<Set<string>> = docs.map(() => new Set());
  // Units of names and aliases only: what a document is about, not what its description mentions.
  const docStrongUnits: Array<Set<string>> = docs.map(() => new Set());
  const unitsOf = rawPhrases.map((r) => phraseUnits(r.text));
  unitsOf.forEach((units, i) => {
    const r = rawPhrases[i]!;
    units.forEach((u) => docUnits[r.doc]!.add(u));
    if (r.weight >= WEIGHT.alias) units.forEach((u) => docStrongUnits[r.doc]!.add(u));
  });
  const df = new Map<string, number>();
  for (const set of docUnits) for (const u of set) df.set(u, (df.get(u) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [u, n] of df) idf.set(u, Math.log(1 + docs.length / n));

  const phrases: Phrase[] = [];
  const postings = new Map<string, number[]>();
  rawPhrases.forEach((r, i) => {
    const units = unitsOf[i]!;
    if (units.length === 0) return;
    const total = units.reduce((s, u) => s + idf.get(u)!, 0);
    const index = phrases.push({ doc: r.doc, units, weight: r.weight, total }) - 1;
    for (const u of units) {
      let list = postings.get(u);
      if (!list) postings.set(u, (list = []));
      list.push(index);
    }
  });
  // Typed forms of each folded word and word pair, per document, to tell "cần" (need)
  // from "căn" (as in căn cước) when the question was typed with tone marks.
  const docForms: Array<Map<string, Set<string>>> = docs.map(() => new Map());
  for (const r of rawPhrases) {
    const toks = latinTokens(r.text);
    const forms = docForms[r.doc]!;
    const put = (u: string, m: string) => {
      let set = forms.get(u);
      if (!set) forms.set(u, (set = new Set()));
      set.add(m);
    };
    toks.forEach((tok, i) => {
      put(tok.w, tok.marked);
      const next = toks[i + 1];
      if (next) put(`${tok.w} ${next.w}`, `${tok.marked} ${next.marked}`);
    });
  }
  // Words the assistant knows from any of its texts are never "corrected" as typos.
  const knownWords = new Set<string>();
  const allTexts = [
    ...Object.values(knowledge.labels).flatMap((t) => [t.vi, t.en, t.fr]),
    ...FACETS.flatMap((f) => LANGS.flatMap((l) => knowledge.facets[f][l])),
    ...knowledge.languageHints.vi, ...knowledge.languageHints.en, ...knowledge.languageHints.fr,
    ...knowledge.intents.flatMap((i) => [i.answer.vi, i.answer.en, i.answer.fr]),
    ...catalog.procedures.flatMap((p) => [p.name.vi, p.name.en, ...p.papers.flatMap((x) => [x.name.vi, x.name.en])]),
  ];
  for (const text of allTexts) for (const w of latinWords(text)) knownWords.add(w);
  // Vocabulary by length: a typo is at most two letters longer or shorter, so only nearby buckets are scanned.
  const byLength = (list: string[]) => {
    const m = new Map<number, string[]>();
    for (const w of list) (m.get(w.length) ?? m.set(w.length, []).get(w.length)!).push(w);
    return (len: number, cap: number) => {
      const out: string[] = [];
      for (let l = len - cap; l <= len + cap; l++) out.push(...(m.get(l) ?? []));
      return out;
    };
  };
  const wordsNear = byLength([...df.keys()].filter((u) => /^[a-z0-9]+$/.test(u)));
  const pairsNear = byLength([...df.keys()].filter((u) => /^[a-z0-9]+ [a-z0-9]+$/.test(u)));

  const facetUnits = new Map<Facet, Array<{ units: string[] }>>();
  const allFacetUnits = new Set<string>();
  for (const facet of FACETS) {
    const list = LANGS.flatMap((l) => knowledge.facets[facet][l]).map((t) => ({ units: phraseUnits(t) }));
    facetUnits.set(facet, list);
    for (const f of list) for (const u of f.units) allFacetUnits.add(u);
  }

  /** The closest vocabulary word to an unknown one, if close enough to be a typo. */
  function correctWord(w: string): string | undefined {
    if (w.length < 4 || /\d/.test(w)) return undefined;
    const cap = w.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestD = cap + 1;
    for (const v of wordsNear(w.length, cap)) {
      if (w.length === 4 && v[0] !== w[0]) continue;
      const d = editDistance(w, v, cap);
      if (d < bestD || (d === bestD && best !== undefined && (df.get(v) ?? 0) > (df.get(best) ?? 0))) {
        best = v;
        bestD = d;
      }
    }
    return bestD <= cap ? best : undefined;
  }

  /** A syllable pair one slip away from a known pair ("thuong chu" → "thuong tru"). */
  function correctPair(pair: string): string | undefined {
    if (pair.length < 6) return undefined;
    let best: string | undefined;
    for (const v of pairsNear(pair.length, 1)) {
      if (editDistance(pair, v, 1) <= 1) {
        if (!best || (df.get(v) ?? 0) < (df.get(best) ?? 0)) best = v;
      }
    }
    return best;
  }

  /** Query units with a weight (typos count less) and, when typed with marks, the typed form. */
  function queryUnits(question: string): { units: Map<string, number>; marked: Map<string, string> } {
    const units = new Map<string, number>();
    const marked = new Map<string, string>();
    const put = (u: string, f: number, m?: string) => {
      units.set(u, Math.max(units.get(u) ?? 0, f));
      if (m !== undefined) marked.set(u, m);
    };
    const tokens = latinTokens(question);
    const raw = tokens.map((t) => t.w);
    const fixed = tokens.map((tok) => {
      const w = tok.w;
      const m = hasMarks(tok) ? tok.marked : undefined;
      if (df.has(w) || knownWords.has(w)) return { w, f: 1, m };
      const c = correctWord(w);
      return c ? { w: c, f: TYPO_FACTOR, m: undefined } : { w, f: 1, m };
    });
    for (const { w, f, m } of fixed) if (df.has(w)) put(w, f, m);
    const known = (w: string) => df.has(w) || knownWords.has(w);
    for (let i = 0; i + 1 < fixed.length; i++) {
      const a = fixed[i]!;
      const b = fixed[i + 1]!;
      const pair = `${a.w} ${b.w}`;
      if (df.has(pair)) {
        put(pair, Math.min(a.f, b.f), a.m !== undefined && b.m !== undefined ? `${a.m} ${b.m}` : undefined);
        continue;
      }
      // Spelling slips that keep both words real: ch/tr, s/x, d/gi/r, l/n ("thường chú").
      const swapped = confusableVariants(a.w).flatMap((x) => confusableVariants(b.w).map((y) => `${x} ${y}`)).find((v) => df.has(v));
      const near = swapped ?? (known(raw[i]!) && known(raw[i + 1]!) ? undefined : correctPair(`${raw[i]} ${raw[i + 1]}`));
      if (near) {
        put(near, TYPO_FACTOR);
        for (const part of near.split(' ')) put(part, TYPO_FACTOR);
      }
    }
    // "bố tôi mất" still says "bố … mất": a pair across one word counts, for less.
    for (let i = 0; i + 2 < fixed.length; i++) {
      const pair = `${fixed[i]!.w} ${fixed[i + 2]!.w}`;
      if (df.has(pair) && !units.has(pair)) put(pair, SKIP_PAIR_FACTOR * Math.min(fixed[i]!.f, fixed[i + 2]!.f));
    }
    for (const run of cjkRuns(question)) for (const u of cjkUnits(run, true)) if (df.has(u)) put(u, 1);
    return { units, marked };
  }

  /** Weight of a query unit in one document: less when typed marks contradict the document's. */
  function weightIn(d: number, u: string, f: number, marked: Map<string, string>): number {
    const m = marked.get(u);
    if (m === undefined) return f;
    const forms = docForms[d]!.get(u);
    return forms && !forms.has(m) ? f * MARK_MISMATCH_FACTOR : f;
  }

  function search(question: string): SearchResult {
    const { units: q, marked } = queryUnits(question);
    const acc = new Float64Array(phrases.length);
    for (const [u, f] of q) for (const pi of postings.get(u) ?? []) acc[pi]! += idf.get(u)! * weightIn(phrases[pi]!.doc, u, f, marked);
    const best = new Float64Array(docs.length);
    const bestPhrase = new Int32Array(docs.length).fill(-1);
    for (let pi = 0; pi < phrases.length; pi++) {
      if (acc[pi] === 0) continue;
      const p = phrases[pi]!;
      const cov = (acc[pi]! / p.total) * p.weight;
      if (cov > best[p.doc]!) {
        best[p.doc] = cov;
        bestPhrase[p.doc] = pi;
      }
    }
    // How much of the question a document explains; words about fee or papers are neutral.
    let qTotal = 0;
    for (const [u, f] of q) if (!allFacetUnits.has(u)) qTotal += idf.get(u)! * f;
    const facets = FACETS.filter((facet) => facetUnits.get(facet)!.some((ph) => ph.units.every((u) => q.has(u))));
    const procedures: Scored[] = [];
    const intents: Scored[] = [];
    for (let d = 0; d < docs.length; d++) {
      if (bestPhrase[d]! < 0) continue;
      let explained = 0;
      // Only names and aliases explain the question: a word that merely occurs in a description does not.
      for (const [u, f] of q) if (!allFacetUnits.has(u) && docStrongUnits[d]!.has(u)) explained += idf.get(u)! * weightIn(d, u, f, marked);
      const qcov = qTotal > 0 ? explained / qTotal : best[d]!;
      const score = Math.min(1, BLEND_PHRASE * best[d]! + (1 - BLEND_PHRASE) * qcov);
      const evidence = new Map<string, number>();
      for (const [u, f] of q) if (f === 1 && docStrongUnits[d]!.has(u) && weightIn(d, u, f, marked) === f) evidence.set(u, idf.get(u)!);
      const s: Scored = { kind: docs[d]!.kind, id: docs[d]!.id, score: Math.round(score * 1000) / 1000, evidence };
      (s.kind === 'procedure' ? procedures : intents).push(s);
    }
    const order = (a: Scored, b: Scored) => b.score - a.score || a.id.localeCompare(b.id);
    return { procedures: procedures.sort(order), intents: intents.sort(order), facets };
  }

  // Language detection: script first, then vocabulary.
  const jaVocab = new Set<string>();
  const zhVocab = new Set<string>();
  const latinVocab: Record<'vi' | 'en' | 'fr', Map<string, number>> = { vi: new Map(), en: new Map(), fr: new Map() };
  const addLatin = (lang: 'vi' | 'en' | 'fr', text: string, w: number) => {
    for (const t of latinWords(text)) latinVocab[lang].set(t, Math.max(latinVocab[lang].get(t) ?? 0, w));
  };
  const addCjk = (set: Set<string>, text: string) => cjkRuns(text).forEach((r) => cjkUnits(r, false).forEach((u) => set.add(u)));
  for (const p of catalog.procedures) {
    addLatin('vi', p.name.vi, 0.5);
    addLatin('en', p.name.en, 0.5);
    const k = knowledge.procedures[p.code];
    if (!k) continue;
    k.aliases.vi.forEach((a) => addLatin('vi', a, 0.5));
    k.aliases.en.forEach((a) => addLatin('en', a, 0.5));
    k.aliases.fr.forEach((a) => addLatin('fr', a, 0.5));
    addLatin('fr', k.name.fr, 0.5);
    [k.name.ja, k.description.ja, ...k.aliases.ja].forEach((t) => addCjk(jaVocab, t));
    [k.name.zh, k.description.zh, ...k.aliases.zh].forEach((t) => addCjk(zhVocab, t));
  }
  for (const intent of knowledge.intents) {
    intent.triggers.vi.forEach((t) => addLatin('vi', t, 0.5));
    intent.triggers.en.forEach((t) => addLatin('en', t, 0.5));
    intent.triggers.fr.forEach((t) => addLatin('fr', t, 0.5));
    [...intent.triggers.ja, intent.answer.ja].forEach((t) => addCjk(jaVocab, t));
    [...intent.triggers.zh, intent.answer.zh].forEach((t) => addCjk(zhVocab, t));
  }
  for (const lang of ['vi', 'en', 'fr'] as const) for (const h of knowledge.languageHints[lang]) addLatin(lang, h, 1);

  function detectLanguage(question: string): LanguageGuess {
    const text = question.normalize('NFC');
    const count = (re: RegExp) => (text.match(re) ?? []).length;
    const hangul = count(/\p{Script=Hangul}/gu);
    const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
    const han = count(/\p{Script=Han}/gu);
    if (hangul > 0 && hangul >= kana) return { lang: 'ko', confidence: 1, byScript: true };
    if (kana > 0) return { lang: 'ja', confidence: 1, byScript: true };
    if (han > 0) {
      let ja = 0;
      let zh = 0;
      for (const r of cjkRuns(text)) for (const u of cjkUnits(r, false)) {
        if (jaVocab.has(u) && !zhVocab.has(u)) ja++;
        if (zhVocab.has(u) && !jaVocab.has(u)) zh++;
      }
      return ja > zh ? { lang: 'ja', confidence: 0.7, byScript: false } : { lang: 'zh', confidence: ja === zh ? 0.6 : 0.9, byScript: true };
    }
    // Letters only Vietnamese uses (ă, đ, ơ, ư and the stacked tone marks).
    if (/[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ]/iu.test(text)) return { lang: 'vi', confidence: 1, byScript: true };
    const scores = { vi: 0, en: 0, fr: 0 };
    for (const w of latinWords(text)) {
      if (/^\d+$/.test(w)) continue; // numbers and codes belong to no language
      for (const lang of ['vi', 'en', 'fr'] as const) scores[lang] += latinVocab[lang].get(w) ?? 0;
    }
    if (/[çœëïüÿûî]|\b[dlj]['’]/iu.test(text)) scores.fr += 1;
    if (/[éèàù]/iu.test(text)) scores.fr += 0.5;
    const ranked = (Object.entries(scores) as Array<['vi' | 'en' | 'fr', number]>).sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    if (!first || first[1] === 0) return { lang: 'vi', confidence: 0, byScript: false };
    return { lang: first[0], confidence: Math.min(1, (first[1] - (second?.[1] ?? 0)) / Math.max(first[1], 1)), byScript: false };
  }

  return { search, detectLanguage, procedureCodes: catalog.procedures.map((p) => p.code) };
}

export type { IntentId };
