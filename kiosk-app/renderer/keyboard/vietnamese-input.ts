// Vietnamese typing for an on-screen keyboard: direct tone and vowel keys for people who
// do not know a typing method, plus Telex and VNI. Pure functions over the text buffer.
// Written here because the Vietnamese IME libraries on npm listen to DOM key events;
// an on-screen keyboard needs a headless transform of its own buffer.

export type Tone = 'none' | 'sac' | 'huyen' | 'hoi' | 'nga' | 'nang';
export type InputMethod = 'keys' | 'telex' | 'vni';

const TONE_MARK: Record<Exclude<Tone, 'none'>, string> = {
  sac: '\u0301',
  huyen: '\u0300',
  hoi: '\u0309',
  nga: '\u0303',
  nang: '\u0323',
};
const MARK_TONE = new Map<string, Tone>(Object.entries(TONE_MARK).map(([t, m]) => [m, t as Tone]));

const VOWELS = 'aăâeêioôơuưy';
const MODIFIED = 'ăâêôơư';

interface Parsed {
  /** The word with no tone mark (NFC, vowel hats kept). */
  readonly base: string;
  readonly tone: Tone;
}

function parse(word: string): Parsed {
  let tone: Tone = 'none';
  const chars = [...word.normalize('NFD')].filter((c) => {
    const t = MARK_TONE.get(c);
    if (t) tone = t;
    return !t;
  });
  return { base: chars.join('').normalize('NFC'), tone };
}

const isVowel = (c: string) => VOWELS.includes(c.toLowerCase());

/** Index in `base` of the vowel that carries the tone (traditional placement: hòa, thủy). */
export function toneIndex(base: string): number {
  const lower = base.toLowerCase();
  let start = 0;
  while (start < lower.length && !isVowel(lower[start]!)) start++;
  // "qu" and "gi" before another vowel are consonants: quá, giá.
  if ((lower.startsWith('qu') || lower.startsWith('gi')) && start === (lower[0] === 'q' ? 1 : 1) && isVowel(lower[2] ?? '')) start = 2;
  let end = start;
  while (end < lower.length && isVowel(lower[end]!)) end++;
  if (end === start) return -1;
  const cluster = lower.slice(start, end);
  for (let i = cluster.length - 1; i >= 0; i--) if (MODIFIED.includes(cluster[i]!)) return start + i;
  if (end < lower.length) return end - 1; // closed syllable: toán, hoàng
  if (cluster.length === 1) return start;
  if (cluster.length === 2) return start;
  return start + 1;
}

function render(base: string, tone: Tone): string {
  if (tone === 'none') return base;
  const i = toneIndex(base);
  if (i < 0) return base;
  return (base.slice(0, i + 1) + TONE_MARK[tone] + base.slice(i + 1)).normalize('NFC');
}

/** Puts `tone` on the word (replacing any tone it had). A word without a vowel is unchanged. */
export function applyTone(word: string, tone: Tone): string {
  const p = parse(word);
  return toneIndex(p.base) < 0 ? word : render(p.base, tone);
}

const HAT: Record<string, string> = { a: 'â', e: 'ê', o: 'ô', A: 'Â', E: 'Ê', O: 'Ô' };
const HORN: Record<string, string> = { o: 'ơ', u: 'ư', O: 'Ơ', U: 'Ư' };
const BREVE: Record<string, string> = { a: 'ă', A: 'Ă' };
const PLAIN: Record<string, string> = { â: 'a', ă: 'a', ê: 'e', ô: 'o', ơ: 'o', ư: 'u', Â: 'A', Ă: 'A', Ê: 'E', Ô: 'O', Ơ: 'O', Ư: 'U' };

type Modifier = 'hat' | 'horn' | 'breve';

/** Adds a hat, horn or breve to the right vowel of a toneless word; null when none fits. */
function modify(base: string, mod: Modifier, only?: string): string | null {
  const chars = [...base];
  const table = mod === 'hat' ? HAT : mod === 'horn' ? HORN : BREVE;
  if (mod === 'horn') {
    // "uo" takes the horn on both: người, được.
    const lower = base.toLowerCase();
    const k = lower.lastIndexOf('uo');
    if (k >= 0 && !(lower.startsWith('qu') && k === 1)) {
      chars[k] = HORN[chars[k]!]!;
      chars[k + 1] = HORN[chars[k + 1]!]!;
      return chars.join('');
    }
  }
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i]!;
    if (only && c.toLowerCase() !== only) continue;
    if (table[c]) {
      chars[i] = table[c]!;
      return chars.join('');
    }
  }
  return null;
}

