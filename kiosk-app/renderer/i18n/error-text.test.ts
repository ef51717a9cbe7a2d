import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorKey, errorText, type ShownError, type TextSource } from './error-text';
import { availableLanguages, i18next, loadFeatureTranslations } from './i18n';

// The features' strings come with the session's screens (i18n.ts): load them as the window does.
beforeAll(() => loadFeatureTranslations());

// One mapping for every screen must not change a word a citizen reads. The screens' own
// mappings, as they were before (journey-ui errorText, queue-screen useErrorText,
// lookup-screen useProblemText), are kept here as the reference, and every area's errors are
// said the same by both, in every language.

type Loose = ShownError & { readonly device?: string; readonly reason?: string; readonly [k: string]: unknown };

function journeyBefore(t: TFunction, exists: (k: string) => boolean, e: Loose) {
  const reason = typeof e['reason'] === 'string' ? e['reason'] : null;
  const device = typeof e['device'] === 'string' ? e['device'] : null;
  const candidates = [device && reason ? `journey.errors.${device}.${reason}` : null, device ? `journey.errors.${device}.other` : null, `journey.errors.${e.code}`, 'journey.errors.generic'].filter((k): k is string => k !== null);
  const key = candidates.find((k) => exists(`${k}.what`))!;
  return { what: t(`${key}.what`), todo: t(`${key}.todo`) };
}

function queueBefore(t: TFunction, e: Loose): string {
  switch (e.code) {
    case 'field-limit':
      return t('queue.errors.field-limit', { number: e['existingNumber'] });
    case 'daily-limit':
      return t('queue.errors.daily-limit', { limit: e['limit'], numbers: (e['numbers'] as string[]).join(', ') });
    case 'device':
      return t(e.reason === 'timeout' ? 'queue.errors.card-timeout' : 'queue.errors.card');
    case 'busy':
    case 'city-unavailable':
    case 'identify-again':
    case 'invalid-id-number':
    case 'invalid-date-of-birth':
    case 'dob-mismatch':
    case 'invalid-input':
    case 'network':
      return t(`queue.errors.${e.code}`);
    default:
      return t('queue.errors.generic');
  }
}

function lookupBefore(t: TFunction, p: Loose, code?: string): string {
  if (p.code === 'device') {
    const reason = p.reason ?? '';
    return t(['jammed', 'no-paper', 'cover-open'].includes(reason) ? `lookup.errors.scanner.${reason}` : 'lookup.errors.scanner.other');
  }
  if (['invalid-code', 'no-supplement-requested', 'supplement-already-sent', 'draft-expired', 'no-pages', 'storage', 'invalid-input', 'network'].includes(p.code)) return t(`lookup.errors.${p.code}`);
  if (p.code === 'not-found') return t('lookup.errors.not-found', { code: code ?? '' });
  return t('lookup.errors.generic');
}

const JOURNEY: Loose[] = [
  ...['no-session', 'no-consent', 'no-identity', 'unknown-procedure', 'not-at-kiosk', 'invalid-form', 'missing-papers', 'fee-not-paid', 'storage', 'storage-full', 'not-found'].map((code) => ({ code })),
  ...['earlier-payment-unresolved', 'already-paid', 'payment-in-progress', 'declined', 'timeout', 'terminal-unavailable', 'cancelled', 'unknown-outcome', 'vietqr-timeout', 'vietqr-amount-mismatch', 'vietqr-disabled', 'vietqr-wait-limit', 'invalid-amount', 'invalid-reference', 'ledger', 'vietqr-cancelled'].map((code) => ({ code })),
  { code: 'invalid-input' },
  { code: 'network' },
  { code: 'something-new' },
  ...['idreader', 'scanner', 'printer', 'a4', 'terminal'].flatMap((device) =>
    ['timeout', 'unreadable-code', 'disconnected', 'not-connected', 'cancelled', 'jammed', 'no-paper', 'cover-open', 'busy', 'all-pages-blank', 'unreadable', 'rescan-needed', 'ocr-unavailable', 'paper-out', 'never-heard-of'].map((reason) => ({ code: 'device', device, reason })),
  ),
  { code: 'device', device: 'scanner' },
];

