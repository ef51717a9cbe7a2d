// Receipt codes, status codes, booking codes, staff roles and card-number detection for the sandbox.
import crypto from 'node:crypto';
import { addDays, hanoiDate, weekday } from '../../common/hanoi-time';

/** TrangThaiHoSo codes of the national portal. */
export const STATUS_CODES = {
  submitted: 1, received: 2, not_accepted: 3, processing: 4, needs_supplement: 5, needs_payment: 6,
  withdrawal_requested: 7, stopped: 8, completed: 9, returned: 10,
} as const;
export type CityStatus = keyof typeof STATUS_CODES;
export const CITY_STATUSES = Object.keys(STATUS_CODES) as CityStatus[];

/** Calendar day in Vietnam as yymmdd. */
export function vnDay(at: Date): string {
  return hanoiDate(at).slice(2).replace(/-/g, '');
}

/**
 * `H26.99-261123-0001`: H26 is Hanoi's province code in dossier numbers, 99 the sandbox agency,
 * then the Vietnamese calendar day of receipt and a 4-digit (or longer) daily sequence.
 */
export function receiptCode(agency: string, at: Date, seq: number): string {
  return `H26.${agency}-${vnDay(at)}-${String(seq).padStart(4, '0')}`;
}

/** Appointment for the result: five working days after receipt (Mon–Fri), as a date. */
export function appointmentDate(receivedAt: Date, workingDays = 5): string {
  let day = hanoiDate(receivedAt);
  let left = workingDays;
  while (left > 0) {
    day = addDays(day, 1);
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6) left--;
  }
  return day;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * True when any string in the value holds a standalone 13–19 digit run (spaces/dashes allowed)
 * passing Luhn: a likely PAN. UUIDs are removed first: their digit groups joined by dashes can
 * look like a Luhn-valid run (found by the fault matrix on a real dossier id).
 */
export function containsCardNumber(value: unknown): boolean {
  if (typeof value === 'string') {
    const text = value.replace(UUID, ' ');
    for (const m of text.matchAll(/(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
    return false;
  }
  if (typeof value === 'number') return containsCardNumber(String(value));
  if (Array.isArray(value)) return value.some(containsCardNumber);
  if (value && typeof value === 'object') return Object.values(value).some(containsCardNumber);
  return false;
}

/** sha256 of JSON with sorted keys, so key order does not change an idempotency hash. */
export function canonicalHash(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What enrolled staff may be (the contract's list); a light module so the CLI checks them without loading the server. */
export const STAFF_ROLES = ['postal', 'collaborator', 'operator', 'technician'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Crockford base32: no I, L, O, U, so a code read aloud or typed is not misread. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random booking code of 8 Crockford characters (40 bits), stored without its dash. */
export function newBookingCode(): string {
  const bytes = crypto.randomBytes(5);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let s = '';
  for (let i = 0; i < 8; i++, n >>= 5n) s = CROCKFORD[Number(n & 31n)] + s;
  return s;
}

/** `XXXX-XXXX`, as slips print it. */
export const showBookingCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

/** A typed booking code in its stored form (case, spaces, dashes, O→0, I/L→1 forgiven), or null. */
export function normalizeBookingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(s) ? s : null;
}

/** An ID number as staff lists show it: first 3 and last 3 digits. */
export const maskIdNumber = (id: string): string => `${id.slice(0, 3)}******${id.slice(-3)}`;
