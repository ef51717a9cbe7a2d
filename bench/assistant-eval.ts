// Evaluation of the offline assistant on the project's question set:
//   npx tsx bench/assistant-eval.ts [--failures] [--split dev|heldout] [--json]
import { loadCatalog } from '../kiosk-app/core/catalog/catalog-loader';
import { createAssistant } from '../kiosk-app/core/assistant/assistant';
import { loadKnowledge } from '../kiosk-app/core/assistant/knowledge-loader';
import { loadEvalQuestions, runEvaluation, summarize, type Rate } from '../kiosk-app/core/assistant/evaluation';

const args = process.argv.slice(2);
const catalog = loadCatalog();
const knowledge = loadKnowledge();
if (!catalog.ok) throw new Error(catalog.error.message);
if (!knowledge.ok) throw new Error(knowledge.error.message);

const t0 = performance.now();
const assistant = createAssistant({ catalog: catalog.value, knowledge: knowledge.value });
const buildMs = performance.now() - t0;
const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : undefined;
const questions = loadEvalQuestions().filter((q) => !splitArg || q.split === splitArg);
// Warm up so the figures measure answering, not JIT compilation.
for (const q of questions.slice(0, 20)) assistant.askOffline(q.q);
const outcomes = runEvaluation(assistant, questions);
const s = summarize(outcomes);

if (args.includes('--json')) {
  console.log(JSON.stringify(s, null, 2));
} else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const row = (name: string, r: Rate) => console.log(`${name.padEnd(14)} n=${String(r.n).padStart(3)}  top-1 ${pct(r.top1)}  top-3 ${pct(r.top3)}`);
  console.log(`Assistant evaluation: ${questions.length} questions${splitArg ? ` (${splitArg})` : ''}; index built in ${buildMs.toFixed(1)} ms\n`);
  row('overall', s.overall);
  console.log('\nby language');
  for (const [k, r] of Object.entries(s.byLang)) row(k, r);
  console.log('\nby kind');
  for (const [k, r] of Object.entries(s.byKind)) row(k, r);
  console.log('\nby split');
  for (const [k, r] of Object.entries(s.bySplit)) row(k, r);
  console.log(`\nout of scope declined: ${s.outOfScope.declined}/${s.outOfScope.n}`);
  console.log(`in-scope questions wrongly declined: ${s.falseRefusals}`);
  console.log(`procedure questions answered with a wrong procedure: ${s.wrongAnswers}`);
  console.log(`procedure questions answered with a clarifying question: ${s.clarified.n}/${s.clarified.of}`);
  console.log(`language detected correctly: ${pct(s.langDetection)}`);
  console.log(`latency: p50 ${s.latency.p50.toFixed(2)} ms, p99 ${s.latency.p99.toFixed(2)} ms, max ${s.latency.max.toFixed(2)} ms`);
}
if (args.includes('--failures')) {
  console.log('\nfailures (top-1):');
  for (const o of outcomes.filter((x) => !x.top1)) {
    const exp = 'codes' in o.question.expect ? o.question.expect.codes.join('+') : `#${o.question.expect.intent}`;
    const got = o.reply.kind === 'answer' ? o.reply.answers.map((a) => a.procedureCode).join('+') : `${o.reply.kind}/${o.reply.intent}`;
    const cands = o.reply.candidates.slice(0, 3).map((c) => `${c.id}:${c.confidence}`).join(' ');
    console.log(`${o.top3 ? '  ' : '✗ '}${o.question.id} [${o.question.split}] ${o.question.q} → ${got} (want ${exp}; lang ${o.reply.detectedLang}) ${cands}`);
  }
}

// Synthetic robustness: every Latin-script alias with one slip (a letter dropped, doubled
// or two letters swapped in one word of 4+ letters), seeded so runs compare. Not tuned on.
if (args.includes('--synthetic')) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const slip = (text: string) => {
    const ws = text.split(' ');
    const long = ws.map((w, i) => [w, i] as const).filter(([w]) => [...w].length >= 4);
    if (long.length === 0) return undefined;
    const [w, i] = long[Math.floor(rnd() * long.length)]!;
    const cs = [...w];
    const k = 1 + Math.floor(rnd() * (cs.length - 2));
    const kind = Math.floor(rnd() * 3);
    if (kind === 0) cs.splice(k, 1);
    else if (kind === 1) cs.splice(k, 0, cs[k]!);
    else [cs[k], cs[k + 1]] = [cs[k + 1]!, cs[k]!];
    ws[i] = cs.join('');
    return ws.join(' ');
  };
  let n = 0;
  let hit3 = 0;
  let hit1 = 0;
  for (const [code, k] of Object.entries(knowledge.value.procedures)) {
    for (const lang of ['vi', 'en', 'fr'] as const) {
      for (const alias of k.aliases[lang]) {
        const q = slip(alias);
        if (!q) continue;
        const r = assistant.askOffline(q);
        const top = r.candidates.filter((c) => c.kind === 'procedure').slice(0, 3).map((c) => c.id);
        n++;
        if (top.includes(code)) hit3++;
        if (r.kind === 'answer' && r.answers.some((a) => a.procedureCode === code)) hit1++;
      }
    }
  }
  console.log(`\nsynthetic one-slip aliases (vi/en/fr): n=${n}, answered ${((hit1 / n) * 100).toFixed(1)}%, in top-3 ${((hit3 / n) * 100).toFixed(1)}%`);
}
