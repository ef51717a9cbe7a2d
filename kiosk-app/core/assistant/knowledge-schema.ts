import * as z from 'zod';
import { LANGUAGES } from '../../../common/languages';

// The assistant's knowledge (assets/assistant/*.json): names people use, translations of
// names, descriptions, agencies, time texts and paper names, non-procedure intents and the
// fixed labels of an answer. Facts (fees, time limits, papers) live only in the catalogue;
// knowledge-check.ts proves that no translation brings in a number the catalogue lacks.

export const LANGS = LANGUAGES;
export const langSchema = z.enum(LANGS);
export type Lang = z.infer<typeof langSchema>;
/** Languages the catalogue does not carry; the knowledge translates into them. */
export const EXTRA_LANGS = ['zh', 'ko', 'ja', 'fr'] as const;
export type ExtraLang = (typeof EXTRA_LANGS)[number];

const text = z.string().trim().min(1);
export const text6Schema = z.strictObject({ vi: text, en: text, zh: text, ko: text, ja: text, fr: text });
export const text4Schema = z.strictObject({ zh: text, ko: text, ja: text, fr: text });
const phrases = z.array(text).min(1);
export const phrases6Schema = z.strictObject({ vi: phrases, en: phrases, zh: phrases, ko: phrases, ja: phrases, fr: phrases });

export const ACTION_KINDS = ['start-dossier', 'print-guidance', 'take-queue-number', 'read-aloud', 'lookup-dossier', 'talk-to-staff'] as const;
export const actionKindSchema = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof actionKindSchema>;

export const INTENT_IDS = ['queue-number', 'lookup-dossier', 'fees-general', 'hours-places', 'greeting', 'human-help', 'out-of-scope'] as const;
export const intentIdSchema = z.enum(INTENT_IDS);
export type IntentId = z.infer<typeof intentIdSchema>;

export const FACETS = ['fee', 'papers', 'time', 'where'] as const;
export type Facet = (typeof FACETS)[number];

export const procedureKnowledgeSchema = z.strictObject({
  name: text4Schema,
  description: text6Schema,
  aliases: phrases6Schema,
  agency: text4Schema,
  time: text4Schema,
  /** Required exactly when the catalogue's fee has a note. */
  feeNote: text4Schema.optional(),
  /** Required exactly when the catalogue has notes. */
  notes: text4Schema.optional(),
});

export const proceduresFileSchema = z.object({
  note: z.string().optional(),
  procedures: z.record(z.string(), z.unknown()),
});

export const papersFileSchema = z.object({
  note: z.string().optional(),
  /** Keyed by catalogue paper id, or "CODE/paper-id" to override for one procedure. */
  papers: z.record(z.string().regex(/^([1-3]\.\d{6}\/)?[a-z0-9-]+$/, 'a paper id, or CODE/paper-id'), text4Schema),
});

export const intentSchema = z.strictObject({
  id: intentIdSchema,
  actions: z.array(actionKindSchema),
  /** A weak intent ("how much?", "where?") gives way to any plausible procedure in the same question. */
  yieldsToProcedure: z.boolean(),
  triggers: phrases6Schema,
  answer: text6Schema,
});

export const intentsFileSchema = z.object({
  note: z.string().optional(),
  intents: z.array(z.unknown()),
  facets: z.strictObject({ fee: phrases6Schema, papers: phrases6Schema, time: phrases6Schema, where: phrases6Schema }),
});

export const LABEL_KEYS = [
  'papers', 'fee', 'time', 'where', 'channel', 'notes', 'source', 'verifiedAt',
  'feeFree', 'feeFixedOnline', 'feeLocal', 'feeUnverified',
  'onlineFull', 'onlinePartial', 'onlineNone', 'kioskYes', 'kioskNo',
  'action.start-dossier', 'action.print-guidance', 'action.take-queue-number', 'action.read-aloud', 'action.lookup-dossier', 'action.talk-to-staff',
  'clarify', 'compound', 'noMatch', 'goInstead', 'modelNotice',
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

export const labelsFileSchema = z.object({
  note: z.string().optional(),
  labels: z.strictObject(Object.fromEntries(LABEL_KEYS.map((k) => [k, text6Schema])) as Record<LabelKey, typeof text6Schema>),
  /** Common words that tell Latin-script languages apart (tone-mark-free Vietnamese too). */
  languageHints: z.strictObject({ vi: phrases, en: phrases, fr: phrases }),
  /** Document words an online model might name; each must then appear in the grounding. */
  paperTerms: phrases6Schema,
});

export type Text6 = z.infer<typeof text6Schema>;
export type Text4 = z.infer<typeof text4Schema>;
export type Phrases6 = z.infer<typeof phrases6Schema>;
export type ProcedureKnowledge = z.infer<typeof procedureKnowledgeSchema>;
export type Intent = z.infer<typeof intentSchema>;

export interface Knowledge {
  readonly procedures: Readonly<Record<string, ProcedureKnowledge>>;
  readonly papers: Readonly<Record<string, Text4>>;
  readonly intents: readonly Intent[];
  readonly facets: Readonly<Record<Facet, Phrases6>>;
  readonly labels: Readonly<Record<LabelKey, Text6>>;
  readonly languageHints: { readonly vi: readonly string[]; readonly en: readonly string[]; readonly fr: readonly string[] };
  readonly paperTerms: Phrases6;
}
