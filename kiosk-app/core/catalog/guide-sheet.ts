import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import { procedureGuidePdf, type A4Printer } from '../../../device-drivers/printer';
import { composeAnswer } from '../assistant/answer';
import type { Knowledge, Lang } from '../assistant/knowledge-schema';
import type { CatalogService } from './catalog-service';

// The procedure guidance sheet on the A4 printer: what to bring, the fee, the time limit,
// where — the same grounded text the assistant shows, so paper and screen never disagree.

export type GuideError = { code: 'unknown-procedure' } | { code: 'no-printer' } | { code: 'print-failed'; reason: string };

const TITLES: Record<'vi' | 'en' | 'fr', string> = {
  vi: 'HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH',
  en: 'GUIDANCE FOR AN ADMINISTRATIVE PROCEDURE',
  fr: 'GUIDE DE LA DÉMARCHE ADMINISTRATIVE',
};
const PRINTED: Record<'vi' | 'en' | 'fr', string> = { vi: 'In tại kiosk lúc', en: 'Printed at the kiosk on', fr: 'Imprimé à la borne le' };

/** The sheet's language: the embedded A4 font covers Latin scripts, so CJK readers get English. */
export function guideLanguage(lang: Lang): 'vi' | 'en' | 'fr' {
  return lang === 'vi' || lang === 'fr' ? lang : 'en';
}

export class GuideSheetService {
  constructor(
    private readonly d: { catalog: CatalogService; knowledge: Knowledge; a4Printer: A4Printer | null; clock: Clock; logger: Logger },
  ) {}

  async print(code: string, lang: Lang): Promise<Result<{ lang: 'vi' | 'en' | 'fr' }, GuideError>> {
    const p = this.d.catalog.get(code);
    if (!p) return err({ code: 'unknown-procedure' });
    if (!this.d.a4Printer) return err({ code: 'no-printer' });
    const l = guideLanguage(lang);
    const a = composeAnswer(p, this.d.knowledge, l);
    const items = (kind: string) => a.sections.find((s) => s.kind === kind)?.items ?? [];
    const title = (kind: string) => a.sections.find((s) => s.kind === kind)?.title;
    const pdf = await procedureGuidePdf({
      procedureName: a.title,
      procedureCode: p.code,
      agency: items('where').join('; '),
      papers: items('papers').map((name) => ({ name })),
      fee: items('fee').join('\n'),
      processingTime: items('time').join('\n'),
      where: [...items('where'), ...items('channel')].join('. '),
      notes: [...items('notes'), a.source.checkedText],
      link: { payload: p.sourceUrl, caption: a.source.label },
      printedAt: this.d.clock.now(),
      labels: {
        title: TITLES[l],
        ...(title('papers') ? { papers: title('papers')! } : {}),
        ...(title('fee') ? { fee: title('fee')! } : {}),
        ...(title('time') ? { time: title('time')! } : {}),
        ...(title('where') ? { where: title('where')! } : {}),
        ...(title('notes') ? { notes: title('notes')! } : {}),
        printed: PRINTED[l],
      },
    });
    const r = await this.d.a4Printer.printPdf(pdf, `Hướng dẫn ${p.code}`);
    if (!r.ok) {
      this.d.logger.warn('guide-print-failed', { code: p.code, error: r.error.code });
      return err({ code: 'print-failed', reason: r.error.code });
    }
    this.d.logger.info('guide-printed', { code: p.code, lang: l });
    return ok({ lang: l });
  }
}
