// How translation files are laid out, as a pure function so it can be tested without Vite:
//   assets/i18n/<lang>.json           the shell's strings (meta, common, attract, …)
//   assets/i18n/<area>/<lang>.json    one feature's strings, found under the key <area>
// A feature owns its folder, so adding a screen never means editing a shared file, and
// adding a language is adding one file per folder.

export type TranslationTree = Record<string, unknown>;

const ROOT_FILE = /(?:^|\/)i18n\/([a-z]{2})\.json$/;
const AREA_FILE = /(?:^|\/)i18n\/([a-z][a-z0-9-]*)\/([a-z]{2})\.json$/;

/** Merges every file into one tree per language: `{ vi: {..., journey: {...}}, en: … }`. */
export function mergeTranslationFiles(files: Record<string, TranslationTree>): Record<string, TranslationTree> {
  const byLang: Record<string, TranslationTree> = {};
  for (const [path, tree] of Object.entries(files)) {
    const root = ROOT_FILE.exec(path);
    if (root) {
      byLang[root[1]!] = { ...tree, ...byLang[root[1]!] };
      continue;
    }
    const area = AREA_FILE.exec(path);
    if (area) (byLang[area[2]!] ??= {})[area[1]!] = tree;
  }
  return byLang;
}

/** The same, from what Vite's import.meta.glob gives: each file's module with the tree as its default export. */
export function mergeTranslationModules(modules: Record<string, { default: TranslationTree }>): Record<string, TranslationTree> {
  return mergeTranslationFiles(Object.fromEntries(Object.entries(modules).map(([path, mod]) => [path, mod.default])));
}

/** Every leaf key ("journey.consent.title") with the {{variables}} its string uses. */
export function leafKeys(tree: TranslationTree, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [kk, vv] of leafKeys(v as TranslationTree, key)) out.set(kk, vv);
    } else {
      const vars = typeof v === 'string' ? [...v.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort() : [];
      out.set(key, vars);
    }
  }
  return out;
}

/** What a language lacks or has wrong against the reference language (Vietnamese). */
export function translationProblems(reference: TranslationTree, other: TranslationTree): string[] {
  const ref = leafKeys(reference);
  const oth = leafKeys(other);
  const problems: string[] = [];
  for (const [key, vars] of ref) {
    if (key.startsWith('meta.')) continue;
    const o = oth.get(key);
    if (o === undefined) problems.push(`missing ${key}`);
    else if (o.join(',') !== vars.join(',')) problems.push(`${key}: variables {${o.join(',')}} instead of {${vars.join(',')}}`);
  }
  for (const key of oth.keys()) if (!ref.has(key) && !key.startsWith('meta.')) problems.push(`extra ${key}`);
  return problems;
}
