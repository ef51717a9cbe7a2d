import { useTranslation } from 'react-i18next';
import { formatVnd, localized } from '../i18n/localized';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, Waiting, showDate } from './journey-ui';

// Everything the dossier will carry, on one screen, with the fee it will cost, before the
// citizen commits to it. Each part can be changed from here.

export function FeeLine({ state, procedure }: Pick<StepProps, 'state' | 'procedure'>) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = state.context.quote;
  if (!q) return null;
  if (!q.payableAtKiosk) return <p data-testid="fee-line">{t('journey.fee.atCounter', { note: 'note' in procedure.fee && procedure.fee.note ? localized(procedure.fee.note, lang) : '' })}</p>;
  if (q.amount === 0) return <p data-testid="fee-line">{t('journey.fee.free')}</p>;
  return (
    <>
      <p className="fee-amount" data-testid="fee-line" data-amount={q.amount}>
        {formatVnd(q.amount, lang)}
      </p>
      {procedure.fee.kind === 'perPage' && <p className="muted">{t('journey.fee.perPage', { pages: q.pages, copies: q.copies })}</p>}
      {procedure.fee.kind === 'fixed' && procedure.fee.onlineAmount && <p className="muted">{t('journey.fee.online')}</p>}
    </>
  );
}

export function ReviewStep({ state, send, procedure }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { identity, answers, papers } = state.context;
  const quoting = state.matches({ review: 'quoting' });
  const payable = state.context.quote && state.context.quote.payableAtKiosk && state.context.quote.amount > 0;
  const shown = (fieldId: string, value: string) => {
    const f = procedure.formFields.find((x) => x.id === fieldId)!;
    if (f.type === 'select') return localized(f.options?.find((o) => o.value === value)?.label, lang) || value;
    if (f.type === 'date') return showDate(value);
    return value;
  };
  return (
    <StepFrame step="review" title={t('journey.review.title')} lead={localized(procedure.name, lang)}>
      <section className="card" aria-labelledby="rv-who">
        <h2 id="rv-who">{t('journey.form.applicant')}</h2>
        {identity && (
          <p>
            {identity.fullName} · {identity.idNumberMasked} · {showDate(identity.dateOfBirth)}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="rv-form">
        <h2 id="rv-form">{t('journey.review.answers')}</h2>
        <dl className="journey-facts" data-testid="review-answers">
          {procedure.formFields
            .filter((f) => (answers[f.id] ?? '').trim() !== '')
            .map((f) => (
              <div key={f.id} className="journey-fact">
                <dt>{localized(f.label, lang)}</dt>
                <dd data-testid={`review-${f.id}`}>{shown(f.id, answers[f.id]!)}</dd>
              </div>
            ))}
        </dl>
        <Actions>
          <Btn testId="review-edit-form" onClick={() => send({ type: 'EDIT_FORM' })}>
            {t('journey.review.editForm')}
          </Btn>
        </Actions>
      </section>
      <section className="card" aria-labelledby="rv-papers">
        <h2 id="rv-papers">{t('journey.review.papers')}</h2>
        <ul data-testid="review-papers">
          {procedure.papers
            .filter((p) => p.scan && (papers[p.id] ?? []).some((pg) => !pg.blank))
            .map((p) => (
              <li key={p.id}>
                {localized(p.name, lang)}: {t('journey.papers.pagesScanned', { count: (papers[p.id] ?? []).filter((pg) => !pg.blank).length })}
              </li>
            ))}
        </ul>
        <Actions>
          <Btn testId="review-edit-papers" onClick={() => send({ type: 'EDIT_PAPERS' })}>
            {t('journey.review.editPapers')}
          </Btn>
        </Actions>
      </section>
      <section className="card" aria-labelledby="rv-fee" data-testid="review-fee">
        <h2 id="rv-fee">{t('procedure.fee')}</h2>
        {quoting ? <Waiting text={t('common.loading')} /> : <FeeLine state={state} procedure={procedure} />}
      </section>
      <Problem error={state.context.error} />
      <p className="muted">{t('journey.review.check')}</p>
      <Actions>
        {state.context.quote === null && !quoting ? (
          <Btn testId="review-retry" primary onClick={() => send({ type: 'RETRY' })}>
            {t('common.retry')}
          </Btn>
        ) : (
          <Btn testId="review-confirm" primary disabled={quoting} onClick={() => send({ type: 'CONFIRM' })}>
            {payable ? t('journey.review.toFee') : t('journey.review.submit')}
          </Btn>
        )}
      </Actions>
    </StepFrame>
  );
}
