import type { FormField } from '../../api/types';

// How a catalogue e-form field is typed, for both ways of filling it: the citizen's touch form
// (one field at a time on the on-screen keyboard, journey/form-step.tsx) and the clerk's whole
// form on a hardware keyboard (assisted/form-section.tsx).

export type FormFieldKind = 'text' | 'numeric' | 'date' | 'email' | 'select';

export function formFieldKind(f: FormField): FormFieldKind {
  switch (f.type) {
    case 'select':
      return 'select';
    case 'date':
      return 'date';
    case 'phone':
    case 'number':
    case 'idNumber':
      return 'numeric';
    case 'email':
      return 'email';
    default:
      return 'text';
  }
}

/**
 * The longest answer a field takes. A date is 8 digits on the keypad (ddmmyyyy) and 10 typed
 * with its slashes on a keyboard (dd/mm/yyyy): `dateLength` says which.
 */
export function formFieldMaxLength(f: FormField, dateLength: 8 | 10): number {
  if (f.type === 'idNumber') return 12;
  if (f.type === 'phone') return 11;
  if (f.type === 'number') return f.max !== undefined ? String(f.max).length : 9;
  if (f.type === 'date') return dateLength;
  return 200;
}
