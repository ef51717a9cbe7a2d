import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '../../../common/result';
import {
  intentSchema,
  intentsFileSchema,
  labelsFileSchema,
  papersFileSchema,
  procedureKnowledgeSchema,
  proceduresFileSchema,
  type Intent,
  type Knowledge,
  type ProcedureKnowledge,
} from './knowledge-schema';

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../../assets/assistant/', import.meta.url));
export const KNOWLEDGE_FILES = ['procedures', 'papers', 'intents', 'labels'] as const;
export type KnowledgeFile = (typeof KNOWLEDGE_FILES)[number];

export type KnowledgeError =
  | { code: 'unreadable'; file: string; message: string }
  | { code: 'invalid'; file: string; entry?: string; field?: string; message: string };

type Issue = { path: PropertyKey[]; message: string };
const fieldOf = (issue: Issue) => issue.path.map(String).join('.');

function invalid(file: string, issue: Issue, entry?: string): KnowledgeError {
  const field = fieldOf(issue);
  const where = entry ? `${file}: ${entry}: ${field || '(entry)'}` : `${file}: ${field || '(root)'}`;
  return { code: 'invalid', file, ...(entry ? { entry } : {}), field, message: `${where}: ${issue.message}` };
}

/** Validate the four parsed files; a bad entry is named by file, code or id, and field. */
export function parseKnowledge(raw: Record<KnowledgeFile, unknown>): Result<Knowledge, KnowledgeError> {
  const procFile = proceduresFileSchema.safeParse(raw.procedures);
  if (!procFile.success) return err(invalid('procedures', procFile.error.issues[0]!));
  const procedures: Record<string, ProcedureKnowledge> = {};
  for (const [code, entry] of Object.entries(procFile.data.procedures)) {
    if (!/^[1-3]\.\d{6}$/.test(code)) return err(invalid('procedures', { path: [], message: 'not a national procedure code' }, code));
    const parsed = procedureKnowledgeSchema.safeParse(entry);
    if (!parsed.success) return err(invalid('procedures', parsed.error.issues[0]!, code));
    procedures[code] = parsed.data;
  }
  const papers = papersFileSchema.safeParse(raw.papers);
  if (!papers.success) {
    const issue = papers.error.issues[0]!;
    return err(invalid('papers', { path: issue.path.slice(2), message: issue.message }, String(issue.path[1] ?? '')));
  }
  const intentsFile = intentsFileSchema.safeParse(raw.intents);
  if (!intentsFile.success) return err(invalid('intents', intentsFile.error.issues[0]!));
  const intents: Intent[] = [];
  for (const [index, entry] of intentsFile.data.intents.entries()) {
    const id = typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : `#${index}`;
    const parsed = intentSchema.safeParse(entry);
    if (!parsed.success) return err(invalid('intents', parsed.error.issues[0]!, id));
    if (intents.some((i) => i.id === parsed.data.id)) return err(invalid('intents', { path: ['id'], message: 'duplicate' }, id));
    intents.push(parsed.data);
  }
  const labels = labelsFileSchema.safeParse(raw.labels);
  if (!labels.success) return err(invalid('labels', labels.error.issues[0]!));
  return ok({
    procedures,
    papers: papers.data.papers,
    intents,
    facets: intentsFile.data.facets,
    labels: labels.data.labels,
    languageHints: labels.data.languageHints,
    paperTerms: labels.data.paperTerms,
  });
}

export function loadKnowledge(dir: string = DEFAULT_KNOWLEDGE_DIR): Result<Knowledge, KnowledgeError> {
  const raw: Partial<Record<KnowledgeFile, unknown>> = {};
  for (const file of KNOWLEDGE_FILES) {
    const path = `${dir.replace(/\/$/, '')}/${file}.json`;
    try {
      raw[file] = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return err({ code: 'unreadable', file, message: `assistant knowledge ${path}: ${(e as Error).message}` });
    }
  }
  return parseKnowledge(raw as Record<KnowledgeFile, unknown>);
}
