import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { Procedure } from '../catalog/catalog-schema';
import { foldVietnamese } from '../catalog/vietnamese-text';
import { catalogNumbers } from './knowledge-check';
import { LANGS, type Knowledge, type Lang } from './knowledge-schema';
import type { ComposedAnswer } from './reply-schema';
import { extractNumbers, stripUrls } from './text-units';

// An optional OpenAI-compatible chat endpoint (e.g. the city's own AI service). It only
// rephrases: the retrieved procedures go with the question as grounding, and its answer
// is shown only if every number and every paper it names matches that grounding.

export interface OnlineModelConfig {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}

export type OnlineModelError =
  | { code: 'timeout'; message: string }
  | { code: 'http'; status: number; message: string }
  | { code: 'network'; message: string }
  | { code: 'bad-response'; message: string };

export interface OnlineModel {
  complete(input: { question: string; lang: Lang; grounding: readonly ComposedAnswer[] }): Promise<Result<string, OnlineModelError>>;
}

const LANGUAGE_NAMES: Record<Lang, string> = { vi: 'Vietnamese', en: 'English', zh: 'Simplified Chinese', ko: 'Korean', ja: 'Japanese', fr: 'French' };

export function createOnlineModel(
  config: OnlineModelConfig,
  deps: { fetch?: typeof fetch; logger?: Logger } = {},
): OnlineModel {
  const doFetch = deps.fetch ?? globalThis.fetch;
  const timeoutMs = config.timeoutMs ?? 2500;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    async complete({ question, lang, grounding }) {
      const system =
        `You answer citizens at a public-service kiosk in Hanoi, in ${LANGUAGE_NAMES[lang]}. ` +
        'Use ONLY the facts in the grounding below. Do not state any fee, time limit, number or paper that is not in it. ' +
        'If the grounding does not answer the question, say so briefly. Be short and plain.';
      const body = {
        model: config.model,
        temperature: 0,
        messages: [
          { role: 'system', content: `${system}\n\nGROUNDING:\n${grounding.map((g) => g.text).join('\n\n')}` },
          { role: 'user', content: question },
        ],
      };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        if (!res.ok) return err({ code: 'http', status: res.status, message: `online model answered HTTP ${res.status}` });
        const json = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
        const content = json.choices?.[0]?.message?.content;
        if (typeof content !== 'string' || content.trim() === '') return err({ code: 'bad-response', message: 'no message content' });
        return ok(content.trim());
      } catch (e) {
        if (controller.signal.aborted) return err({ code: 'timeout', message: `no answer within ${timeoutMs} ms` });
        if (e instanceof SyntaxError) return err({ code: 'bad-response', message: 'response is not JSON' });
        return err({ code: 'network', message: (e as Error).message });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// The validator.

export type ValidationProblem =
  | { code: 'unknown-number'; value: number }
  | { code: 'wrong-day-count'; value: number }
  | { code: 'unknown-paper'; term: string };

// "7 ngày", "7 working days", "7个工作日", "7영업일", "7営業日", "7 jours".
const DAY_COUNT = /(\d+)\s*(?:ngày|ngay|(?:working\s+|business\s+)?days?|个?工作日|天|日|영업일|일|営業日|jours?(?:\s+ouvrables)?)/giu;

// Calendar dates ("2026年11月22日", "2026년 11월 22일") are not day counts.
const CJK_DATE = /\d{4}\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]/gu;

function dayCounts(text: string): number[] {
  return [...text.normalize('NFKC').replace(CJK_DATE, ' ').matchAll(DAY_COUNT)].map((m) => Number(m[1]));
}

function allTexts(p: Procedure, knowledge: Knowledge): string[] {
  const k = knowledge.procedures[p.code];
  const out = [JSON.stringify(p)];
  if (k) out.push(JSON.stringify(k));
  for (const paper of p.papers) {
    const t = knowledge.papers[`${p.code}/${paper.id}`] ?? knowledge.papers[paper.id];
    if (t) out.push(JSON.stringify(t));
  }
  return out;
}

function mentions(text: string, term: string): boolean {
  if (/\p{Script=Latin}/u.test(term)) {
    const escaped = term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:s|es)?(?![\\p{L}\\p{N}])`, 'u').test(text.toLowerCase());
  }
  return text.includes(term);
}

/**
 * Accept a model's answer only if every number it states comes from the grounded
 * procedures (or the question), every day count is one of their time limits, and every
 * document it names is one the grounding names too.
 */
export function validateModelAnswer(
  answer: string,
  grounding: { procedures: readonly Procedure[]; knowledge: Knowledge; question: string },
): { ok: true } | { ok: false; problems: ValidationProblem[] } {
  const problems: ValidationProblem[] = [];
  const text = stripUrls(answer.normalize('NFC'));
  const allowed = new Set<number>(extractNumbers(grounding.question));
  const allowedDays = new Set<number>();
  const groundText: string[] = [];
  for (const p of grounding.procedures) {
    for (const n of catalogNumbers(p)) allowed.add(n);
    const t = p.processingTime;
    if (t.kind === 'workingDays') allowedDays.add(t.days);
    if ('maxDays' in t && t.maxDays) allowedDays.add(t.maxDays);
    const texts = allTexts(p, grounding.knowledge);
    groundText.push(...texts);
    // Day counts the catalogue itself states in its texts ("within 60 days of birth").
    for (const s of texts) for (const n of dayCounts(s)) allowedDays.add(n);
    for (const s of texts) for (const n of extractNumbers(stripUrls(s))) allowed.add(n);
  }
  for (const n of extractNumbers(grounding.question)) allowedDays.add(n);
  for (const n of new Set(extractNumbers(text))) if (!allowed.has(n)) problems.push({ code: 'unknown-number', value: n });
  for (const n of new Set(dayCounts(text))) if (!allowedDays.has(n)) problems.push({ code: 'wrong-day-count', value: n });
  const ground = groundText.join('\n').normalize('NFC');
  const groundFolded = foldVietnamese(ground);
  for (const lang of LANGS) {
    for (const term of grounding.knowledge.paperTerms[lang]) {
      if (!mentions(text, term)) continue;
      const known = /\p{Script=Latin}/u.test(term) ? groundFolded.includes(foldVietnamese(term)) : ground.includes(term);
      if (!known) problems.push({ code: 'unknown-paper', term });
    }
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
