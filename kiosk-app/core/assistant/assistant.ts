import type { Clock } from '../../../common/clock';
import { systemClock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { silentLogger } from '../../../common/logger';
import type { Catalog, Procedure } from '../catalog/catalog-schema';
import { action, composeAnswer, label, procedureName } from './answer';
import { INTENT_IDS, type Facet, type IntentId, type Knowledge, type Lang } from './knowledge-schema';
import { validateModelAnswer, type OnlineModel } from './online-model';
import type { AssistantReply, Candidate, Choice, ComposedAnswer, Turn } from './reply-schema';
import { buildAssistantIndex, type AssistantIndex, type Scored, type SearchResult } from './retrieval';

// The assistant service: detect the language, rank procedures and intents, then answer,
// ask a short clarifying question, or decline with where to go instead. Offline always
// works; an online model may only rephrase a grounded answer and is checked before it shows.

export interface Thresholds {
  /** A procedure at or above this is answered. */
  readonly answer: number;
  /** Between this and `answer` the assistant asks which procedure was meant. */
  readonly clarify: number;
  /** Two procedures closer than this (and not a compound question) are asked about. */
  readonly margin: number;
  /** An intent needs this much to be taken. */
  readonly intent: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { answer: 0.55, clarify: 0.3, margin: 0.04, intent: 0.5 };

export interface AssistantDeps {
  readonly catalog: Catalog;
  readonly knowledge: Knowledge;
  readonly onlineModel?: OnlineModel;
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly thresholds?: Thresholds;
}

export interface AskOptions {
  /** The screen's language: used when the question itself does not tell. */
  readonly lang?: Lang;
  readonly conversation?: readonly Turn[];
}

export interface Assistant {
  ask(question: string, opts?: AskOptions): Promise<AssistantReply>;
  /** The same without the online model, synchronous: for evaluation and benchmarks. */
  askOffline(question: string, opts?: AskOptions): AssistantReply;
  readonly index: AssistantIndex;
  /** The knowledge it answers from (the guidance sheet prints the same grounded text). */
  readonly knowledge: Knowledge;
}

const CODE = /^\s*([1-3]\.\d{6})\s*$/;
const INTENT_CHOICE = /^\s*intent:([a-z-]+)\s*$/;

export function createAssistant(deps: AssistantDeps): Assistant {
  const { catalog, knowledge } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = (deps.logger ?? silentLogger).child('assistant');
  const t = deps.thresholds ?? DEFAULT_THRESHOLDS;
  const index = buildAssistantIndex(catalog, knowledge);
  const byCode = new Map(catalog.procedures.map((p) => [p.code, p]));
  const intentById = new Map(knowledge.intents.map((i) => [i.id, i]));

  function replyLang(question: string, opts: AskOptions): { lang: Lang; detected: Lang } {
    const guess = index.detectLanguage(question);
    if (guess.byScript) return { lang: guess.lang, detected: guess.lang };
    if (opts.lang && guess.confidence < 0.5) return { lang: opts.lang, detected: guess.lang };
    if (guess.confidence > 0) return { lang: guess.lang, detected: guess.lang };
    return { lang: opts.lang ?? 'vi', detected: guess.lang };
  }

  function candidateOf(s: Scored, lang: Lang): Candidate {
    const name =
      s.kind === 'procedure'
        ? procedureName(byCode.get(s.id)!, knowledge, lang)
        : intentById.get(s.id as IntentId)?.triggers[lang][0] ?? s.id;
    return { kind: s.kind, id: s.id, label: name, confidence: Math.max(0, Math.min(1, s.score)) };
  }

  /** Is the second procedure asked about in its own right, not just sharing the first one's words? */
  function isSecondTopic(first: Scored, second: Scored): boolean {
    let own = 0;
    let total = 0;
    for (const [u, w] of second.evidence) {
      total += w;
      if (!first.evidence.has(u)) own += w;
    }
    // Its own words must weigh at least one rare unit (a word like "passport" or 여권).
    return total > 0 && own / total >= 0.5 && own >= 3;
  }

  function intentReply(id: IntentId, lang: Lang): Pick<AssistantReply, 'kind'> & Record<string, unknown> {
    const intent = intentById.get(id)!;
    if (id === 'out-of-scope') {
      return {
        kind: 'refusal',
        reason: 'out-of-scope',
        text: intent.answer[lang],
        goInstead: label(knowledge, 'goInstead', lang),
        actions: [action(knowledge, 'talk-to-staff', lang), action(knowledge, 'read-aloud', lang)],
      };
    }
    return {
      kind: 'info',
      text: intent.answer[lang],
      actions: [...intent.actions.map((k) => action(knowledge, k, lang)), action(knowledge, 'read-aloud', lang)],
    };
  }

  function noMatch(lang: Lang) {
    return {
      kind: 'refusal' as const,
      reason: 'no-match' as const,
      text: label(knowledge, 'noMatch', lang),
      goInstead: label(knowledge, 'goInstead', lang),
      actions: [action(knowledge, 'talk-to-staff', lang), action(knowledge, 'take-queue-number', lang), action(knowledge, 'read-aloud', lang)],
    };
  }

  function answerOf(procs: Procedure[], lang: Lang, focus: Facet | undefined) {
    const answers: ComposedAnswer[] = procs.map((p) => composeAnswer(p, knowledge, lang, focus));
    return { kind: 'answer' as const, ...(answers.length > 1 ? { intro: label(knowledge, 'compound', lang) } : {}), answers };
  }

  function decide(question: string, r: SearchResult, lang: Lang, conversation: readonly Turn[]) {
    const focus = r.facets[0];
    const [p1, p2] = r.procedures;
    const i1 = r.intents[0];
    const s1 = p1?.score ?? 0;
    const intent = i1 ? intentById.get(i1.id as IntentId) : undefined;
    if (i1 && intent && i1.score >= t.intent) {
      const wins = intent.yieldsToProcedure ? s1 < t.clarify : s1 < t.clarify || i1.score > s1 + 0.1;
      // "And the fee?" after an answer: a follow-up about the same procedure, not the general intent.
      const previous = [...conversation].reverse().find((turn) => turn.role === 'assistant' && turn.procedureCodes?.length);
      if (wins && intent.yieldsToProcedure && focus && previous) {
        const procs = previous.procedureCodes!.map((c) => byCode.get(c)).filter((p): p is Procedure => !!p);
        if (procs.length > 0) return { intent: 'procedure' as const, ...answerOf(procs.slice(0, 2), lang, focus) };
      }
      if (wins) return { intent: intent.id, ...intentReply(intent.id, lang) };
    }
    if (!p1 || s1 < t.clarify) {
      const previous = [...conversation].reverse().find((turn) => turn.role === 'assistant' && turn.procedureCodes?.length);
      if (focus && previous) {
        const procs = previous.procedureCodes!.map((c) => byCode.get(c)).filter((p): p is Procedure => !!p);
        if (procs.length > 0) return { intent: 'procedure' as const, ...answerOf(procs.slice(0, 2), lang, focus) };
      }
      return { intent: 'unknown' as const, ...noMatch(lang) };
    }
    if (s1 >= t.answer) {
      if (p2 && p2.score >= t.answer && isSecondTopic(p1, p2)) {
        return { intent: 'procedure' as const, ...answerOf([byCode.get(p1.id)!, byCode.get(p2.id)!], lang, focus) };
      }
      if (!p2 || s1 - p2.score >= t.margin) return { intent: 'procedure' as const, ...answerOf([byCode.get(p1.id)!], lang, focus) };
    }
    // Not sure: offer the likely procedures and a person, rather than guess.
    const options = r.procedures.filter((s) => s.score >= Math.max(t.clarify * 0.8, s1 - 0.25)).slice(0, 3);
    const choices: Choice[] = options.map((s) => ({ label: procedureName(byCode.get(s.id)!, knowledge, lang), ask: s.id }));
    choices.push({ label: label(knowledge, 'action.talk-to-staff', lang), ask: 'intent:human-help' });
    return { intent: 'procedure' as const, kind: 'clarification' as const, text: label(knowledge, 'clarify', lang), choices };
  }

  function askOffline(question: string, opts: AskOptions = {}): AssistantReply {
    const started = clock.now().getTime();
    const { lang, detected } = replyLang(question, opts);
    const finish = (body: Record<string, unknown>, candidates: Candidate[]): AssistantReply =>
      ({ question, lang, detectedLang: detected, candidates, source: 'offline', ...body, elapsedMs: clock.now().getTime() - started }) as AssistantReply;

    const code = CODE.exec(question)?.[1];
    if (code && byCode.has(code)) {
      const p = byCode.get(code)!;
      return finish({ intent: 'procedure', ...answerOf([p], lang, undefined) }, [{ kind: 'procedure', id: code, label: procedureName(p, knowledge, lang), confidence: 1 }]);
    }
    const chosen = INTENT_CHOICE.exec(question)?.[1] as IntentId | undefined;
    if (chosen && (INTENT_IDS as readonly string[]).includes(chosen)) {
      const lang2 = opts.lang ?? 'vi';
      return { ...finish({ intent: chosen, ...intentReply(chosen, lang2) }, []), lang: lang2, detectedLang: lang2 };
    }
    const r = index.search(question);
    const candidates = [...r.procedures.slice(0, 5), ...r.intents.slice(0, 2)]
      .sort((a, b) => b.score - a.score)
      .map((s) => candidateOf(s, lang));
    return finish(decide(question, r, lang, opts.conversation ?? []), candidates);
  }

  async function ask(question: string, opts: AskOptions = {}): Promise<AssistantReply> {
    const started = clock.now().getTime();
    const reply = askOffline(question, opts);
    if (reply.kind !== 'answer' || !deps.onlineModel) return reply;
    const result = await deps.onlineModel.complete({ question, lang: reply.lang, grounding: reply.answers });
    if (!result.ok) {
      logger.warn('online-model-unavailable', { code: result.error.code });
      return { ...reply, elapsedMs: clock.now().getTime() - started };
    }
    const procedures = reply.answers.map((a) => byCode.get(a.procedureCode)!);
    const check = validateModelAnswer(result.value, { procedures, knowledge, question });
    if (!check.ok) {
      // Problem kinds only: the answer text could echo what the citizen typed.
      logger.warn('online-model-rejected', { problems: check.problems.map((p) => p.code).join(',') });
      return { ...reply, elapsedMs: clock.now().getTime() - started };
    }
    return {
      ...reply,
      source: 'online-model',
      modelText: result.value,
      modelNotice: label(knowledge, 'modelNotice', reply.lang),
      elapsedMs: clock.now().getTime() - started,
    };
  }

  return { ask, askOffline, index, knowledge };
}
