import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { intentIdSchema, langSchema, type Lang } from './knowledge-schema';
import type { Assistant } from './assistant';
import type { AssistantReply } from './reply-schema';

// The project's own question set, scored the same way by the bench script and the test.

export const DEFAULT_EVAL_PATH = fileURLToPath(new URL('../../../assets/assistant/eval-questions.json', import.meta.url));

export const evalQuestionSchema = z.object({
  id: z.string(),
  lang: langSchema,
  kind: z.string(),
  q: z.string().min(1),
  expect: z.union([z.object({ codes: z.array(z.string()).min(1) }), z.object({ intent: intentIdSchema })]),
  split: z.enum(['dev', 'heldout', 'fresh', 'fresh2']),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export function loadEvalQuestions(path: string = DEFAULT_EVAL_PATH): EvalQuestion[] {
  return z.object({ questions: z.array(evalQuestionSchema) }).parse(JSON.parse(readFileSync(path, 'utf8'))).questions;
}

export interface EvalOutcome {
  readonly question: EvalQuestion;
  readonly reply: AssistantReply;
  readonly top1: boolean;
  readonly top3: boolean;
  /** Out-of-scope questions: declined (a refusal). Others: not declined. */
  readonly declined: boolean;
  readonly langOk: boolean;
  readonly ms: number;
}

/** Codes the reply answered (one or two), else the clarifying choices, else the candidates. */
function answered(reply: AssistantReply): string[] {
  if (reply.kind === 'answer') return reply.answers.map((a) => a.procedureCode);
  return [];
}

export function scoreOne(q: EvalQuestion, reply: AssistantReply, ms: number): EvalOutcome {
  const declined = reply.kind === 'refusal';
  let top1: boolean;
  let top3: boolean;
  if ('intent' in q.expect) {
    top1 = top3 = reply.intent === q.expect.intent;
  } else {
    const want = q.expect.codes;
    const got = answered(reply);
    const ranked = reply.candidates.filter((c) => c.kind === 'procedure').map((c) => c.id);
    const offered = reply.kind === 'clarification' ? reply.choices.map((c) => c.ask) : [];
    // Top-1: the reply answers exactly what was asked (both procedures of a compound question).
    top1 = want.every((c) => got.includes(c)) && got.every((c) => want.includes(c));
    // Top-3: every expected procedure is among the first three candidates or the offered choices.
    const three = new Set([...got, ...ranked.slice(0, 3), ...offered]);
    top3 = want.every((c) => three.has(c));
  }
  return { question: q, reply, top1, top3, declined, langOk: reply.detectedLang === q.lang, ms };
}

export function runEvaluation(assistant: Assistant, questions: readonly EvalQuestion[]): EvalOutcome[] {
  return questions.map((q) => {
    const start = performance.now();
    const reply = assistant.askOffline(q.q);
    return scoreOne(q, reply, performance.now() - start);
  });
}

export interface Rate {
  readonly n: number;
  readonly top1: number;
  readonly top3: number;
}

function rate(list: readonly EvalOutcome[]): Rate {
  const n = list.length;
  return { n, top1: n ? list.filter((o) => o.top1).length / n : 0, top3: n ? list.filter((o) => o.top3).length / n : 0 };
}

export interface EvalSummary {
  readonly overall: Rate;
  readonly byLang: Record<Lang, Rate>;
  readonly byKind: Record<string, Rate>;
  readonly bySplit: Record<string, Rate>;
  readonly outOfScope: { n: number; declined: number };
  readonly falseRefusals: number;
  /** Procedure questions answered with a procedure that was not asked about: the worst failure. */
  readonly wrongAnswers: number;
  /** Procedure questions answered with a clarifying question instead of an answer. */
  readonly clarified: { n: number; of: number };
  readonly langDetection: number;
  readonly latency: { p50: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function summarize(outcomes: readonly EvalOutcome[]): EvalSummary {
  const group = (key: (o: EvalOutcome) => string) => {
    const m: Record<string, EvalOutcome[]> = {};
    for (const o of outcomes) (m[key(o)] ??= []).push(o);
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, rate(v)]));
  };
  const oos = outcomes.filter((o) => 'intent' in o.question.expect && o.question.expect.intent === 'out-of-scope');
  const inScope = outcomes.filter((o) => !oos.includes(o));
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    overall: rate(outcomes),
    byLang: group((o) => o.question.lang) as Record<Lang, Rate>,
    byKind: group((o) => o.question.kind),
    bySplit: group((o) => o.question.split),
    outOfScope: { n: oos.length, declined: oos.filter((o) => o.declined).length },
    falseRefusals: inScope.filter((o) => o.declined).length,
    wrongAnswers: outcomes.filter(
      (o) => 'codes' in o.question.expect && o.reply.kind === 'answer' && o.reply.answers.some((a) => !(o.question.expect as { codes: string[] }).codes.includes(a.procedureCode)),
    ).length,
    clarified: {
      n: outcomes.filter((o) => 'codes' in o.question.expect && o.reply.kind === 'clarification').length,
      of: outcomes.filter((o) => 'codes' in o.question.expect).length,
    },
    langDetection: outcomes.filter((o) => o.langOk).length / Math.max(1, outcomes.length),
    latency: { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] ?? 0 },
  };
}