/** Removes a hat/horn/breve that `mod` would add, so typing the key again undoes it. */
function unmodify(base: string, mod: Modifier, only?: string): string | null {
  const targets = mod === 'hat' ? 'âêôÂÊÔ' : mod === 'horn' ? 'ơưƠƯ' : 'ăĂ';
  const chars = [...base];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (targets.includes(chars[i]!) && (!only || PLAIN[chars[i]!]!.toLowerCase() === only)) {
      chars[i] = PLAIN[chars[i]!]!;
      return chars.join('');
    }
  }
  return null;
}

const TELEX_TONES: Record<string, Tone> = { s: 'sac', f: 'huyen', r: 'hoi', x: 'nga', j: 'nang', z: 'none' };
const VNI_TONES: Record<string, Tone> = { '1': 'sac', '2': 'huyen', '3': 'hoi', '4': 'nga', '5': 'nang', '0': 'none' };

/** Types `key` onto `word` (the letters since the last space) with a typing method. */
export function typeKey(word: string, key: string, method: InputMethod): string {
  const { base, tone } = parse(word);
  // A letter after a toned vowel can move the tone: hóa + n → hoán.
  const literal = () => (tone === 'none' || !/\p{L}/u.test(key) ? word + key : render(base + key, tone));
  if (method === 'keys' || word === '') return literal();
  const lowerKey = key.toLowerCase();
  const hasVowel = toneIndex(base) >= 0;

  const toneKey = (method === 'telex' ? TELEX_TONES : VNI_TONES)[lowerKey];
  if (toneKey !== undefined && hasVowel) {
    if (toneKey === 'none') return tone === 'none' ? literal() : base;
    // The same tone key twice gives the letter itself back: "ss" → "s".
    return tone === toneKey ? base + key : render(base, toneKey);
  }

  let changed: string | null = null;
  if (method === 'telex') {
    if (lowerKey === 'd' && /^[dD]$/.test(base.slice(0, 1)) && base.length >= 1 && (base.length === 1 || !/đ/i.test(base))) {
      if (base.length === 1) changed = base === 'd' ? 'đ' : 'Đ';
    } else if ('aeo'.includes(lowerKey)) {
      changed = modify(base, 'hat', lowerKey);
      if (changed === null && /[âêô]/i.test(base)) {
        const undone = unmodify(base, 'hat', lowerKey);
        if (undone !== null) return render(undone, tone) + key;
      }
    } else if (lowerKey === 'w') {
      changed = modify(base, 'horn') ?? modify(base, 'breve');
      if (changed === null && !hasVowel) changed = base + (key === 'W' ? 'Ư' : 'ư');
    }
  } else {
    if (lowerKey === '9' && /^[dD]/.test(base)) changed = (base[0] === 'd' ? 'đ' : 'Đ') + base.slice(1);
    else if (lowerKey === '6') changed = modify(base, 'hat');
    else if (lowerKey === '7') changed = modify(base, 'horn');
    else if (lowerKey === '8') changed = modify(base, 'breve');
  }
  return changed === null ? literal() : render(changed, tone);
}

/** Applies a key to a whole text buffer: only the last word is transformed. */
export function typeIntoText(text: string, key: string, method: InputMethod): string {
  const m = /(\S*)$/.exec(text)!;
  const head = text.slice(0, text.length - m[1]!.length);
  return head + typeKey(m[1]!, key, method);
}

/** The direct tone key: puts the tone on the last word of the buffer. */
export function toneLastWord(text: string, tone: Tone): string {
  const m = /(\S*)$/.exec(text)!;
  return text.slice(0, text.length - m[1]!.length) + applyTone(m[1]!, tone);
}

/** Types a whole string key by key, as a person on the keyboard would. */
export function typeString(keys: string, method: InputMethod): string {
  let text = '';
  for (const k of keys) text = k === ' ' ? text + ' ' : typeIntoText(text, k, method);
  return text.normalize('NFC');
}
