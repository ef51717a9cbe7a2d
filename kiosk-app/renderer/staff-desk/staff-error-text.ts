import { useTranslation } from 'react-i18next';
import { formatClock } from '../i18n/localized';

// What the staff desk says when something went wrong, in the desk's own translation folder
// (assets/i18n/staff, under `staff.errors`), by the same rule as i18n/error-text.ts, most
// precise first:
//   <context>.<code>     the sentence for that code where it happened (sign-in, check-in)
//   <device>.<reason>    a device's own words for that reason (the card reader)
//   <device>.other
//   <code>
//   generic
// The values a sentence names (tries left, the time a lockout ends, the other point) come
// from the error itself.

export type StaffErrorContext = 'signIn' | 'checkIn' | 'list' | 'walkIn' | 'report';

/** Any error a desk call answers (the api's typed errors and call-failure.ts's). */
export interface DeskError {
  readonly code: string;
}

const UNDER = 'staff.errors';

function field(e: DeskError, name: string): unknown {
  return Reflect.get(e, name);
}
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The key an error's sentence comes from (the first that has a translation). */
export function staffErrorKey(context: StaffErrorContext, e: DeskError, exists: (key: string) => boolean): string {
  const device = text(field(e, 'device'));
  const reason = text(field(e, 'reason'));
  const keys = [
    `${context}.${e.code}`,
    ...(device ? [...(reason ? [`${device}.${reason}`] : []), `${device}.other`] : []),
    e.code,
  ].map((k) => `${UNDER}.${k}`);
  return keys.find(exists) ?? `${UNDER}.generic`;
}

/** What the sentences name, read from the error, in the desk's language. */
export function staffErrorValues(e: DeskError, lang: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  const left = field(e, 'triesLeft');
  if (typeof left === 'number') values['left'] = left;
  const retryAt = text(field(e, 'retryAt'));
  if (retryAt && !Number.isNaN(Date.parse(retryAt))) values['time'] = formatClock(retryAt, lang);
  values['point'] = text(field(e, 'pointName')) ?? '—';
  values['detail'] = text(field(e, 'detail')) ?? '—';
  return values;
}

/** The desk's sentences for errors met in one place, in the desk's language. */
export function useStaffErrorText(context: StaffErrorContext): (e: DeskError) => string {
  const { t, i18n } = useTranslation();
  return (e) => t(staffErrorKey(context, e, (k) => i18n.exists(k)), staffErrorValues(e, i18n.language));
}
