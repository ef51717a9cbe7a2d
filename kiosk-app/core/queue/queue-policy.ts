// Queue-number rules of the Hanoi centre (iHanoi pilot, domain-facts §7): at most two
// numbers a person a day and one a field; people aged 75 and over are served first;
// people with disabilities and pregnant women too, once staff confirm it.

export type Priority = 'normal' | 'elderly' | 'disabled' | 'pregnant';

export const MAX_TICKETS_PER_PERSON_PER_DAY = 2;
export const MAX_TICKETS_PER_PERSON_PER_FIELD = 1;
export const ELDERLY_AGE = 75;

/** Full years between an ISO birth date and an ISO day. */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface PriorityDecision {
  readonly priority: Priority;
  /** Claimed by the citizen, to be confirmed by staff at the counter. */
  readonly needsStaffConfirmation: boolean;
}

export function decidePriority(input: { dateOfBirth?: string; claimed?: 'disabled' | 'pregnant'; today: string }): PriorityDecision {
  // Age comes from the chip card, so it needs no confirmation.
  if (input.dateOfBirth && ageOn(input.dateOfBirth, input.today) >= ELDERLY_AGE) {
    return { priority: 'elderly', needsStaffConfirmation: false };
  }
  if (input.claimed) return { priority: input.claimed, needsStaffConfirmation: true };
  return { priority: 'normal', needsStaffConfirmation: false };
}

export type LimitRefusal =
  | { code: 'daily-limit'; limit: number }
  | { code: 'field-limit'; field: string; existingNumber: string };

export function checkLimits(
  issuedToday: ReadonlyArray<{ field: string; number: string }>,
  field: string,
): LimitRefusal | null {
  const sameField = issuedToday.find((t) => t.field === field);
  if (sameField) return { code: 'field-limit', field, existingNumber: sameField.number };
  if (issuedToday.length >= MAX_TICKETS_PER_PERSON_PER_DAY) return { code: 'daily-limit', limit: MAX_TICKETS_PER_PERSON_PER_DAY };
  return null;
}

/**
 * Numbers a branch kiosk prints from its own sequence while offline. They start at 501
 * so they can never collide with the city's numbering (which starts at 1), and carry
 * the field's letter: "A501".
 */
export const LOCAL_SEQUENCE_START = 501;

export function formatTicketNumber(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}

/** Minutes of wait: people ahead, times minutes a case, over open counters (at least one). */
export function estimateWaitMinutes(peopleAhead: number, minutesPerCase: number, openCounters: number): number {
  return Math.ceil((Math.max(0, peopleAhead) * minutesPerCase) / Math.max(1, openCounters));
}
