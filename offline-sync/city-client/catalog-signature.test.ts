import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json';
import { catalogSigningBytes, signCatalog, verifyCatalog, type CatalogBody } from './catalog-signature';

const keys = crypto.generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const body: CatalogBody = {
  version: '2026.12.07-1',
  procedures: [
    { code: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, fee: { kind: 'free' }, papers: [{ id: 'giay-chung-sinh', required: true }] },
    { code: '2.000908', name: { vi: 'Chứng thực bản sao từ bản chính', en: 'Certified copies' }, fee: { kind: 'fixed', amount: 2000 } },
  ],
  removed: ['1.000656'],
};
const signed = () => ({ ...structuredClone(body), signature: signCatalog(body, keys.privateKey) });

/** The same JSON with every object's keys in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

describe('catalogue signature', () => {
  it('verifies a signed catalogue and hands back its body', () => {
    expect(verifyCatalog(signed(), publicKeyPem)).toEqual({ ok: true, value: body });
    // What is signed: UTF-8 of the canonical JSON, Vietnamese unescaped.
    const bytes = catalogSigningBytes(body);
    expect(bytes.toString('utf8')).toBe(canonicalJson(body));
    expect(bytes.toString('utf8')).toContain('"Đăng ký khai sinh"');
    expect(bytes.toString('utf8').startsWith('{"procedures":[{"code":"1.001193","fee":{"kind":"free"},"name":{"en":')).toBe(true);
    // The same signature through a PEM string as the private key (as --catalog-key gives it).
    const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(verifyCatalog({ ...body, signature: signCatalog(body, pem) }, publicKeyPem).ok).toBe(true);
  });

  it('refuses a catalogue with one character changed in a procedure', () => {
    const a = signed();
    (a.procedures[0]!.name as { vi: string }).vi = 'Đăng ký khai tử';
    expect(verifyCatalog(a, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    const b = signed();
    (b.procedures[1]!.fee as { amount: number }).amount = 2001;
    expect(verifyCatalog(b, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    // Nor may a removal or the version be changed, or a procedure slipped in.
    expect(verifyCatalog({ ...signed(), removed: [] }, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    expect(verifyCatalog({ ...signed(), version: '2026.12.07-2' }, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
  });

  it('refuses a catalogue without a signature as unsigned', () => {
    expect(verifyCatalog(structuredClone(body), publicKeyPem)).toMatchObject({ ok: false, error: { code: 'unsigned' } });
    expect(verifyCatalog({ ...body, signature: '' }, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'unsigned' } });
    expect(verifyCatalog({ ...body, signature: 'not base64!' }, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
  });

  it('verifies the same catalogue whatever order its keys arrive in (the canonical form is signed)', () => {
    const shuffled = reversed(signed()) as Record<string, unknown>;
    expect(Object.keys(shuffled)[0]).toBe('signature');
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(signed()));
    expect(verifyCatalog(JSON.parse(JSON.stringify(shuffled)), publicKeyPem)).toEqual({ ok: true, value: body });
  });

  it('refuses a catalogue signed by another key, and says what is wrong with a non-catalogue', () => {
    expect(verifyCatalog(signed(), other)).toMatchObject({ ok: false, error: { code: 'bad-signature', message: 'catalogue: signature does not verify' } });
    const notEd = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyCatalog(signed(), notEd)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    expect(verifyCatalog(signed(), 'garbage')).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    expect(verifyCatalog([], publicKeyPem)).toMatchObject({ ok: false, error: { code: 'malformed' } });
    // Well signed but not a catalogue's shape: the signature holds, the body is still refused.
    const odd = { version: '1', procedures: [{ name: 'no code' }], removed: [] } as unknown as CatalogBody;
    expect(verifyCatalog({ ...odd, signature: signCatalog(odd, keys.privateKey) }, publicKeyPem)).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(() => signCatalog(body, crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519/);
  });
});
