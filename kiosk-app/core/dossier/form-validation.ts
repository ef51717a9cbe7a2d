import type { FormField } from '../catalog/catalog-schema';

// The e-form's answers are checked field by field; each problem is a code the
// renderer turns into a plain sentence in the citizen's language.

export type FieldProblem =
  | { field: string; code: 'required' }
  | { field: string; code: 'not-a-date' }
  | { field: string; code: 'date-in-future' }
  | { field: string; code: 'not-a-number' }
  | { field: string; code: 'too-small'; min: number }
  | { field: string; code: 'too-large'; max: number }
  | { field: string; code: 'bad-phone' }
  | { field: string; code: 'bad-email' }
  | { field: string; code: 'bad-id-number' }
  | { field: string; code: 'not-an-option' }
  | { field: string; code: 'bad-format' }
  | { field: string; code: 'too-long'; max: number };

export type FormAnswers = Record<string, string>;

const MAX_TEXT = 200;

/** ISO date (yyyy-mm-dd) that exists on the calendar. */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Vietnamese mobile or landline: 10 digits starting 0, or +84 and 9 digits. */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s.-]/g, '');
  if (/^0\d{9}$/.test(digits)) return digits;
  if (/^\+84\d{9}$/.test(digits)) return `0${digits.slice(3)}`;
  return null;
}

export function validateForm(fields: readonly FormField[], answers: FormAnswers, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    const value = (answers[f.id] ?? '').trim();
    if (value === '') {
      if (f.required) problems.push({ field: f.id, code: 'required' });
      continue;
    }
    if (value.length > MAX_TEXT) {
      problems.push({ field: f.id, code: 'too-long', max: MAX_TEXT });
      continue;
    }
    switch (f.type) {
      case 'date':
        if (!isRealDate(value)) problems.push({ field: f.id, code: 'not-a-date' });
        else if (value > today && !/^(to|from)Date$/.test(f.id)) problems.push({ field: f.id, code: 'date-in-future' });
        break;
      case 'number': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) problems.push({ field: f.id, code: 'not-a-number' });
        else if (f.min !== undefined && n < f.min) problems.push({ field: f.id, code: 'too-small', min: f.min });
        else if (f.max !== undefined && n > f.max) problems.push({ field: f.id, code: 'too-large', max: f.max });
        break;
      }
      case 'phone':
        if (!normalizePhone(value)) problems.push({ field: f.id, code: 'bad-phone' });
        break;
      case 'email':
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value)) problems.push({ field: f.id, code: 'bad-email' });
        break;
      case 'idNumber':
        if (!/^\d{12}$/.test(value)) problems.push({ field: f.id, code: 'bad-id-number' });
        break;
      case 'select':
        if (!f.options?.some((o) => o.value === value)) problems.push({ field: f.id, code: 'not-an-option' });
        break;
      case 'text':
        if (f.pattern && !new RegExp(f.pattern).test(value)) problems.push({ field: f.id, code: 'bad-format' });
        break;
    }
  }
  return problems;
}
