/** ddmmyyyy → yyyy-mm-dd, or null when it is not a real calendar date. */
export function ddmmyyyyToIso(s: string): string | null {
  if (!/^\d{8}$/.test(s)) return null;
  return isoIfValid(Number(s.slice(4, 8)), Number(s.slice(2, 4)), Number(s.slice(0, 2)));
}

export function isoIfValid(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
