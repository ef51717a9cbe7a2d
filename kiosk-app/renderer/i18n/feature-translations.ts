import { mergeTranslationModules, type TranslationTree } from './translation-files';

// Every feature's strings (assets/i18n/<area>/<lang>.json), in a chunk of their own: the attract
// screen needs only the shell's (i18n.ts), so a cold start does not parse the other ~270 KB.
// i18n.ts loads this with the session's screens.
const files = import.meta.glob<{ default: TranslationTree }>('../../../assets/i18n/*/*.json', { eager: true });

export const featureTrees = mergeTranslationModules(files);
