// RFC 8785's own examples (§3.2.2, §3.2.3, Appendix B) and the cyberphone/json-canonicalization
// test data ("french", "unicode"), written out here.
import { describe, expect, it } from 'vitest';
import { canonicalJson, CanonicalJsonError } from './canonical-json';

/** The IEEE-754 double with these bits. */
function double(hex: string): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt(`0x${hex}`));
  return v.getFloat64(0);
}

function problemOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof CanonicalJsonError) return `${e.problem} ${e.path}`;
    throw e;
  }
  return undefined;
}

describe('canonicalJson (RFC 8785)', () => {
  it('writes the RFC §3.2.2 example exactly', () => {
    const input = JSON.parse(String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`) as unknown;
    expect(canonicalJson(input)).toBe(String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`);
  });

  it('sorts keys by UTF-16 code units as in RFC §3.2.3', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😀":"Emoji: Grinning Face","\uFB33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('chooses RFC 8785 code-unit order where it differs from code-point order (a key above U+FFFF)', () => {
    // By code point U+FB33 < U+1F600; by UTF-16 code units 0xD83D < 0xFB33. RFC 8785 (and this) put the emoji first.
    const out = canonicalJson({ '\uFB33': 1, '\u{1F600}': 2 });
    expect(out).toBe('{"😀":2,"\uFB33":1}');
    const byCodePoint = ['\uFB33', '\u{1F600}'].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
    expect(byCodePoint).toEqual(['\uFB33', '\u{1F600}']); // the other order, which we do not use
    // In the BMP both orders agree.
    expect(canonicalJson({ 'é': 1, z: 2, A: 3, '€': 4 })).toBe('{"A":3,"z":2,"é":1,"€":4}');
  });

  it('ignores locale ("french") and does not normalize Unicode ("unicode")', () => {
    const french = { peach: 'This sorting order', 'péché': 'is wrong according to French', 'pêche': 'but canonicalization MUST', sin: 'ignore locale' };
    expect(canonicalJson(french)).toBe('{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ignore locale"}');
    expect(canonicalJson(JSON.parse('{"Unnormalized Unicode":"A\\u030a"}'))).toBe('{"Unnormalized Unicode":"A\u030a"}');
  });

  it('writes the numbers of RFC Appendix B in ECMAScript form', () => {
    const vectors: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of vectors) expect(canonicalJson(double(bits)), bits).toBe(text);
    // NaN and Infinity (Appendix B: "must cause an error").
    expect(problemOf(() => canonicalJson(double('7fffffffffffffff')))).toBe('non-finite ');
    expect(problemOf(() => canonicalJson([double('7ff0000000000000')]))).toBe('non-finite /0');
    expect(problemOf(() => canonicalJson({ a: -Infinity }))).toBe('non-finite /a');
  });

  it('writes nesting with no whitespace, sorted at every depth, arrays in order', () => {
    expect(canonicalJson({ b: [3, { z: null, a: 'x' }, []], a: { d: {}, c: true } })).toBe('{"a":{"c":true,"d":{}},"b":[3,{"a":"x","z":null},[]]}');
    expect(canonicalJson('Hà Nội\u2028\t')).toBe('"Hà Nội\u2028\\t"');
  });

  it('refuses what is not JSON, naming the problem and where: undefined, functions, cycles, lone surrogates, non-plain objects', () => {
    expect(problemOf(() => canonicalJson({ a: { b: undefined } }))).toBe('undefined /a/b');
    expect(problemOf(() => canonicalJson([1, undefined]))).toBe('undefined /1');
    expect(problemOf(() => canonicalJson(undefined))).toBe('undefined ');
    expect(problemOf(() => canonicalJson({ f: () => 1 }))).toBe('function /f');
    const cyclic: Record<string, unknown> = { a: [] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(problemOf(() => canonicalJson(cyclic))).toBe('cycle /a/0');
    // The same object twice, not inside itself, is no cycle.
    const shared = { x: 1 };
    expect(canonicalJson({ p: shared, q: [shared] })).toBe('{"p":{"x":1},"q":[{"x":1}]}');
    expect(problemOf(() => canonicalJson({ s: 'a\uD800b' }))).toBe('lone-surrogate /s');
    expect(problemOf(() => canonicalJson({ '\uDE00': 1 }))).toBe('lone-surrogate /\uDE00');
    expect(problemOf(() => canonicalJson({ d: new Date(0) }))).toBe('unsupported /d');
    expect(problemOf(() => canonicalJson(10n))).toBe('unsupported ');
    expect(() => canonicalJson({ a: NaN })).toThrow(CanonicalJsonError);
    expect(() => canonicalJson({ a: NaN })).toThrow(/non-finite at \/a/);
  });
});
