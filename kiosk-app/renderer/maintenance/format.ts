// Times as a technician in Hanoi reads them, whatever the machine's time zone.
import { HANOI_TIME_ZONE as ZONE } from '../../../common/hanoi-time';

export function formatTime(iso: string, lang: string): string {
  return new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(new Date(iso));
}

export function formatDateTime(iso: string | null, lang: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: ZONE }).format(new Date(iso));
}

/** Whole minutes left until `iso`, at least 1 while it is still ahead. */
export function minutesUntil(iso: string, now = Date.now()): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now) / 60_000));
}