const QUEUE: Loose[] = [
  { code: 'field-limit', existingNumber: 'B012' },
  { code: 'daily-limit', limit: 3, numbers: ['A001', 'B012', 'C003'] },
  ...['identify-again', 'invalid-id-number', 'invalid-date-of-birth', 'dob-mismatch', 'unknown-branch', 'unknown-field', 'busy', 'city-unavailable', 'storage', 'invalid-input', 'network', 'something-new'].map((code) => ({ code })),
  ...['timeout', 'unreadable-code', 'disconnected', 'cancelled'].map((reason) => ({ code: 'device', device: 'idreader', reason })),
];

const LOOKUP: Loose[] = [
  ...['invalid-code', 'not-found', 'no-supplement-requested', 'supplement-already-sent', 'draft-expired', 'no-pages', 'storage', 'invalid-input', 'network', 'something-new'].map((code) => ({ code })),
  ...['jammed', 'no-paper', 'cover-open', 'disconnected', 'other'].map((reason) => ({ code: 'device', device: 'scanner', reason })),
];

const device = (name: string, reason: string): Loose => ({ code: 'device', device: name, reason });

describe('what a citizen reads when something went wrong', () => {
  it('is there for every language the kiosk offers', () => {
    expect(availableLanguages.map((l) => l.code).sort()).toEqual(['en', 'fr', 'ja', 'ko', 'vi', 'zh']);
  });

  for (const { code: lang } of availableLanguages) {
    const t = i18next.getFixedT(lang);
    const exists = (k: string) => i18next.exists(k, { lng: lang });
    const source: TextSource = { t, exists };

    it(`${lang}: the journey says what happened and what to do, as it did`, () => {
      for (const e of JOURNEY) {
        const now = errorText('journey', e, source);
        expect({ what: now.what, todo: now.todo }, JSON.stringify(e)).toEqual(journeyBefore(t, exists, e));
      }
    });

    it(`${lang}: the queue's refusals read as they did, naming the tickets already taken`, () => {
      for (const e of QUEUE) expect(errorText('queue', e, source).what, JSON.stringify(e)).toBe(queueBefore(t, e));
      expect(errorText('queue', QUEUE[1]!, source).what).toContain('A001, B012, C003');
    });

    it(`${lang}: the look-up's problems read as they did, with the code looked up`, () => {
      for (const e of LOOKUP) {
        expect(errorText('lookup', e, source, { code: 'H26.99-261123-0001' }).what, JSON.stringify(e)).toBe(lookupBefore(t, e, 'H26.99-261123-0001'));
        expect(errorText('lookup', e, source).what, JSON.stringify(e)).toBe(lookupBefore(t, e));
      }
    });

    it(`${lang}: a read that failed is the shell's "the kiosk did not answer"`, () => {
      expect(errorText('shell', { code: 'network' }, source).what).toBe(t('errors.network'));
    });
  }

  it('takes the most precise words there are, and never a raw code', () => {
    const exists = (k: string) => i18next.exists(k, { lng: 'vi' });
    expect(errorKey('journey', device('printer', 'paper-out'), exists)).toBe('journey.errors.printer.paper-out');
    expect(errorKey('journey', device('printer', 'never-heard-of'), exists)).toBe('journey.errors.printer.other');
    expect(errorKey('journey', { code: 'declined' }, exists)).toBe('journey.errors.declined');
    expect(errorKey('queue', device('idreader', 'timeout'), exists)).toBe('queue.errors.card-timeout');
    expect(errorKey('lookup', device('scanner', 'jammed'), exists)).toBe('lookup.errors.scanner.jammed');
    for (const area of ['journey', 'queue', 'lookup', 'shell'] as const) {
      expect(errorKey(area, { code: 'something-new' }, exists)).toMatch(/(^|\.)errors\.generic$/);
      const text = errorText(area, { code: 'something-new' }, { t: i18next.getFixedT('vi'), exists });
      expect(text.what).not.toMatch(/something-new|errors\./);
    }
  });
});
