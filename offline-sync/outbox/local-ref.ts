// The printed local reference, derived from the dossier id so it needs no counter.
// Crockford base32 (no I, L, O, U) of the last 50 random bits of the uuid v7: "K-XXXXX-XXXXX".
// Lookup normalises what a citizen types (case, spaces, dashes, O→0, I/L→1).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function localRefFromId(id: string): string {
  const hex = id.replace(/-/g, '');
  let n = BigInt('0x' + hex.slice(-13)) & ((1n << 50n) - 1n);
  let s = '';
  for (let i = 0; i < 10; i++) {
    s = ALPHABET[Number(n & 31n)] + s;
    n >>= 5n;
  }
  return `K-${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Canonical form of a typed local reference, or null when it cannot be one. */
export function normalizeLocalRef(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = s.startsWith('K') ? s.slice(1) : s;
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(body)) return null;
  return `K-${body.slice(0, 5)}-${body.slice(5)}`;
}

export function normalizeReceiptCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '');
}
