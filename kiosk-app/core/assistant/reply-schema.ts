import * as z from 'zod';
import { actionKindSchema, intentIdSchema, langSchema } from './knowledge-schema';

// The assistant's reply: plain JSON-able data the renderer draws and the tRPC api validates.

export const actionSchema = z.object({
  kind: actionKindSchema,
  label: z.string(),
  procedureCode: z.string().optional(),
});

export const sectionSchema = z.object({
  kind: z.enum(['papers', 'fee', 'time', 'where', 'channel', 'notes']),
  title: z.string(),
  items: z.array(z.string()),
});

/** One procedure's grounded answer: every fact comes from the catalogue entry. */
export const composedAnswerSchema = z.object({
  procedureCode: z.string(),
  title: z.string(),
  summary: z.string(),
  sections: z.array(sectionSchema),
  source: z.object({ label: z.string(), url: z.string(), verifiedAt: z.string(), checkedText: z.string() }),
  actions: z.array(actionSchema),
  /** The asked-about part (fee, papers…) comes first in sections when the question named one. */
  focus: z.enum(['fee', 'papers', 'time', 'where']).optional(),
  /** The whole answer as plain text, for the command line and printing. */
  text: z.string(),
  /** The same for read-aloud: without the web address and the code. */
  speech: z.string(),
});

export const candidateSchema = z.object({
  kind: z.enum(['procedure', 'intent']),
  id: z.string(),
  label: z.string(),
  confidence: z.number().min(0).max(1),
});

export const choiceSchema = z.object({
  label: z.string(),
  /** Send this back as the next question (a procedure code or "intent:<id>"). */
  ask: z.string(),
});

const common = {
  question: z.string(),
  /** Language of the reply. */
  lang: langSchema,
  detectedLang: langSchema,
  /** 'procedure' when a procedure was found, else the non-procedure intent, else 'unknown'. */
  intent: z.union([z.literal('procedure'), z.literal('unknown'), intentIdSchema]),
  candidates: z.array(candidateSchema),
  source: z.enum(['offline', 'online-model']),
  elapsedMs: z.number().min(0),
};

export const assistantReplySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answer'),
    ...common,
    intro: z.string().optional(),
    answers: z.array(composedAnswerSchema).min(1).max(2),
    /** Shown only when an online model wrote it and every number and paper matched the catalogue. */
    modelText: z.string().optional(),
    modelNotice: z.string().optional(),
  }),
  z.object({ kind: z.literal('info'), ...common, text: z.string(), actions: z.array(actionSchema) }),
  z.object({ kind: z.literal('clarification'), ...common, text: z.string(), choices: z.array(choiceSchema).min(2).max(4) }),
  z.object({
    kind: z.literal('refusal'),
    ...common,
    reason: z.enum(['out-of-scope', 'no-match']),
    text: z.string(),
    goInstead: z.string(),
    actions: z.array(actionSchema),
  }),
]);

export const turnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string().max(2000),
  /** Procedures an assistant turn answered, so "and the fee?" can follow up. */
  procedureCodes: z.array(z.string()).optional(),
});

export const askInputSchema = z.object({
  question: z.string().trim().min(1).max(500),
  lang: langSchema.optional(),
  conversation: z.array(turnSchema).max(20).optional(),
});

export type Action = z.infer<typeof actionSchema>;
export type Section = z.infer<typeof sectionSchema>;
export type ComposedAnswer = z.infer<typeof composedAnswerSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type Choice = z.infer<typeof choiceSchema>;
export type AssistantReply = z.infer<typeof assistantReplySchema>;
export type Turn = z.infer<typeof turnSchema>;
export type AskInput = z.infer<typeof askInputSchema>;
