import { HANOI_TIME_ZONE, hanoiDate, hanoiMidnight } from '../../../common/hanoi-time';
import { asLanguage, LOCALES } from '../../../common/languages';
import { bookingFromSlipQr } from '../../api/staff-contract';
import { formatClock } from '../i18n/localized';

// The booking screens' pure logic: slots grouped by Hanoi day, the day and time written in the
// citizen's language ("Thứ Ba 08/12 · 18:00–18:30"), and a booking code as it is typed or
// scanned ("ab12 cd34", "AB12-CD34", a slip's QR) made the code the city knows.

export interface SlotLike {
  readonly slotId: string;
  readonly start: string;
  readonly end: string;
}

export interface SlotDay<S extends SlotLike> {
  /** The Hanoi calendar day, `2026-12-08`. */
  readonly day: string;
  readonly slots: readonly S[];
}

/** Slots by the Hanoi day they start on, days and slots in time order (whatever order the city sent). */
export function groupSlotsByDay<S extends SlotLike>(slots: readonly S[]): SlotDay<S>[] {
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.slotId.localeCompare(b.slotId));
  const days: { day: string; slots: S[] }[] = [];
  for (const s of sorted) {
    const day = hanoiDate(new Date(s.start));
    const last = days[days.length - 1];
    if (last && last.day === day) last.slots.push(s);
    else days.push({ day, slots: [s] });
  }
  return days;
}

const weekdayFormats = new Map<string, Intl.DateTimeFormat>();
const dayMonthFormats = new Map<string, Intl.DateTimeFormat>();
const fullDateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = map.get(key);
  if (!f) map.set(key, (f = make()));
  return f;
}

/** The weekday of a Hanoi day in the citizen's language: "Thứ Ba", "Tuesday", "星期二". */
export function weekdayName(day: string, lang: string): string {
  const at = hanoiMidnight(day);
  if (!at) return day;
  const locale = LOCALES[asLanguage(lang)];
  const name = cached(weekdayFormats, locale, () => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: HANOI_TIME_ZONE })).format(at);
  // French writes weekdays in lower case; at the head of a line they start with a capital.
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** A Hanoi day's date without its weekday: "08/12", "12月8日". */
export function dayDate(day: string, lang: string): string {
  const at = hanoiMidnight(day);
  if (!at) return day;
  const language = asLanguage(lang);
  const locale = LOCALES[language];
  const cjk = language === 'zh' || language === 'ja' || language === 'ko';
  return cjk
    ? cached(dayMonthFormats, locale, () => new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: HANOI_TIME_ZONE })).format(at)
    : `${day.slice(8, 10)}/${day.slice(5, 7)}`;
}

/** A Hanoi day as a slot list heads it: "Thứ Ba 08/12", "Tuesday 08/12", "星期二 12月8日". */
export function dayLabel(day: string, lang: string): string {
  if (!hanoiMidnight(day)) return day;
  return `${weekdayName(day, lang)} ${dayDate(day, lang)}`;
}

/** A slot's hours in Hanoi: "18:00–18:30". */
export function timeRange(start: string, end: string, lang: string): string {
  return `${formatClock(start, lang)}–${formatClock(end, lang)}`;
}

/** A slot on one line, without its free places: "Thứ Ba 08/12 · 18:00–18:30". */
export function slotWhen(slot: Pick<SlotLike, 'start' | 'end'>, lang: string): string {
  return `${dayLabel(hanoiDate(new Date(slot.start)), lang)} · ${timeRange(slot.start, slot.end, lang)}`;
}

/** A booking's moment, with its year: "Thứ Ba 08/12/2026 · 18:00–18:30" (only the start when the end is not known). */
export function bookingWhen(start: string, end: string | null, lang: string): string {
  const day = hanoiDate(new Date(start));
  const language = asLanguage(lang);
  const cjk = language === 'zh' || language === 'ja' || language === 'ko';
  const at = hanoiMidnight(day);
  const locale = LOCALES[language];
  const date =
    cjk && at
      ? `${cached(fullDateFormats, locale, () => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: HANOI_TIME_ZONE })).format(at)} ${weekdayName(day, lang)}`
      : `${dayLabel(day, lang)}/${day.slice(0, 4)}`;
  return `${date} · ${end ? timeRange(start, end, lang) : formatClock(start, lang)}`;
}

/** The letters and digits of a code being typed, in capitals, at most 8 (what the keypad and the box hold). */
export function bookingCodeChars(typed: string): string {
  const slip = bookingFromSlipQr(typed);
  const text = slip ? slip.bookingCode : typed;
  return text.normalize('NFC').toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 8);
}

/** How the box shows a code being typed: "AB12-CD" (the dash once the first four are in). */
export function showBookingCode(typed: string): string {
  const c = bookingCodeChars(typed);
  return c.length > 4 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

/**
 * A typed or scanned booking code as the city knows it, `XXXX-XXXX`, or null when it is not
 * one: spaces, a dash anywhere or none, small letters and a slip's QR are all accepted.
 */
export function normaliseBookingCode(typed: string): string | null {
  const slip = bookingFromSlipQr(typed.trim());
  if (slip) return slip.bookingCode;
  const compact = typed.normalize('NFC').toUpperCase().replace(/[\s\-–—.]/g, '');
  if (!/^[0-9A-Z]{8}$/.test(compact)) return null;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

/** An ID number (CCCD) shown to the one who typed it, masked for anyone looking over: "0010******45". */
export function maskedId(idNumber: string): string {
  return idNumber.length === 12 ? `${idNumber.slice(0, 4)}••••••${idNumber.slice(10)}` : idNumber;
}
