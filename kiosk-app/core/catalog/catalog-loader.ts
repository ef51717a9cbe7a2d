import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../../common/result';
import { catalogSchema, procedureSchema, type Catalog, type Procedure } from './catalog-schema';

export const DEFAULT_CATALOG_PATH = fileURLToPath(new URL('../../../assets/catalog/procedures.json', import.meta.url));

export interface CatalogError {
  readonly code: 'unreadable' | 'invalid';
  readonly message: string;
  /** The procedure code (or #index) of the bad entry. */
  readonly entry?: string;
  readonly field?: string;
}

/** Validate a parsed catalogue; a bad entry is named by its code (or index) and field. */
export function parseCatalog(raw: unknown): Result<Catalog, CatalogError> {
  const head = catalogSchema.safeParse(raw);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    const field = issue.path.join('.');
    return err({ code: 'invalid', field, message: `catalogue: ${field || '(root)'}: ${issue.message}` });
  }
  const fieldCodes = new Set(head.data.fields.map((f) => f.code));
  const procedures: Procedure[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of head.data.procedures.entries()) {
    const name =
      typeof entry === 'object' && entry !== null && typeof (entry as { code?: unknown }).code === 'string'
        ? (entry as { code: string }).code
        : `#${index}`;
    const parsed = procedureSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.');
      return err({ code: 'invalid', entry: name, field, message: `procedure ${name}: ${field}: ${issue.message}` });
    }
    if (!fieldCodes.has(parsed.data.field)) {
      return err({ code: 'invalid', entry: name, field: 'field', message: `procedure ${name}: field: unknown field "${parsed.data.field}"` });
    }
    if (seen.has(parsed.data.code)) {
      return err({ code: 'invalid', entry: name, field: 'code', message: `procedure ${name}: code: duplicate` });
    }
    seen.add(parsed.data.code);
    procedures.push(parsed.data);
  }
  return ok({ ...head.data, procedures });
}

export function loadCatalog(path: string = DEFAULT_CATALOG_PATH): Result<Catalog, CatalogError> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return err({ code: 'unreadable', message: `catalogue ${path}: ${(e as Error).message}` });
  }
  return parseCatalog(raw);
}
