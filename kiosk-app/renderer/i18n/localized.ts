import type { LocalizedText } from '../../api/types';

/** Catalogue texts exist in vi and en; other languages read English, then Vietnamese. */
export function localized(text: LocalizedText | undefined, lang: string): string {
  if (!text) return '';
  if (lang === 'vi') return text.vi;
  return text.en || text.vi;
}

export function formatVnd(amount: number, lang: string): string {
  return lang === 'vi'
    ? `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`
    : `${new Intl.NumberFormat('en-US').format(amount)} VND`;
}
