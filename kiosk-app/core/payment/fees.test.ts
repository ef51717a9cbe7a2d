import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog-loader';
import type { FeeRule } from '../catalog/catalog-schema';
import { computeFee } from './fees';

const kiosk = (pages: number, copies = 1) => ({ pages, copies, online: true });

function ruleOf(code: string): FeeRule {
  const c = loadCatalog();
  if (!c.ok) throw new Error('catalogue must load');
  const p = c.value.procedures.find((x) => x.code === code);
  if (!p) throw new Error(`no procedure ${code}`);
  return p.fee;
}

describe('computeFee on the real catalogue', () => {
  it('certified copy (2.000815): 2 000 đ for pages 1–2, 1 000 đ after, 200 000 đ cap per copy', () => {
    const rule = ruleOf('2.000815');
    expect(computeFee(rule, kiosk(1))).toMatchObject({ ok: true, value: { amount: 2_000 } });
    expect(computeFee(rule, kiosk(2))).toMatchObject({ ok: true, value: { amount: 4_000 } });
    expect(computeFee(rule, kiosk(5))).toMatchObject({ ok: true, value: { amount: 7_000 } });
    expect(computeFee(rule, kiosk(5, 3))).toMatchObject({ ok: true, value: { amount: 21_000, perCopy: 7_000 } });
    // 2×2 000 + 196×1 000 = 200 000 exactly; one page more stays capped.
    expect(computeFee(rule, kiosk(198))).toMatchObject({ ok: true, value: { amount: 200_000 } });
    expect(computeFee(rule, kiosk(500, 2))).toMatchObject({ ok: true, value: { amount: 400_000, perCopy: 200_000 } });
  });

  it('a kiosk submission pays the online amount where the catalogue has one', () => {
    expect(computeFee(ruleOf('1.004222'), kiosk(1))).toMatchObject({ ok: true, value: { amount: 10_000 } });
    expect(computeFee(ruleOf('1.004222'), { pages: 1, copies: 1, online: false })).toMatchObject({ ok: true, value: { amount: 20_000 } });
    expect(computeFee(ruleOf('2.000884'), kiosk(1))).toMatchObject({ ok: true, value: { amount: 10_000 } });
  });

  it('free is 0; local and unverified are not collected at the kiosk', () => {
    expect(computeFee(ruleOf('1.001193'), kiosk(1))).toMatchObject({ ok: true, value: { amount: 0 } });
    expect(computeFee(ruleOf('1.004873'), kiosk(1))).toEqual({ ok: false, error: { code: 'not-payable-at-kiosk', rule: 'local' } });
    expect(computeFee(ruleOf('3.000333'), kiosk(1))).toEqual({ ok: false, error: { code: 'not-payable-at-kiosk', rule: 'unverified' } });
  });

  it('refuses impossible page or copy counts', () => {
    expect(computeFee(ruleOf('2.000815'), kiosk(0))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(computeFee(ruleOf('2.000815'), kiosk(2, 1.5))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
