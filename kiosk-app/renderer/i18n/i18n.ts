import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

// Adding a language is adding assets/i18n/<code>.json: every file found here is offered.
const files = import.meta.glob<{ default: Record<string, unknown> }>('../../../assets/i18n/*.json', { eager: true });

export interface LanguageInfo {
  readonly code: string;
  readonly nativeName: string;
}

const resources: Record<string, { translation: Record<string, unknown> }> = {};
const languages: LanguageInfo[] = [];
for (const [path, mod] of Object.entries(files)) {
  const code = path.replace(/^.*\/([a-z]{2})\.json$/, '$1');
  resources[code] = { translation: mod.default };
  const meta = mod.default['meta'] as { nativeName?: string; order?: number } | undefined;
  languages.push({ code, nativeName: meta?.nativeName ?? code });
}
const ORDER = ['vi', 'en', 'zh', 'ko', 'ja', 'fr'];
languages.sort((a, b) => (ORDER.indexOf(a.code) + 99) % 99 - (ORDER.indexOf(b.code) + 99) % 99);

export const availableLanguages: readonly LanguageInfo[] = languages;

void i18next.use(initReactI18next).init({
  resources,
  lng: 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18next };
