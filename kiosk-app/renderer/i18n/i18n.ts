import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../../common/languages';
import { mergeTranslationModules, type TranslationTree } from './translation-files';

// Adding a language is adding assets/i18n/<code>.json (and <area>/<code>.json for each
// feature folder): every language found here is offered. The shell's strings (attract screen,
// common) come with the page; the features' come with the session's screens
// (loadFeatureTranslations, feature-translations.ts).
const files = import.meta.glob<{ default: TranslationTree }>('../../../assets/i18n/*.json', { eager: true });
const trees = mergeTranslationModules(files);

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
// The language screen's order is LANGUAGES' order; a file for a language the kiosk does not
// list comes last.
const rank = (code: string) => ((LANGUAGES as readonly string[]).indexOf(code) + 99) % 99;
languages.sort((a, b) => rank(a.code) - rank(b.code));

export const availableLanguages: readonly LanguageInfo[] = languages;

void i18next.use(initReactI18next).init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  interpolation: { escapeValue: false },
  returnNull: false,
});

let features: Promise<void> | undefined;

/** Adds every feature's strings, in every language (once; later calls share the first). */
export function loadFeatureTranslations(): Promise<void> {
  features ??= import('./feature-translations').then(({ featureTrees }) => {
    for (const [code, tree] of Object.entries(featureTrees)) i18next.addResourceBundle(code, 'translation', tree, true, true);
  });
  return features;
}

export { i18next };
