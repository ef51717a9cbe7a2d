import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

// What a citizen reads when something went wrong, for every screen, in one place. An error
// is a code (kebab-case, from the api's typed Result errors, from call-failure.ts, or the
// screen's own), and for a device its name and reason. Each area keeps its sentences in its
// own translation folder, under `<area>.errors` (the shell's under `errors`); the words are
// found by one rule, most precise first:
//   <device>.<reason>   the device's own words for that reason (the queue: card / card-timeout)
//   <device>.other      the device, any other reason
//   <code>              the code's sentence
//   generic             "something went wrong"
// The journey says two things for each, what happened and what to do now (`.what`, `.todo`).

/** Anything a screen shows as having gone wrong. */
export interface ShownError {
  readonly code: string;
}

export type ErrorArea = 'journey' | 'queue' | 'lookup' | 'shell' | 'assisted' | 'booking';

export interface ErrorText {
  /** The key the words came from (without `.what`), for tests and data attributes. */
  readonly key: string;
  /** What happened (for the queue, the look-up and the shell, the whole sentence). */
  readonly what: string;
  /** What to do now: the journey's second sentence; null where an area says it in one. */
  readonly todo: string | null;
}

/** What the text needs from i18next: a translation and whether a key has one. */
export interface TextSource {
  readonly t: TFunction;
  exists(key: string): boolean;
}

interface AreaTexts {
  /** Where the area's sentences are. */
  readonly under: string;
  /** Each error is a pair: what happened, what to do now. */
  readonly pairs: boolean;
  /** The keys for a device's failure, most precise first. */
  device(device: string, reason: string | null): readonly string[];
  /** The values the area's sentences name, read from the error. */
  values(e: ShownError): Record<string, unknown>;
  /** The area whose words stand in for an error this one does not word itself (instead of its generic). */
  readonly fallback?: ErrorArea;
}

const byDeviceAndReason = (device: string, reason: string | null) => [...(reason ? [`${device}.${reason}`] : []), `${device}.other`];
const none = () => ({});

const AREAS: Record<ErrorArea, AreaTexts> = {
  journey: { under: 'journey.errors', pairs: true, device: byDeviceAndReason, values: none },
  // The look-up's only device is the scanner. `code` is the dossier code, when the screen
  // knows it (it passes it); the api's error code is never shown.
  lookup: { under: 'lookup.errors', pairs: false, device: byDeviceAndReason, values: () => ({ code: '' }) },
  // The queue's only device is the card reader, and it says only whether a card was seen.
  queue: { under: 'queue.errors', pairs: false, device: (_device, reason) => [reason === 'timeout' ? 'card-timeout' : 'card'], values: queueValues },
  shell: { under: 'errors', pairs: false, device: () => [], values: none },
  // The staff's assisted journey words what is its own (the shift, the citizen's card) and
  // says the rest as the journey does.
  assisted: { under: 'assisted.errors', pairs: true, device: byDeviceAndReason, values: none, fallback: 'journey' },
  // Booking's only device is the receipt printer (the slip). The point's phone and name are
  // said apart, big, by the screen; the sentences name the other point a code belongs to.
  booking: { under: 'booking.errors', pairs: false, device: byDeviceAndReason, values: bookingValues },
};

/** The point a booking code belongs to, named in "this booking is for another point". */
function bookingValues(e: ShownError): Record<string, unknown> {
  const pointName: unknown = Reflect.get(e, 'pointName');
  return { pointName: typeof pointName === 'string' ? pointName : '' };
}

/** The tickets a citizen already has, named in the queue's refusals. */
function queueValues(e: ShownError): Record<string, unknown> {
  if (e.code === 'field-limit' && 'existingNumber' in e) return { number: e.existingNumber };
  if (e.code === 'daily-limit' && 'limit' in e && 'numbers' in e) return { limit: e.limit, numbers: Array.isArray(e.numbers) ? e.numbers.join(', ') : '' };
  return {};
}

/** A device error's `device` or `reason`, when the error has it. */
function detail(e: ShownError, name: 'device' | 'reason'): string | null {
  const v: unknown = Reflect.get(e, name);
  return typeof v === 'string' ? v : null;
}

/** The key an error's words come from in an area (the first of the rule's keys that has a translation). */
export function errorKey(area: ErrorArea, e: ShownError, exists: (key: string) => boolean): string {
  const a = AREAS[area];
  const device = detail(e, 'device');
  const keys = [...(device ? a.device(device, detail(e, 'reason')) : []), e.code].map((k) => `${a.under}.${k}`);
  const found = keys.find((k) => exists(a.pairs ? `${k}.what` : k));
  if (found) return found;
  return a.fallback ? errorKey(a.fallback, e, exists) : `${a.under}.generic`;
}

/** The words for an error in an area; `values` adds what only the screen knows (the dossier code looked up). */
export function errorText(area: ErrorArea, e: ShownError, i18n: TextSource, values: Record<string, unknown> = {}): ErrorText {
  const a = AREAS[area];
  const key = errorKey(area, e, (k) => i18n.exists(k));
  const options = { ...a.values(e), ...values };
  return a.pairs ? { key, what: i18n.t(`${key}.what`, options), todo: i18n.t(`${key}.todo`, options) } : { key, what: i18n.t(key, options), todo: null };
}

/** The words for errors in an area, in the screen's language. */
export function useErrorText(area: ErrorArea): (e: ShownError, values?: Record<string, unknown>) => ErrorText {
  const { t, i18n } = useTranslation();
  return (e, values) => errorText(area, e, { t, exists: (k) => i18n.exists(k) }, values);
}
