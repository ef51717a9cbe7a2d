/**
 * Vietnamese in a printer's own code page, for models configured with textMode wpc1258 or
 * tcvn3 (raster is the default because many printers stack marks badly or lack the tables).
 *
 * Why not the encoder's code pages: @point-of-sale/receipt-printer-encoder maps text to
 * windows1258 character by character, so "ế" (no precomposed form in CP1258) becomes "?";
 * its tcvn3 table has no capitals at all. Both are done here instead.
 */

// CP1258 bytes 0x80..0xFF (Microsoft's table; 0 = undefined). Tone marks are combining
// characters: 0xCC grave, 0xEC acute, 0xDE tilde, 0xD2 hook above, 0xF2 dot below.
const CP1258_HIGH: readonly number[] = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0, 0x2039, 0x0152, 0, 0, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0, 0x203a, 0x0153, 0, 0, 0x0178,
  0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
  0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf,
  0xc0, 0xc1, 0xc2, 0x0102, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0x0300, 0xcd, 0xce, 0xcf,
  0x0110, 0xd1, 0x0309, 0xd3, 0xd4, 0x01a0, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0x01af, 0x0303, 0xdf,
  0xe0, 0xe1, 0xe2, 0x0103, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0x0301, 0xed, 0xee, 0xef,
  0x0111, 0xf1, 0x0323, 0xf3, 0xf4, 0x01a1, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0x01b0, 0x20ab, 0xff,
];

// TCVN 5712:1993 VN3 bytes 0xA1..0xFE (0 = unused). Toned capitals are not in VN3 (they
// live in a separate "capitals" font), so they are printed with the lowercase toned glyph.
const TCVN3_HIGH: readonly number[] = [
  /* A0 */ 0, 0x0102, 0x00c2, 0x00ca, 0x00d4, 0x01a0, 0x01af, 0x0110, 0x0103, 0x00e2, 0x00ea, 0x00f4, 0x01a1, 0x01b0, 0x0111, 0,
  /* B0 */ 0, 0, 0, 0, 0, 0x00e0, 0x1ea3, 0x00e3, 0x00e1, 0x1ea1, 0, 0x1eb1, 0x1eb3, 0x1eb5, 0x1eaf, 0,
  /* C0 */ 0, 0, 0, 0, 0, 0, 0x1eb7, 0x1ea7, 0x1ea9, 0x1eab, 0x1ea5, 0x1ead, 0x00e8, 0, 0x1ebb, 0x1ebd,
  /* D0 */ 0x00e9, 0x1eb9, 0x1ec1, 0x1ec3, 0x1ec5, 0x1ebf, 0x1ec7, 0x00ec, 0x1ec9, 0, 0, 0, 0x0129, 0x00ed, 0x1ecb, 0x00f2,
  /* E0 */ 0, 0x1ecf, 0x00f5, 0x00f3, 0x1ecd, 0x1ed3, 0x1ed5, 0x1ed7, 0x1ed1, 0x1ed9, 0x1edd, 0x1edf, 0x1ee1, 0x1edb, 0x1ee3, 0x00f9,
  /* F0 */ 0, 0x1ee7, 0x0169, 0x00fa, 0x1ee5, 0x1eeb, 0x1eed, 0x1eef, 0x1ee9, 0x1ef1, 0x1ef3, 0x1ef7, 0x1ef9, 0x00fd, 0x1ef5, 0,
];

const toMap = (high: readonly number[], base: number): Map<number, number> => {
  const m = new Map<number, number>();
  high.forEach((cp, i) => {
    if (cp !== 0 && !m.has(cp)) m.set(cp, base + i);
  });
  return m;
};
const CP1258_ENC = toMap(CP1258_HIGH, 0x80);
const TCVN3_ENC = toMap(TCVN3_HIGH, 0xa0);

const TONE_MARKS = new Set([0x0300, 0x0301, 0x0303, 0x0309, 0x0323]);

// Control characters in caller text become spaces: text must never smuggle in a command
// (ESC @, GS V, DLE EOT…), whatever a form field contained.

/** Punctuation a printer table may lack, folded to ASCII rather than printed as "?". */
const ASCII_FALLBACK: Record<string, string> = {
  '\u2013': '-', '\u2014': '-', '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2026': '...', '\u00a0': ' ', '\u2022': '*',
};

/**
 * Unicode → Windows-1258 with NFD splitting: a toned vowel is sent as its CP1258 base letter
 * (which may itself be precomposed: ê ô ơ ư ă â) followed by the combining tone mark.
 * `Tiếng Việt` → 54 69 EA EC 6E 67 20 56 69 EA F2 74.
 */
export function encodeWpc1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (cp < 0x20 || cp === 0x7f) out.push(0x20);
    else if (cp < 0x80) out.push(cp);
    else if (CP1258_ENC.has(cp)) out.push(CP1258_ENC.get(cp) ?? 0x3f);
    else {
      const nfd = [...ch.normalize('NFD')];
      const base = nfd[0] ?? '?';
      const marks = nfd.slice(1);
      const shape = marks.filter((m) => !TONE_MARKS.has(m.codePointAt(0) ?? 0)).join('');
      const tones = marks.filter((m) => TONE_MARKS.has(m.codePointAt(0) ?? 0));
      const composed = (base + shape).normalize('NFC');
      const composedCp = composed.codePointAt(0) ?? 0x3f;
      if ([...composed].length === 1 && (composedCp < 0x80 || CP1258_ENC.has(composedCp)) && tones.every((t) => CP1258_ENC.has(t.codePointAt(0) ?? 0))) {
        out.push(composedCp < 0x80 ? composedCp : (CP1258_ENC.get(composedCp) ?? 0x3f));
        for (const t of tones) out.push(CP1258_ENC.get(t.codePointAt(0) ?? 0) ?? 0x3f);
      } else {
        for (const c of ASCII_FALLBACK[ch] ?? '?') out.push(c.charCodeAt(0));
      }
    }
  }
  return Uint8Array.from(out);
}

/** Windows-1258 → Unicode (NFC), as a printer with the table would show it. */
export function decodeWpc1258(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : String.fromCodePoint(CP1258_HIGH[b - 0x80] || 0xfffd);
  return s.normalize('NFC');
}

/** Unicode → TCVN-3 (VN3). Toned capitals fold to their lowercase glyph (see above). */
export function encodeTcvn3(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    if (cp < 0x20 || cp === 0x7f) out.push(0x20);
    else if (cp < 0x80) out.push(cp);
    else if (TCVN3_ENC.has(cp)) out.push(TCVN3_ENC.get(cp) ?? 0x3f);
    else {
      const lower = ch.toLowerCase().codePointAt(0) ?? 0;
      if (TCVN3_ENC.has(lower)) out.push(TCVN3_ENC.get(lower) ?? 0x3f);
      else for (const c of ASCII_FALLBACK[ch] ?? '?') out.push(c.charCodeAt(0));
    }
  }
  return Uint8Array.from(out);
}

export function decodeTcvn3(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : String.fromCodePoint(TCVN3_HIGH[b - 0xa0] || 0xfffd);
  return s;
}

/** ESC t n for each text mode (Epson numbering; configurable per model in the printer config). */
export const DEFAULT_CODE_TABLE = { wpc1258: 52, tcvn3: 30 } as const;
