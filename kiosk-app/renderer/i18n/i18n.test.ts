import { describe, expect, it } from 'vitest';
import { availableLanguages, i18next, loadFeatureTranslations } from './i18n';

describe('translations: the shell at once, the features with the session', () => {
  it('the attract screen reads in Vietnamese and English from the first moment; the features once loaded, in every language', async () => {
    for (const lng of ['vi', 'en']) {
      for (const key of ['attract.welcome', 'attract.touchToStart', 'attract.technician', 'errors.network']) expect(i18next.exists(key, { lng }), `${lng} ${key}`).toBe(true);
    }
    expect(i18next.exists('journey.errors.generic.what', { lng: 'vi' })).toBe(false);
    await Promise.all([loadFeatureTranslations(), loadFeatureTranslations()]);
    expect(availableLanguages.map((l) => l.code)).toEqual(['vi', 'en', 'zh', 'ko', 'ja', 'fr']);
    for (const { code } of availableLanguages) {
      expect(i18next.exists('journey.errors.generic.what', { lng: code, fallbackLng: false }), code).toBe(true);
      expect(i18next.exists('attract.welcome', { lng: code, fallbackLng: false }), code).toBe(true);
    }
  });
});
