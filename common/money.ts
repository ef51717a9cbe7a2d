import type { Language } from './languages';

// Amounts in đồng as every screen, answer and paper writes them. VND has no minor unit in
// use, so amounts are whole. Grouping is by hand, not Intl: the receipt printer's code page
// must be able to print every character (fr groups with U+202F, which the printer's font
// lacks; the receipt prints only vi and en).

const CURRENCY: Readonly<Record<Language, { sep: string; format: (digits: string) => string }>> = {
  vi: { sep: '.', format: (n) => `${n} đồng` },
  en: { sep: ',', format: (n) => `${n} VND` },
  zh: { sep: ',', format: (n) => `${n}越南盾` },
  ko: { sep: ',', format: (n) => `${n}동` },
  ja: { sep: ',', format: (n) => `${n}ドン` },
  fr: { sep: '\u202f', format: (n) => `${n} VND` },
};

/** 10000 → "10.000 đồng" (vi), "10,000 VND" (en), "10 000 VND" (fr, narrow no-break space), "10,000越南盾" (zh)… */
export function formatVnd(amount: number, lang: Language): string {
  const c = CURRENCY[lang];
  const sign = amount < 0 ? '-' : '';
  return c.format(sign + String(Math.trunc(Math.abs(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, c.sep));
}
