// A community point's published hours as 30-minute slots (the contract's defaults: Monday–Friday
// 18:00–21:00; Saturday and Sunday 08:00–11:30 and 13:30–17:00), in Hanoi's time. Slot ids are
// stable, `<POINT_CODE>-<YYYYMMDD>-<HHMM>`, so a slot is known from its id alone, with no table.
import { hanoiMidnight, hanoiParts, weekday } from '../../common/hanoi-time';

export const SLOT_MINUTES = 30;

/** Opening periods of a day as [from, to) minutes after midnight. */
const WEEKDAY_HOURS: readonly (readonly [number, number])[] = [[18 * 60, 21 * 60]];
const WEEKEND_HOURS: readonly (readonly [number, number])[] = [[8 * 60, 11 * 60 + 30], [13 * 60 + 30, 17 * 60]];

export interface PointSlot {
  readonly slotId: string;
  /** The Hanoi calendar day, YYYY-MM-DD. */
  readonly day: string;
  readonly start: Date;
  readonly end: Date;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The point's slots on a Hanoi day (YYYY-MM-DD), in time order; none for a malformed day. */
export function slotsOn(point: string, day: string): PointSlot[] {
  const midnight = hanoiMidnight(day);
  if (!midnight) return [];
  const wd = weekday(day);
  const slots: PointSlot[] = [];
  for (const [from, to] of wd === 0 || wd === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS) {
    for (let m = from; m + SLOT_MINUTES <= to; m += SLOT_MINUTES) {
      slots.push({
        slotId: `${point}-${day.replace(/-/g, '')}-${pad(Math.floor(m / 60))}${pad(m % 60)}`,
        day,
        start: new Date(midnight.getTime() + m * 60_000),
        end: new Date(midnight.getTime() + (m + SLOT_MINUTES) * 60_000),
      });
    }
  }
  return slots;
}

/** The slot an id names when it is one of this point's (right prefix, on the hours grid), else null. */
export function slotById(point: string, slotId: string): PointSlot | null {
  const m = /^(.+)-(\d{4})(\d{2})(\d{2})-\d{4}$/.exec(slotId);
  if (!m || m[1] !== point) return null;
  return slotsOn(point, `${m[2]}-${m[3]}-${m[4]}`).find((s) => s.slotId === slotId) ?? null;
}

/**
 * ISO 8601 in Hanoi's wall time with its offset (`2026-11-28T08:00:00+07:00`): what a clerk
 * reads is the time itself. The offset is read back from Intl, never written by hand.
 */
export function hanoiIso(at: Date): string {
  const p = hanoiParts(at);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offset = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const a = Math.abs(offset);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
