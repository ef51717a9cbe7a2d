// Hanoi's time zone, for every time a citizen, clerk or technician reads, whatever the
// machine's own zone. Arithmetic goes through Intl with the zone's name, never a hand-written
// offset: one place to be right.
export const HANOI_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface HanoiParts {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly hour: string;
  readonly minute: string;
  readonly second: string;
}

// One formatter: creating an Intl.DateTimeFormat costs far more than using one. Made on first
// use, not at import: loading the time zone data is ~15 ms every start would pay before its window.
let parts: Intl.DateTimeFormat | undefined;
const PARTS = () =>
  (parts ??= new Intl.DateTimeFormat('en-US', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: HANOI_TIME_ZONE,
  }));

/** The wall clock in Hanoi at `at`, as zero-padded strings. */
export function hanoiParts(at: Date): HanoiParts {
  const p: Record<string, string> = {};
  for (const part of PARTS().formatToParts(at)) p[part.type] = part.value;
  return { year: p['year']!, month: p['month']!, day: p['day']!, hour: p['hour']!, minute: p['minute']!, second: p['second']! };
}

/** The calendar day in Hanoi at `at`: `2026-12-04`. */
export function hanoiDate(at: Date): string {
  const p = hanoiParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2026-12-04 21:41:52` in Hanoi: sortable, for logs and technicians' tables. */
export function formatHanoiTimestamp(at: string | Date): string {
  const p = hanoiParts(typeof at === 'string' ? new Date(at) : at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** `04/12/2026 21:41` in Hanoi, as Vietnamese papers write it. */
export function formatHanoiDateTime(at: Date): string {
  const p = hanoiParts(at);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** `04/12/2026` in Hanoi. */
export function formatHanoiDate(at: Date): string {
  const p = hanoiParts(at);
  return `${p.day}/${p.month}/${p.year}`;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a Hanoi calendar day (`2026-12-04`) begins, or null for a malformed day. */
export function hanoiMidnight(day: string): Date | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(asUtc).toISOString().slice(0, 10) !== day) return null;
  // The zone's offset at that moment, read back from Intl (Hanoi keeps one offset all year).
  const p = hanoiParts(new Date(asUtc));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return new Date(asUtc - (wall - asUtc));
}

/** A calendar day `days` after `day` (both `YYYY-MM-DD`; zone-free arithmetic on dates). */
export function addDays(day: string, days: number): string {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/** 0 (Sunday) … 6 (Saturday) for a calendar day `YYYY-MM-DD`. */
export function weekday(day: string): number {
  const m = DAY.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
}
