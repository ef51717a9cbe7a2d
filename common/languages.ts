// The kiosk's languages: one list for the api's schemas, the config, the assistant's knowledge
// and every screen. Vietnamese first; the order is the language screen's order.
export const LANGUAGES = ['vi', 'en', 'zh', 'ko', 'ja', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'vi';

/** The Intl locale each language formats dates and numbers with. */
export const LOCALES: Readonly<Record<Language, string>> = {
  vi: 'vi-VN',
  en: 'en-GB',
  zh: 'zh-CN',
  ko: 'ko-KR',
  ja: 'ja-JP',
  fr: 'fr-FR',
};

export function isLanguage(code: unknown): code is Language {
  return typeof code === 'string' && (LANGUAGES as readonly string[]).includes(code);
}

/** A language code as the kiosk can serve it: an unknown code reads Vietnamese. */
export function asLanguage(code: string | undefined): Language {
  return isLanguage(code) ? code : DEFAULT_LANGUAGE;
}
