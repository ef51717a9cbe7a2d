import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import type { FeeRule, Procedure } from '../../api/types';
import { useTRPC } from '../api-client/trpc-react';
import { PrintGuideButton } from '../assistant/print-guide-button';
import { QueryStatus } from '../components/query-status';
import { formatDay, formatVnd, localized } from '../i18n/localized';
import { useSession } from '../session/session-context';


function FeeText({ fee }: { fee: FeeRule }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  switch (fee.kind) {
    case 'free':
      return <p>{fee.note ? localized(fee.note, lang) : t('common.free')}</p>;
    case 'fixed':
      return fee.onlineAmount ? (
        <>
          <p className="fee-amount">{t('procedure.kioskFee', { amount: formatVnd(fee.onlineAmount, lang) })}</p>
          <p>{t('procedure.counterFee', { amount: formatVnd(fee.amount, lang) })}</p>
        </>
      ) : (
        <p className="fee-amount">{formatVnd(fee.amount, lang)}</p>
      );
    case 'perPage':
    case 'local':
    case 'unverified':
      return <p>{localized(fee.note, lang)}</p>;
  }
}

function onlineText(p: Procedure, t: (k: string) => string): string {
  return t(p.onlineLevel === 'full' ? 'procedure.onlineFull' : p.onlineLevel === 'partial' ? 'procedure.onlinePartial' : 'procedure.onlineNone');
}

export function ProcedureScreen({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const lang = i18n.language;
  const trpc = useTRPC();
  const data = useQuery(trpc.catalog.get.queryOptions({ code }));
  if (data.status !== 'success') return <main className="screen"><QueryStatus state={data} /></main>;
  const p = data.data;
  if (!p) return <main className="screen"><p className="error-box">{t('search.none')}</p></main>;
  const formName = (f: 'original' | 'copy' | 'either') =>
    t(f === 'original' ? 'procedure.paperOriginal' : f === 'copy' ? 'procedure.paperCopy' : 'procedure.paperEither');
  return (
    <main className="screen procedure" data-testid="procedure-screen">
      <h1 data-testid="procedure-title">{localized(p.name, lang)}</h1>
      <p className="muted">{t('procedure.code', { code: p.code })}</p>
      {p.summary && <p className="lead">{localized(p.summary, lang)}</p>}
      <p className={`banner ${p.kioskSubmission ? 'ok' : 'info'}`}>{t(p.kioskSubmission ? 'procedure.kioskYes' : 'procedure.kioskNo')}</p>
      <div className="button-row">
        {p.kioskSubmission && (
          <button type="button" className="button primary" data-testid="start-journey" onClick={() => session.navigate({ name: 'journey', code: p.code })}>
            {t('journey.start')}
          </button>
        )}
        {!p.kioskSubmission && (
          <button type="button" className="button primary" data-testid="procedure-take-queue" onClick={() => session.navigate({ name: 'queue' })}>
            {t('procedure.takeQueue')}
          </button>
        )}
        <PrintGuideButton code={p.code} label={t('procedure.printGuide')} lang={asLanguage(lang)} />
      </div>
      <section aria-labelledby="papers-h" className="card">
        <h2 id="papers-h">{t('procedure.papers')}</h2>
        <ul className="paper-list" data-testid="paper-list">
          {p.papers.map((paper) => (
            <li key={paper.id}>
              <span className="paper-name">{localized(paper.name, lang)}</span>
              <span className={`tag ${paper.required ? 'required' : ''}`}>
                {paper.required ? t('procedure.paperRequired') : t('procedure.paperOptional')} · {formName(paper.form)}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <div className="facts">
        <section aria-labelledby="fee-h" className="card" data-testid="fee">
          <h2 id="fee-h">{t('procedure.fee')}</h2>
          <FeeText fee={p.fee} />
        </section>
        <section aria-labelledby="time-h" className="card">
          <h2 id="time-h">{t('procedure.time')}</h2>
          <p>{localized(p.processingTime.text, lang)}</p>
        </section>
        <section aria-labelledby="where-h" className="card">
          <h2 id="where-h">{t('procedure.where')}</h2>
          <p>{localized(p.agency, lang)}</p>
        </section>
        <section aria-labelledby="online-h" className="card">
          <h2 id="online-h">{t('procedure.online')}</h2>
          <p>{onlineText(p, t)}</p>
        </section>
      </div>
      {p.notes && (
        <section aria-labelledby="notes-h" className="card note">
          <h2 id="notes-h">{t('procedure.notes')}</h2>
          <p>{localized(p.notes, lang)}</p>
        </section>
      )}
      <p className="source">
        {t('procedure.verified', { date: formatDay(p.verifiedAt, lang) })}
        {' · '}
        {t('procedure.source', { url: p.sourceUrl.replace(/^https?:\/\//, '') })}
      </p>
    </main>
  );
}
