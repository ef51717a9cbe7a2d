// The JSON Canonicalization Scheme (RFC 8785, JCS) for plain JSON data: what a signature over
// a JSON value (the city's signed catalogue) is computed on. Object keys sorted recursively,
// no whitespace, strings escaped only where JSON must (non-ASCII written as itself), numbers in
// ECMAScript's shortest round-trip form (what JSON.stringify writes). The caller encodes the
// result as UTF-8.
//
// Key order: RFC 8785 §3.2.3 sorts by UTF-16 code units, and so does this. The gateway
// contract says "by code point (as RFC 8785)"; the two agree for every key in the Basic
// Multilingual Plane, and differ only when a key holds a character above U+FFFF against one
// in U+E000–U+FFFF: "\u{1F600}" (code units D83D DE00) sorts before "\uFB33" by code units, after
// it by code point. We follow RFC 8785, which the contract names (canonical-json.test.ts shows
// the case with the RFC's own example).
//
// Anything that is not JSON is refused with a CanonicalJsonError rather than silently dropped
// or changed as JSON.stringify would: NaN and ±Infinity, undefined (in an object or an array),
// functions, symbols, bigints, objects that are not plain (Date, Map, class instances), lone
// surrogates in strings or keys (not I-JSON), and cycles.

export type CanonicalJsonProblem = 'non-finite' | 'undefined' | 'function' | 'unsupported' | 'lone-surrogate' | 'cycle';

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
  constructor(
    readonly problem: CanonicalJsonProblem,
    /** Where in the value, as a JSON-pointer-like path ("" for the root). */
    readonly path: string,
  ) {
    super(`cannot canonicalize JSON: ${problem} at ${path || '(root)'}`);
  }
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function str(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw new CanonicalJsonError('lone-surrogate', path);
  // JSON.stringify escapes exactly what RFC 8785 §3.2.2.2 asks: " \ and U+0000–U+001F
  // (\b \t \n \f \r by name, the rest as \u00xx in lower case); everything else as itself.
  return JSON.stringify(s);
}

/** Sorts by UTF-16 code units (RFC 8785 §3.2.3): JavaScript's default string comparison. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function write(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return str(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('non-finite', path);
      // ECMAScript Number::toString; -0 is written 0 (RFC 8785 §3.2.2.3).
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      throw new CanonicalJsonError('undefined', path);
    case 'function':
      throw new CanonicalJsonError('function', path);
    case 'bigint':
    case 'symbol':
      throw new CanonicalJsonError('unsupported', path);
    case 'object':
      break;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (open.has(obj)) throw new CanonicalJsonError('cycle', path);
  open.add(obj);
  try {
    if (Array.isArray(obj)) {
      const items: string[] = [];
      for (let i = 0; i < obj.length; i++) items.push(write(obj[i], `${path}/${i}`, open));
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) throw new CanonicalJsonError('unsupported', path);
    if (Object.getOwnPropertySymbols(obj).length > 0) throw new CanonicalJsonError('unsupported', path);
    const record = obj as Record<string, unknown>;
    const members = Object.keys(record).sort(byCodeUnits).map((k) => {
      const at = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return `${str(k, at)}:${write(record[k], at, open)}`;
    });
    return `{${members.join(',')}}`;
  } finally {
    open.delete(obj);
  }
}

/**
 * The RFC 8785 canonical form of a JSON value (a string; sign or hash its UTF-8 bytes).
 * Throws CanonicalJsonError for anything that is not plain JSON data.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '', new Set());
}
