import { beforeAll, describe, expect, it } from 'vitest';
import { errorKey } from '../i18n/error-text';
import { availableLanguages, i18next, loadFeatureTranslations } from '../i18n/i18n';
import type { JourneyFailure } from '../journey/journey-context';
import { assistedErrorText } from './assisted-ui';

// The assisted journey words what is its own (the shift's refusals, the citizen's card) and
// says everything else as the self-service journey does, in every language.

beforeAll(() => loadFeatureTranslations());

const STAFF: JourneyFailure[] = [
  { code: 'staff', reason: 'not-signed-in' },
  { code: 'staff', reason: 'shift-locked' },
  { code: 'staff', reason: 'session-expired' },
  { code: 'staff', reason: 'not-permitted', permission: 'take-cash' },
];

describe('what the clerk and the citizen read when something went wrong', () => {
  for (const { code: lang } of availableLanguages) {
    const t = i18next.getFixedT(lang);
    const source = { t, exists: (k: string) => i18next.exists(k, { lng: lang }) };

    it(`${lang}: a staff refusal says which, and that the dossier is kept`, () => {
      const keys = STAFF.map((e) => assistedErrorText(e, source).key);
      expect(keys).toEqual(['assisted.errors.staff-not-signed-in', 'assisted.errors.staff-shift-locked', 'assisted.errors.staff-session-expired', 'assisted.errors.staff-not-permitted']);
      const refused = assistedErrorText(STAFF[3]!, source);
      expect(refused.what).toContain(t('assisted.permissions.take-cash'));
      for (const e of STAFF) expect(assistedErrorText(e, source).todo).not.toMatch(/errors\.|\{\{/);
    });

    it(`${lang}: the card's refusals are the assisted journey's own; the rest are the journey's words`, () => {
      expect(assistedErrorText({ code: 'card-mismatch' }, source).key).toBe('assisted.errors.card-mismatch');
      expect(assistedErrorText({ code: 'device', device: 'idreader', reason: 'timeout' } as JourneyFailure, source).key).toBe('assisted.errors.idreader.timeout');
      const declined = assistedErrorText({ code: 'declined' } as JourneyFailure, source);
      expect(declined).toEqual({ key: 'journey.errors.declined', what: t('journey.errors.declined.what'), todo: t('journey.errors.declined.todo') });
      expect(assistedErrorText({ code: 'device', device: 'scanner', reason: 'jammed' } as JourneyFailure, source).key).toBe('journey.errors.scanner.jammed');
      expect(assistedErrorText({ code: 'network' }, source).key).toBe('journey.errors.network');
    });
  }

  it('an error nobody words is the journey\'s generic, never a raw code', () => {
    const exists = (k: string) => i18next.exists(k, { lng: 'vi' });
    expect(errorKey('assisted', { code: 'something-new' }, exists)).toBe('journey.errors.generic');
    expect(errorKey('assisted', { code: 'device', device: 'idreader', reason: 'never-heard-of' } as JourneyFailure, exists)).toBe('assisted.errors.idreader.other');
  });
});
