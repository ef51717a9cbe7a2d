import { foldVietnamese } from '../catalog/vietnamese-text';

// Turning any of the six languages into matchable units. Latin-script text (Vietnamese,
// English, French) becomes folded words and word pairs; Chinese, Japanese and Korean have
// no reliable spaces, so each run of those scripts becomes overlapping character pairs
// (and single characters, so one-character words like 雨 still match).

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー々〆]+/gu;

/** Kept separate from foldVietnamese: NFD would split Hangul into jamo and drop kana voicing marks. */
export function cjkRuns(text: string): string[] {
  return text.normalize('NFKC').match(CJK_RUN) ?? [];
}

/**
 * Folded Latin words with spelling variants merged: "ký"/"kí" (y and i after a consonant are
 * interchangeable in Vietnamese spelling) and a plural -s (no Vietnamese syllable ends in s).
 */
export function latinWords(text: string): string[] {
  return latinTokens(text).map((t) => t.w);
}

export interface LatinToken {
  /** Folded, canonical: what matching compares. */
  readonly w: string;
  /** As typed (lower case, tone marks kept), to tell "cần" from "căn" when marks were typed. */
  readonly marked: string;
}

export function latinTokens(text: string): LatinToken[] {
  const latin = text.normalize('NFKC').replace(CJK_RUN, ' ').normalize('NFC').toLowerCase();
  const out: LatinToken[] = [];
  for (const raw of latin.split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    // Folding a single word keeps typed and folded forms aligned one to one.
    for (const w of foldVietnamese(raw).split(' ')) if (w !== '') out.push({ w: canonicalWord(w), marked: markKey(raw) });
  }
  return out;
}

const Y_TO_I: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };

/** The typed form with the same y/i merge as canonicalWord, so "kí" and "ký" agree. */
function markKey(word: string): string {
  const m = /^([bcdghklmnpqrstvx]+)([yýỳỷỹỵ])$/u.exec(word);
  return m ? m[1]! + Y_TO_I[m[2]!]! : word;
}

/** Whether the word carries marks (so the typed form can be trusted to tell words apart). */
export function hasMarks(t: LatinToken): boolean {
  return /[^a-z0-9]/.test(t.marked);
}

export function canonicalWord(w: string): string {
  let t = w.replace(/^([bcdghklmnpqrstvx]+)y$/, '$1i');
  if (t.length >= 4 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
  return t;
}

export function cjkUnits(run: string, withSingles: boolean): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  if (withSingles) out.push(...chars);
  return out;
}

/** Units of a phrase in the index: words, adjacent word pairs, CJK character pairs. */
export function phraseUnits(text: string): string[] {
  const words = latinWords(text);
  const units = new Set<string>(words);
  for (let i = 0; i + 1 < words.length; i++) units.add(`${words[i]} ${words[i + 1]}`);
  for (const run of cjkRuns(text)) for (const u of cjkUnits(run, false)) units.add(u);
  return [...units];
}

// ---------------------------------------------------------------------------------------
// Numbers, for the grounding checks: "10.000", "10,000", "10 000", "1万", "2만", "20k".

const MULTIPLIERS: Array<[RegExp, number]> = [
  [/^\s*(万|萬|만)/u, 10_000],
  [/^\s*(千|천)/u, 1_000],
  [/^\s*(k|nghìn|ngàn|nghin|ngan)(?![\p{L}])/iu, 1_000],
  [/^\s*(triệu|trieu|million|millions|百万)(?![\p{L}])/iu, 1_000_000],
];

/** Every number a text states, thousands separators removed and 万/만/k multipliers applied. */
export function extractNumbers(text: string): number[] {
  const out: number[] = [];
  const re = /\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+/g;
  const s = text.normalize('NFKC');
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    let value = Number(m[0].replace(/[.,\u00a0\u202f ]/g, ''));
    const rest = s.slice(m.index + m[0].length, m.index + m[0].length + 12);
    for (const [pattern, factor] of MULTIPLIERS) {
      if (pattern.test(rest)) {
        value *= factor;
        break;
      }
    }
    out.push(value);
  }
  return out;
}

/** Remove web addresses: their digits are not facts the citizen reads. */
export function stripUrls(text: string): string {
  return text.replace(/https?:\/\/[^\s"'<>)]+/g, ' ');
}
