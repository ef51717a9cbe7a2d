import { HANOI_TIME_ZONE, hanoiDate, hanoiMidnight } from '../../../common/hanoi-time';
import { asLanguage, LOCALES } from '../../../common/languages';
import { formatVnd as formatVndIn } from '../../../common/money';
import type { LocalizedText } from '../../api/types';

// How the screens write texts, amounts, days and times in the citizen's language. Times are
// Hanoi's whatever the machine is set to (common/hanoi-time), amounts are common/money's.

/** Catalogue texts exist in vi and en; other languages read English, then Vietnamese. */
export function localized(text: LocalizedText | undefined, lang: string): string {
  if (!text) return '';
  if (lang === 'vi') return text.vi;
  return text.en || text.vi;
}

export function formatVnd(amount: number, lang: string): string {
  return formatVndIn(amount, asLanguage(lang));
}

/** A calendar day (`2026-11-30`) in the citizen's language; Vietnamese papers write 30/11/2026. */
export function formatDay(day: string, lang: string): string {
  const start = hanoiMidnight(day.slice(0, 10));
  if (!start) return day;
  const language = asLanguage(lang);
  const style: Intl.DateTimeFormatOptions =
    language === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'long', year: 'numeric' };
  return new Intl.DateTimeFormat(LOCALES[language], { ...style, timeZone: HANOI_TIME_ZONE }).format(start);
}

/** The time of day in Hanoi: `14:05`. */
export function formatClock(at: string | Date, lang: string): string {
  return new Intl.DateTimeFormat(LOCALES[asLanguage(lang)], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: HANOI_TIME_ZONE }).format(new Date(at));
}

/** A moment in Hanoi: "14:05, 30/11/2026" in Vietnamese; "—" when there is none. */
export function formatMoment(at: string | Date | null, lang: string): string {
  if (at === null) return '—';
  const d = new Date(at);
  return `${formatClock(d, lang)}, ${formatDay(hanoiDate(d), lang)}`;
}
