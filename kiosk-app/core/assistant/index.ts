// Public surface of the assistant for core wiring, the api and the command line.
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import { loadCatalog, type CatalogError } from '../catalog/catalog-loader';
import type { Catalog } from '../catalog/catalog-schema';
import { createAssistant, type Assistant } from './assistant';
import { knowledgeProblems } from './knowledge-check';
import { loadKnowledge, type KnowledgeError } from './knowledge-loader';
import { createOnlineModel, type OnlineModelConfig } from './online-model';

export { createAssistant, DEFAULT_THRESHOLDS, type Assistant, type AskOptions, type AssistantDeps, type Thresholds } from './assistant';
export { loadKnowledge, parseKnowledge, DEFAULT_KNOWLEDGE_DIR, type KnowledgeError } from './knowledge-loader';
export { knowledgeProblems } from './knowledge-check';
export { createOnlineModel, validateModelAnswer, type OnlineModel, type OnlineModelConfig, type OnlineModelError } from './online-model';
export { composeAnswer, formatDate } from './answer';
export * from './reply-schema';
export { LANGS, langSchema, type Lang, type Knowledge, type IntentId, type ActionKind } from './knowledge-schema';

export type AssistantLoadError = CatalogError | KnowledgeError;

/**
 * Load the catalogue (unless given) and the knowledge, check that they agree, and build the
 * assistant. Fails with the first bad entry named, so a kiosk never starts half-translated.
 */
export function loadAssistant(opts: {
  catalog?: Catalog;
  knowledgeDir?: string;
  onlineModel?: OnlineModelConfig;
  fetch?: typeof fetch;
  clock?: Clock;
  logger?: Logger;
} = {}): Result<Assistant, AssistantLoadError> {
  let catalog = opts.catalog;
  if (!catalog) {
    const loaded = loadCatalog();
    if (!loaded.ok) return err(loaded.error);
    catalog = loaded.value;
  }
  const knowledge = loadKnowledge(opts.knowledgeDir);
  if (!knowledge.ok) return err(knowledge.error);
  const problems = knowledgeProblems(knowledge.value, catalog);
  if (problems.length > 0) return err(problems[0]!);
  return ok(
    createAssistant({
      catalog,
      knowledge: knowledge.value,
      ...(opts.onlineModel ? { onlineModel: createOnlineModel(opts.onlineModel, { ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.logger ? { logger: opts.logger } : {}) }) } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    }),
  );
}
