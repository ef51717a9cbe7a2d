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
