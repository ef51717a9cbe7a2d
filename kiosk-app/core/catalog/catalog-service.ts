import type { Catalog, Procedure, ProcedureField } from './catalog-schema';
import { buildSearchIndex, documentsFromCatalog, type CatalogSearchIndex } from './catalog-search';

export interface CatalogService {
  readonly version: string;
  fields(): readonly (ProcedureField & { count: number })[];
  byField(field: string): readonly Procedure[];
  get(code: string): Procedure | undefined;
  search(query: string, limit?: number): readonly Procedure[];
  all(): readonly Procedure[];
}

export function createCatalogService(catalog: Catalog): CatalogService {
  const byCode = new Map(catalog.procedures.map((p) => [p.code, p]));
  const index: CatalogSearchIndex = buildSearchIndex(documentsFromCatalog(catalog));
  return {
    version: catalog.version,
    fields: () =>
      catalog.fields.map((f) => ({ ...f, count: catalog.procedures.filter((p) => p.field === f.code).length })),
    byField: (field) => catalog.procedures.filter((p) => p.field === field),
    get: (code) => byCode.get(code),
    search: (query, limit = 8) =>
      index
        .search(query, limit)
        .map((h) => byCode.get(h.code))
        .filter((p): p is Procedure => p !== undefined),
    all: () => catalog.procedures,
  };
}
