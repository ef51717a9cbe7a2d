import { describe, expect, it } from 'vitest';
import { formatVnd } from '../../../common/money';
import { createAssistant } from './assistant';
import { catalogNumbers, paperTranslation } from './knowledge-check';
import { LANGS } from './knowledge-schema';
import { assistantReplySchema } from './reply-schema';
import { extractNumbers, stripUrls } from './text-units';
import { realData } from './test-fixtures';

// No fee, time limit or paper reaches a citizen unless the catalogue states it.

const { catalog, knowledge } = realData();
const assistant = createAssistant({ catalog, knowledge });

describe('grounded answers, every procedure × every language', () => {
  for (const p of catalog.procedures) {
    for (const lang of LANGS) {
      it(`${p.code} in ${lang}`, () => {
        const reply = assistant.askOffline(p.code, { lang });
        assistantReplySchema.parse(reply);
        expect(reply.kind).toBe('answer');
        if (reply.kind !== 'answer') return;
        expect(reply.lang).toBe(lang);
        const a = reply.answers[0]!;
        // Every number in the answer is one the catalogue entry states.
        const allowed = catalogNumbers(p);
        for (const n of extractNumbers(stripUrls(a.text))) expect(allowed, `${n} in ${p.code}/${lang}`).toContain(n);
        // Papers: exactly the catalogue's, in the catalogue's words or their translation.
        const papers = a.sections.find((s) => s.kind === 'papers')!.items;
        const expected = p.papers.map((x) => (lang === 'vi' || lang === 'en' ? x.name[lang] : paperTranslation(knowledge, p.code, x.id)![lang]));
        expect(papers).toEqual(expected);
        // Fee: the catalogue's amounts, formatted for the language.
        const fee = a.sections.find((s) => s.kind === 'fee')!.items.join(' ');
        if (p.fee.kind === 'fixed') {
          expect(fee).toContain(formatVnd(p.fee.amount, lang));
          if (p.fee.onlineAmount) expect(fee).toContain(formatVnd(p.fee.onlineAmount, lang));
        }
        if (p.fee.kind === 'free') expect(fee).toContain(knowledge.labels.feeFree[lang]);
        // Time limit: the catalogue's text (or its translation).
        const time = a.sections.find((s) => s.kind === 'time')!.items[0];
        expect(time).toBe(lang === 'vi' || lang === 'en' ? p.processingTime.text[lang] : knowledge.procedures[p.code]!.time[lang]);
        if (p.processingTime.kind === 'workingDays') expect(extractNumbers(time!)).toContain(p.processingTime.days);
        // Source and date of the information.
        expect(a.source.url).toBe(p.sourceUrl);
        expect(a.source.verifiedAt).toBe(p.verifiedAt);
        expect(a.text).toContain(p.sourceUrl);
        expect(a.speech).not.toContain('http');
        // Actions: start the dossier only where the kiosk can submit it.
        const kinds = a.actions.map((x) => x.kind);
        expect(kinds.includes('start-dossier')).toBe(p.kioskSubmission);
        expect(kinds).toEqual(expect.arrayContaining(['print-guidance', 'take-queue-number', 'read-aloud']));
        expect(a.actions.every((x) => x.procedureCode === p.code && x.label.length > 0)).toBe(true);
      });
    }
  }
});

describe('amounts per language', () => {
  it('shows the kiosk/online amount where it differs', () => {
    const r = assistant.askOffline('1.004194', { lang: 'en' });
    const fee = r.kind === 'answer' ? r.answers[0]!.sections.find((s) => s.kind === 'fee')!.items : [];
    expect(fee[0]).toBe('15,000 VND at the counter; 7,000 VND when filed online or at this kiosk');
    // The note adds the circular, so it is shown too.
    expect(fee[1]).toContain('75/2022');
  });
});
