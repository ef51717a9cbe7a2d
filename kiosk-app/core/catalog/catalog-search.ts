import type { Catalog, Procedure } from './catalog-schema';
import { editDistance, tokenize } from './vietnamese-text';

// Search over procedure names as people type them: without tone marks, in capitals,
// with typos, in English. Matching runs against the corpus vocabulary once per query
// token, then walks postings, so the cost grows with vocabulary, not with procedures.

export interface SearchHit {
  readonly code: string;
  readonly score: number;
}

interface Posting {
  readonly doc: number;
  readonly weight: number;
}

/** How well one query token matches one vocabulary token (0 = not at all). */
function tokenMatch(query: string, token: string, isLastQueryToken: boolean): number {
  if (query === token) return 1;
  // While typing, the last word is usually unfinished.
  if (token.startsWith(query)) {
    if (query.length >= 3 || (isLastQueryToken && query.length === 2)) return 0.8;
    if (isLastQueryToken && query.length === 1) return 0.4;
  }
  if (query.length >= 4) {
    const cap = query.length >= 7 ? 2 : 1;
    const d = editDistance(query, token, cap);
    if (d === 1) return 0.65;
    if (d === 2 && cap === 2) return 0.4;
  } else if (query.length === 3 && token.length === 4 && editDistance(query, token, 1) === 1) {
    // A dropped letter in a short syllable ("sih" for "sinh") is the commonest slip.
    return 0.55;
  }
  return 0;
}

const FIELD_WEIGHTS = { name: 1, alias: 0.9, english: 0.9, summary: 0.45, field: 0.35 } as const;

export interface CatalogSearchIndex {
  search(query: string, limit?: number): SearchHit[];
}

export interface SearchDocument {
  readonly code: string;
  readonly texts: ReadonlyArray<{ readonly text: string; readonly weight: number }>;
}

export function documentsFromCatalog(catalog: Catalog): SearchDocument[] {
  const fieldName = new Map(catalog.fields.map((f) => [f.code, f.name]));
  return catalog.procedures.map((p: Procedure) => ({
    code: p.code,
    texts: [
      { text: p.name.vi, weight: FIELD_WEIGHTS.name },
      { text: p.name.en, weight: FIELD_WEIGHTS.english },
      { text: p.code, weight: FIELD_WEIGHTS.name },
      ...(p.summary ? [{ text: `${p.summary.vi} ${p.summary.en}`, weight: FIELD_WEIGHTS.summary }] : []),
      { text: `${fieldName.get(p.field)?.vi ?? ''} ${fieldName.get(p.field)?.en ?? ''}`, weight: FIELD_WEIGHTS.field },
    ],
  }));
}

export function buildSearchIndex(documents: readonly SearchDocument[]): CatalogSearchIndex {
  const postings = new Map<string, Posting[]>();
  const bigrams: Array<Map<string, number>> = [];
  const names: string[] = [];
  documents.forEach((doc, i) => {
    const best = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const { text, weight } of doc.texts) {
      const tokens = tokenize(text);
      for (const t of tokens) best.set(t, Math.max(best.get(t) ?? 0, weight));
      for (let k = 0; k + 1 < tokens.length; k++) {
        const pair = `${tokens[k]} ${tokens[k + 1]}`;
        pairs.set(pair, Math.max(pairs.get(pair) ?? 0, weight));
      }
    }
    for (const [t, weight] of best) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push({ doc: i, weight });
    }
    bigrams.push(pairs);
    names.push(tokenize(doc.texts[0]?.text ?? '').join(' '));
  });
  const vocabulary = [...postings.keys()];

  return {
    search(query: string, limit = 10): SearchHit[] {
      // A national code typed in full goes straight to its procedure.
      const trimmed = query.trim();
      const qTokens = tokenize(trimmed).filter((t, i, all) => all.indexOf(t) === i);
      if (qTokens.length === 0) return [];
      const scores = new Float64Array(documents.length);
      const matchedCount = new Uint16Array(documents.length);
      const matchedTokens: Array<Array<string | undefined>> = qTokens.map(() => []);
      qTokens.forEach((q, qi) => {
        const isLast = qi === qTokens.length - 1;
        const perDoc = new Map<number, { score: number; token: string }>();
        for (const v of vocabulary) {
          const m = tokenMatch(q, v, isLast);
          if (m === 0) continue;
          for (const p of postings.get(v)!) {
            const s = m * p.weight;
            const prev = perDoc.get(p.doc);
            if (!prev || prev.score < s) perDoc.set(p.doc, { score: s, token: v });
          }
        }
        for (const [doc, { score, token }] of perDoc) {
          scores[doc]! += score;
          matchedCount[doc]! += 1;
          matchedTokens[qi]![doc] = token;
        }
      });
      const hits: SearchHit[] = [];
      for (let doc = 0; doc < documents.length; doc++) {
        const matched = matchedCount[doc]!;
        // Most of what was typed must match; one stray word is forgiven in longer queries.
        if (matched === 0 || matched < Math.ceil(qTokens.length * 0.6)) continue;
        let score = scores[doc]! / qTokens.length;
        // Words in the right order ("khai sinh", not "sinh ... khai") rank higher.
        let pairBonus = 0;
        for (let k = 0; k + 1 < qTokens.length; k++) {
          const a = matchedTokens[k]![doc];
          const b = matchedTokens[k + 1]![doc];
          if (a && b) pairBonus += bigrams[doc]!.get(`${a} ${b}`) ?? 0;
        }
        if (qTokens.length > 1) score += (0.3 * pairBonus) / (qTokens.length - 1);
        // A name that is exactly what was typed, or starts with it, comes first.
        const q = qTokens.join(' ');
        if (names[doc] === q) score += 0.5;
        else if (names[doc]!.startsWith(q)) score += 0.2;
        // Shorter names win ties: "Đăng ký khai sinh" before a long compound procedure.
        score -= 0.002 * names[doc]!.length;
        hits.push({ code: documents[doc]!.code, score: Math.round(score * 1000) / 1000 });
      }
      if (/^\d\.\d{6}$/.test(trimmed)) {
        const exact = documents.findIndex((d) => d.code === trimmed);
        if (exact >= 0) return [{ code: trimmed, score: 2 }];
      }
      hits.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
      return hits.slice(0, limit);
    },
  };
}
