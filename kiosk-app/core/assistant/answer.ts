import { formatVnd } from '../../../common/money';
import type { Procedure } from '../catalog/catalog-schema';
import { paperTranslation } from './knowledge-check';
import type { ActionKind, Facet, Knowledge, LabelKey, Lang } from './knowledge-schema';
import type { Action, ComposedAnswer, Section } from './reply-schema';
import { extractNumbers } from './text-units';

// Grounded answers: every fee, time limit, paper, agency and date is read from the
// catalogue entry (or its knowledge translation, which knowledge-check.ts proves carries no
// number of its own). Nothing here invents a fact; it only lays facts out in a language.

/** How a heading and its items are joined in running text, per language. */
const JOIN: Record<Lang, { head: string; list: string }> = {
  vi: { head: ': ', list: '; ' },
  en: { head: ': ', list: '; ' },
  fr: { head: ' : ', list: ' ; ' },
  zh: { head: '：', list: '；' },
  ja: { head: '：', list: '、' },
  ko: { head: ': ', list: ', ' },
};

export function formatDate(iso: string, lang: Lang): string {
  const [y, m, d] = iso.split('-');
  switch (lang) {
    case 'vi':
    case 'fr':
      return `${d}/${m}/${y}`;
    case 'zh':
    case 'ja':
      return `${y}年${Number(m)}月${Number(d)}日`;
    case 'ko':
      return `${y}년 ${Number(m)}월 ${Number(d)}일`;
    default:
      return iso;
  }
}

export function label(knowledge: Knowledge, key: LabelKey, lang: Lang, vars: Record<string, string> = {}): string {
  return knowledge.labels[key][lang].replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}

export function action(knowledge: Knowledge, kind: ActionKind, lang: Lang, procedureCode?: string): Action {
  return { kind, label: label(knowledge, `action.${kind}`, lang), ...(procedureCode ? { procedureCode } : {}) };
}

/** A catalogue text (vi/en) or its knowledge translation. */
function pick(vien: { vi: string; en: string }, extra: Partial<Record<Lang, string>> | undefined, lang: Lang): string {
  if (lang === 'vi' || lang === 'en') return vien[lang];
  return extra?.[lang] ?? vien.en;
}

export function procedureName(p: Procedure, knowledge: Knowledge, lang: Lang): string {
  return pick(p.name, knowledge.procedures[p.code]?.name, lang);
}

function feeLines(p: Procedure, knowledge: Knowledge, lang: Lang): string[] {
  const k = knowledge.procedures[p.code];
  const fee = p.fee;
  const note = 'note' in fee && fee.note ? pick(fee.note, k?.feeNote, lang) : undefined;
  switch (fee.kind) {
    case 'free':
      return [label(knowledge, 'feeFree', lang), ...(note ? [note] : [])];
    case 'fixed': {
      const line = fee.onlineAmount
        ? label(knowledge, 'feeFixedOnline', lang, { amount: formatVnd(fee.amount, lang), online: formatVnd(fee.onlineAmount, lang) })
        : formatVnd(fee.amount, lang);
      // The note repeats the amounts; show it only when it says more (a circular, another figure).
      const known = new Set([fee.amount, fee.onlineAmount]);
      const extra = note !== undefined && extractNumbers(note).some((n) => !known.has(n));
      return [line, ...(extra ? [note] : [])];
    }
    case 'perPage':
      return [note!];
    case 'local':
      return [label(knowledge, 'feeLocal', lang), note!];
    case 'unverified':
      return [label(knowledge, 'feeUnverified', lang), note!];
  }
}

export function composeAnswer(p: Procedure, knowledge: Knowledge, lang: Lang, focus?: Facet): ComposedAnswer {
  const k = knowledge.procedures[p.code];
  const title = procedureName(p, knowledge, lang);
  const summary = k?.description[lang] ?? pick(p.summary ?? p.name, undefined, lang);
  const papers = p.papers.map((paper) => pick(paper.name, paperTranslation(knowledge, p.code, paper.id), lang));
  const channel = [
    label(knowledge, p.onlineLevel === 'full' ? 'onlineFull' : p.onlineLevel === 'partial' ? 'onlinePartial' : 'onlineNone', lang),
    label(knowledge, p.kioskSubmission ? 'kioskYes' : 'kioskNo', lang),
  ];
  let sections: Section[] = [
    { kind: 'papers', title: label(knowledge, 'papers', lang), items: papers },
    { kind: 'fee', title: label(knowledge, 'fee', lang), items: feeLines(p, knowledge, lang) },
    { kind: 'time', title: label(knowledge, 'time', lang), items: [pick(p.processingTime.text, k?.time, lang)] },
    { kind: 'where', title: label(knowledge, 'where', lang), items: [pick(p.agency, k?.agency, lang)] },
    { kind: 'channel', title: label(knowledge, 'channel', lang), items: channel },
  ];
  if (p.notes) sections.push({ kind: 'notes', title: label(knowledge, 'notes', lang), items: [pick(p.notes, k?.notes, lang)] });
  sections = sections.filter((s) => s.items.length > 0);
  if (focus) sections.sort((a, b) => Number(b.kind === focus) - Number(a.kind === focus));
  const checkedText = label(knowledge, 'verifiedAt', lang, { date: formatDate(p.verifiedAt, lang) });
  const kinds: ActionKind[] = [
    ...(p.kioskSubmission ? (['start-dossier'] as const) : []),
    'print-guidance',
    'take-queue-number',
    'read-aloud',
  ];
  const j = JOIN[lang];
  const body = sections.map((s) => `${s.title}${j.head}${s.items.join(j.list)}`);
  const text = [`${title} (${p.code})`, summary, ...body, `${label(knowledge, 'source', lang)}${j.head}${p.sourceUrl}`, checkedText].join('\n');
  // Read aloud without the web address and the code, which mean nothing spoken.
  const speech = [title, summary, ...body, checkedText].join('\n');
  return {
    procedureCode: p.code,
    title,
    summary,
    sections,
    source: { label: label(knowledge, 'source', lang), url: p.sourceUrl, verifiedAt: p.verifiedAt, checkedText },
    actions: kinds.map((kind) => action(knowledge, kind, lang, p.code)),
    ...(focus ? { focus } : {}),
    text,
    speech,
  };
}
