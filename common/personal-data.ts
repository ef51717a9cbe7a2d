// What must never reach a log, a crash report or a support ticket: the citizen's ID number,
// card number and phone (found by shape, in any text) and the fields that hold a name, an
// address or form answers (found by key, see PERSONAL_FIELD_KEYS). Over-redacting a
// harmless number is the accepted cost: a log is read by people who must not see these.

const NOT_PART = '(?<![0-9A-Za-z-])';
const END = '(?![0-9A-Za-z-])';

/** Digits possibly grouped by spaces, dots or dashes, as people and terminals write them. */
const grouped = (min: number, max: number) => `\\d(?:[ .-]?\\d){${min - 1},${max - 1}}`;

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Vietnamese phones: 0 or +84 / 84, then 9–10 digits (mobile 03/05/07/08/09, landline 02x).
  [new RegExp(`${NOT_PART}(?:\\+84|84|0)[ .-]?[235789](?:[ .-]?\\d){8,9}${END}`, 'g'), '[phone]'],
  // Payment card numbers: 13–19 digits (ISO/IEC 7812), grouped or not.
  [new RegExp(`${NOT_PART}${grouped(13, 19)}${END}`, 'g'), '[card]'],
  // CCCD / căn cước: 12 digits; the old CMND: 9.
  [new RegExp(`${NOT_PART}(?:\\d{12}|\\d{9})${END}`, 'g'), '[id-number]'],
];

/** The same text with every ID number, card number and phone replaced by a marker. */
export function scrubPersonalData(text: string): string {
  let out = text;
  for (const [pattern, marker] of RULES) out = out.replace(pattern, marker);
  return out;
}

/**
 * Keys whose value is personal whatever it looks like: a name or an address has no shape
 * a pattern can find. Matched case-insensitively at any depth.
 */
export const PERSONAL_FIELD_KEYS = [
  'fullName', 'name', 'citizenName', 'childName', 'motherName', 'fatherName', 'applicantName',
  'idNumber', 'citizenId', 'cccd', 'documentNumber', 'mrz',
  'phone', 'phoneNumber', 'email',
  'address', 'residence', 'placeOfOrigin', 'birthPlace',
  'dateOfBirth', 'dob', 'birthDate',
  'pan', 'cardNumber', 'track2',
  'answers', 'form', 'identity', 'portrait',
] as const;

const PERSONAL_KEYS = new Set(PERSONAL_FIELD_KEYS.map((k) => k.toLowerCase()));

export const REDACTED = '[redacted]';

/** A copy of `value` with personal keys replaced and personal shapes scrubbed from strings. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalData(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e8) {
    // A 9+ digit integer may be an ID or phone stored as a number.
    return scrubPersonalData(String(value)) === String(value) ? value : REDACTED;
  }
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrubPersonalData(value.message) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = PERSONAL_KEYS.has(k.toLowerCase()) ? REDACTED : scrubValue(v, depth + 1);
  return out;
}
