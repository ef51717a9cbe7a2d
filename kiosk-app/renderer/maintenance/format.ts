/** Whole minutes left until `iso`, at least 1 while it is still ahead. */
export function minutesUntil(iso: string, now = Date.now()): number {
  return Math.max(1, Math.ceil((Date.parse(iso) - now) / 60_000));
}
