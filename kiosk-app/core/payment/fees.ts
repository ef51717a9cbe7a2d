import { err, ok, type Result } from '../../../common/result';
import type { FeeRule } from '../catalog/catalog-schema';

export interface FeeInput {
  /** Pages of one copy (certified copies: pages scanned). */
  readonly pages: number;
  readonly copies: number;
  /** A kiosk submission is filed online (channel 2), so the online amount applies. */
  readonly online: boolean;
}

export interface Fee {
  /** Whole VND; 0 when free. */
  readonly amount: number;
  readonly perCopy: number;
  readonly rule: FeeRule['kind'];
}

export type FeeError =
  /** 'local' (set by the city council) or 'unverified': staff collect it, the kiosk does not guess. */
  | { readonly code: 'not-payable-at-kiosk'; readonly rule: 'local' | 'unverified' }
  | { readonly code: 'invalid-input'; readonly detail: string };

export function computeFee(rule: FeeRule, input: FeeInput): Result<Fee, FeeError> {
  const { pages, copies, online } = input;
  if (!Number.isInteger(pages) || pages < 1) return err({ code: 'invalid-input', detail: 'pages must be a whole number ≥ 1' });
  if (!Number.isInteger(copies) || copies < 1) return err({ code: 'invalid-input', detail: 'copies must be a whole number ≥ 1' });
  switch (rule.kind) {
    case 'free':
      return ok({ amount: 0, perCopy: 0, rule: 'free' });
    case 'fixed': {
      const each = online && rule.onlineAmount !== undefined ? rule.onlineAmount : rule.amount;
      return ok({ amount: each, perCopy: each, rule: 'fixed' });
    }
    case 'perPage': {
      // TT 226/2016: 2 000 đ/page for pages 1–2, 1 000 đ from page 3, at most 200 000 đ a copy.
      const first = Math.min(pages, rule.firstPages) * rule.firstPageAmount;
      const later = Math.max(0, pages - rule.firstPages) * rule.laterPageAmount;
      const perCopy = Math.min(first + later, rule.maxPerCopy);
      return ok({ amount: perCopy * copies, perCopy, rule: 'perPage' });
    }
    case 'local':
    case 'unverified':
      return err({ code: 'not-payable-at-kiosk', rule: rule.kind });
  }
}
