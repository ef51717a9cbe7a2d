import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, Waiting } from './journey-ui';

// Submitted — said only once the outbox has the dossier on disk — and the receipt: the
// thermal printer with the receipt code as a QR, the A4 Mẫu 01 on request, or the code on
// screen to photograph when no printer can print it.

export function SubmittingStep(_: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="submitting" title={t('journey.submit.title')}>
      <Waiting text={t('journey.submit.saving')} />
    </StepFrame>
  );
}

export function SubmitFailedStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="submit-failed" title={t('journey.submit.failedTitle')}>
      <Problem error={state.context.error} />
      <p>{t('journey.submit.nothingLost')}</p>
      <Actions>
        <Btn testId="submit-retry" primary onClick={() => send({ type: 'RETRY' })}>
          {t('common.retry')}
        </Btn>
        <Btn testId="submit-edit-form" onClick={() => send({ type: 'EDIT_FORM' })}>
          {t('journey.review.editForm')}
        </Btn>
        <Btn testId="submit-edit-papers" onClick={() => send({ type: 'EDIT_PAPERS' })}>
          {t('journey.review.editPapers')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

/** Whether the kiosk reaches the city now: the dossier is safe either way, and we say which. */
function useCityOnline(): boolean | null {
  const [online, setOnline] = useState<boolean | null>(null);
  useEffect(() => {
    const sub = api.system.onSync.subscribe(undefined, { onData: (v) => setOnline(v.online), onError: () => setOnline(null) });
    return () => sub.unsubscribe();
  }, []);
  return online;
}

export function ReceiptStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const { submitted, printed, onScreen, a4, error, thermal } = state.context;
  const live = useCityOnline();
  const s = submitted!;
  const online = live ?? s.online;
  const code = printed?.receiptCode ?? onScreen?.receiptCode ?? s.receiptCode;
  const printing = state.matches({ receipt: 'printing' }) || state.matches({ receipt: 'on-screen' });
  const printingA4 = state.matches({ receipt: 'printing-a4' });
  const failed = state.matches({ receipt: 'print-failed' });
  const showingQr = state.matches({ receipt: 'showing-qr' });
  return (
    <StepFrame step="receipt" title={t('journey.receipt.title')}>
      <p className={`banner ${online ? 'ok' : 'info'}`} data-testid="submitted-status" data-online={online}>
        {!online ? t('journey.receipt.offline') : printed && !printed.queued ? t('journey.receipt.received') : t('journey.receipt.online')}
      </p>
      {s.paymentToCheck && (
        <p className="banner info" data-testid="payment-to-check">
          {t('journey.receipt.paymentToCheck')}
        </p>
      )}
      <section className="card journey-code" aria-labelledby="code-h">
        <h2 id="code-h">{t('journey.receipt.code')}</h2>
        <p className="journey-code-value" data-testid="receipt-code">
          {code}
        </p>
        <p className="muted">{t('journey.receipt.keepCode')}</p>
      </section>
      {printing && <Waiting text={t('journey.receipt.printing')} />}
      {printingA4 && <Waiting text={t('journey.receipt.printingA4')} />}
      {thermal && (
        <p className="banner ok" data-testid="receipt-printed">
          {t('journey.receipt.printed')}
        </p>
      )}
      {a4 === 'printed' && (
        <p className="banner ok" data-testid="a4-printed">
          {t('journey.receipt.a4Printed')}
        </p>
      )}
      {(failed || (a4 === 'failed' && error)) && <Problem error={error} testId="print-error" />}
      {showingQr && onScreen && (
        <section className="card journey-qr-layout" data-testid="receipt-on-screen">
          <img className="journey-qr" src={onScreen.qrDataUrl} alt={t('journey.receipt.qrAlt', { code: onScreen.receiptCode })} data-testid="receipt-qr" />
          <p>{t('journey.receipt.photograph')}</p>
        </section>
      )}
      <Actions>
        {failed && (
          <>
            <Btn testId="receipt-print-a4" primary onClick={() => send({ type: 'PRINT_A4' })}>
              {t('journey.receipt.useA4')}
            </Btn>
            <Btn testId="receipt-show-qr" onClick={() => send({ type: 'SHOW_QR' })}>
              {t('journey.receipt.showQr')}
            </Btn>
            <Btn testId="receipt-retry" onClick={() => send({ type: 'RETRY' })}>
              {t('journey.receipt.retry')}
            </Btn>
          </>
        )}
        {showingQr && (
          <>
            <Btn testId="receipt-print-a4" onClick={() => send({ type: 'PRINT_A4' })}>
              {t('journey.receipt.useA4')}
            </Btn>
            <Btn testId="receipt-retry" onClick={() => send({ type: 'RETRY' })}>
              {t('journey.receipt.retry')}
            </Btn>
          </>
        )}
        {state.matches({ receipt: 'printed' }) && a4 !== 'printed' && (
          <Btn testId="receipt-a4" onClick={() => send({ type: 'PRINT_A4' })}>
            {t('journey.receipt.a4')}
          </Btn>
        )}
        <Btn testId="receipt-next" primary={!failed} disabled={printing || printingA4} onClick={() => send({ type: 'NEXT' })}>
          {t('common.next')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
