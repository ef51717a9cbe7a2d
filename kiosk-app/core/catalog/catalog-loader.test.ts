import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG_PATH, loadCatalog, parseCatalog } from './catalog-loader';

const raw = () => JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8'));

describe('catalogue loader', () => {
  it('loads the shipped catalogue with every procedure of domain-facts §6', () => {
    const r = loadCatalog();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.procedures.length).toBeGreaterThanOrEqual(20);
    for (const code of ['1.001193', '1.000894', '2.000815', '1.004222', '1.001456', '3.000333', '1.001612']) {
      expect(r.value.procedures.map((p) => p.code)).toContain(code);
    }
  });

  it('rejects a bad entry naming the entry and the field', () => {
    const data = raw();
    data.procedures[3].fee = { kind: 'fixed', amount: -5 };
    const r = parseCatalog(data);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.entry).toBe(data.procedures[3].code);
    expect(r.error.field).toBe('fee.amount');
    expect(r.error.message).toContain(data.procedures[3].code);
  });

  it('rejects a missing English name, an unknown field and a duplicate code', () => {
    const a = raw();
    delete a.procedures[0].name.en;
    expect(parseCatalog(a)).toMatchObject({ ok: false, error: { entry: '1.001193', field: 'name.en' } });
    const b = raw();
    b.procedures[1].field = 'no-such-field';
    expect(parseCatalog(b)).toMatchObject({ ok: false, error: { field: 'field' } });
    const c = raw();
    c.procedures.push(c.procedures[0]);
    expect(parseCatalog(c)).toMatchObject({ ok: false, error: { field: 'code' } });
  });

  it('rejects a malformed national code and an unreadable file', () => {
    const a = raw();
    a.procedures[2].code = '1.00x';
    expect(parseCatalog(a)).toMatchObject({ ok: false, error: { field: 'code' } });
    expect(loadCatalog('/nonexistent/catalog.json')).toMatchObject({ ok: false, error: { code: 'unreadable' } });
  });
});
