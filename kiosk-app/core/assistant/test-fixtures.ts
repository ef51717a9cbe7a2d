// Shared by the assistant's tests: the real catalogue and knowledge, loaded once.
import { loadCatalog } from '../catalog/catalog-loader';
import type { Catalog } from '../catalog/catalog-schema';
import { loadKnowledge } from './knowledge-loader';
import type { Knowledge } from './knowledge-schema';

export function realData(): { catalog: Catalog; knowledge: Knowledge } {
  const catalog = loadCatalog();
  if (!catalog.ok) throw new Error(catalog.error.message);
  const knowledge = loadKnowledge();
  if (!knowledge.ok) throw new Error(knowledge.error.message);
  return { catalog: catalog.value, knowledge: knowledge.value };
}
