import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { mergeTranslationFiles, type TranslationTree } from './translation-files';

// Adding a language is adding assets/i18n/<code>.json (and <area>/<code>.json for each
// feature folder): every language found here is offered.
const files = import.meta.glob<{ default: TranslationTree }>('../../../assets/i18n/**/*.json', { eager: true });
const trees = mergeTranslationFiles(Object.fromEntries(Object.entries(files).map(([path, mod]) => [path, mod.default])));

export interface LanguageInfo {
  readonly code: string;
  readonly nativeName: string;
}

const resources: Record<string, { translation: Record<string, unknown> }> = {};
const languages: LanguageInfo[] = [];
for (const [code, tree] of Object.entries(trees)) {
  resources[code] = { translation: tree };
  const meta = tree['meta'] as { nativeName?: string } | undefined;
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
