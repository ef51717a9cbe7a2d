import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatVnd } from '../i18n/localized';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, Waiting } from './journey-ui';
import { FeeLine } from './review-step';

// Paying the fee: the card terminal or a VietQR transfer from the citizen's bank app.
// A declined or timed-out card has charged nothing and can be tried again; an outcome the
// kiosk cannot know is never "tried again" — the dossier goes in and staff check.

export function FeeChooseStep({ state, send, procedure }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="fee" title={t('journey.fee.title')}>
      <section className="card" aria-labelledby="fee-h">
        <h2 id="fee-h">{t('journey.fee.amountTitle')}</h2>
        <FeeLine state={state} procedure={procedure} />
      </section>
      <Problem error={state.context.error} />
      <div className="tile-grid journey-ways">
        <button type="button" className="tile primary" data-testid="pay-card" onClick={() => send({ type: 'PAY_CARD' })}>
          <span className="tile-title">{t('journey.fee.card')}</span>
          <span className="tile-hint">{t('journey.fee.cardHint')}</span>
        </button>
        <button type="button" className="tile" data-testid="pay-vietqr" onClick={() => send({ type: 'PAY_VIETQR' })}>
          <span className="tile-title">{t('journey.fee.vietqr')}</span>
          <span className="tile-hint">{t('journey.fee.vietqrHint')}</span>
        </button>
      </div>
      <Actions>
        <Btn testId="fee-back" onClick={() => send({ type: 'BACK' })}>
          {t('common.back')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function CardPayStep({ state }: StepProps) {
  const { t, i18n } = useTranslation();
  const amount = state.context.quote?.amount ?? 0;
  return (
    <StepFrame step="card-pay" title={t('journey.card.payTitle')}>
      <p className="fee-amount" data-testid="card-amount">
        {formatVnd(amount, i18n.language)}
      </p>
      <ol className="journey-howto">
        <li>{t('journey.card.pay1')}</li>
        <li>{t('journey.card.pay2')}</li>
        <li>{t('journey.card.pay3')}</li>
      </ol>
      <Waiting text={t('journey.card.payWaiting')} />
    </StepFrame>
  );
}

export function CardFailedStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="card-failed" title={t('journey.card.failedTitle')}>
      <Problem error={state.context.error} testId="payment-error" />
      <p className="banner ok" data-testid="not-charged">
        {t('journey.card.notCharged')}
      </p>
      <Actions>
        <Btn testId="card-retry" primary onClick={() => send({ type: 'RETRY' })}>
          {t('journey.card.retry')}
        </Btn>
        <Btn testId="card-to-vietqr" onClick={() => send({ type: 'PAY_VIETQR' })}>
          {t('journey.fee.vietqr')}
        </Btn>
        <Btn testId="card-failed-back" onClick={() => send({ type: 'BACK' })}>
          {t('common.back')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function VietQrStep({ state, send }: StepProps) {
  const { t, i18n } = useTranslation();
  const qr = state.context.vietQr;
  if (!qr || state.matches({ fee: 'vietqr-starting' }))
    return (
      <StepFrame step="vietqr" title={t('journey.vietqr.title')}>
        <Waiting text={t('journey.vietqr.preparing')} />
      </StepFrame>
    );
  return (
    <StepFrame step="vietqr" title={t('journey.vietqr.title')}>
      <div className="journey-qr-layout">
        <img className="journey-qr" src={qr.qrDataUrl} alt={t('journey.vietqr.qrAlt', { amount: formatVnd(qr.amount, i18n.language) })} data-testid="vietqr-image" />
        <dl className="journey-facts">
          <dt>{t('journey.vietqr.amount')}</dt>
          <dd className="fee-amount" data-testid="vietqr-amount" data-amount={qr.amount}>
            {formatVnd(qr.amount, i18n.language)}
          </dd>
          <dt>{t('journey.vietqr.account')}</dt>
          <dd data-testid="vietqr-account">{qr.accountName}</dd>
          <dt>{t('journey.vietqr.reference')}</dt>
          <dd data-testid="vietqr-reference">{qr.reference}</dd>
        </dl>
      </div>
      <ol className="journey-howto">
        <li>{t('journey.vietqr.how1')}</li>
        <li>{t('journey.vietqr.how2')}</li>
        <li>{t('journey.vietqr.how3')}</li>
      </ol>
      <Waiting text={t('journey.vietqr.waiting')} />
      <TimeLeft expiresAt={qr.expiresAt} />
      <Problem error={state.context.error} />
      <Actions>
        <Btn testId="vietqr-more-time" primary onClick={() => send({ type: 'EXTEND' })}>
          {t('journey.vietqr.more')}
        </Btn>
        <Btn testId="vietqr-stop" onClick={() => send({ type: 'CANCEL' })}>
          {t('journey.vietqr.stop')}
        </Btn>
        <Btn testId="vietqr-back" onClick={() => send({ type: 'BACK' })}>
          {t('journey.vietqr.other')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

const secondsUntil = (iso: string) => Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));

/** "Còn 2 phút 30 giây để chuyển khoản": the wait's own limit, counted down where the citizen sees it. */
function TimeLeft({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  const [seconds, setSeconds] = useState(() => secondsUntil(expiresAt));
  useEffect(() => {
    setSeconds(secondsUntil(expiresAt));
    const id = setInterval(() => setSeconds(secondsUntil(expiresAt)), 1000);
    return () => clearInterval(id);
  }, [expiresAt]);
  return (
    <p className="banner info journey-time-left" data-testid="vietqr-time-left" data-seconds={seconds} role="timer" aria-live="off">
      {t('journey.vietqr.remaining', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })}
    </p>
  );
}

export function VietQrTimeoutStep({ state, send }: StepProps) {
  const { t, i18n } = useTranslation();
  const qr = state.context.vietQr;
  const printed = state.context.noticePrinted;
  return (
    <StepFrame step="vietqr-timeout" title={t('journey.vietqr.timeoutTitle')}>
      <Problem error={state.context.error} testId="payment-error" />
      <p className="banner warn" data-testid="vietqr-money-advice">
        {t('journey.vietqr.money')}
      </p>
      <p className={`banner ${printed === false ? 'warn' : 'ok'}`} data-testid="vietqr-notice" data-printed={printed === null ? 'printing' : String(printed)}>
        {printed === null
          ? t('journey.vietqr.noticePrinting')
          : printed
            ? t('journey.vietqr.noticePrinted')
            : t('journey.vietqr.noticeFailed', { reference: qr?.reference ?? '', amount: formatVnd(qr?.amount ?? 0, i18n.language) })}
      </p>
      <p className="banner info" data-testid="vietqr-listening">
        {t('journey.vietqr.listening')}
      </p>
      <Actions>
        <Btn testId="vietqr-wait-again" primary onClick={() => send({ type: 'WAIT_AGAIN' })}>
          {t('journey.vietqr.waitAgain')}
        </Btn>
        <Btn testId="submit-to-check" onClick={() => send({ type: 'SUBMIT_TO_CHECK' })}>
          {t('journey.staff.submit')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function StaffStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="staff" title={t('journey.staff.title')}>
      <Problem error={state.context.error} testId="payment-error" />
      <p className="banner info">{t('journey.staff.doNotPay')}</p>
      <p>{t('journey.staff.next')}</p>
      <Actions>
        <Btn testId="submit-to-check" primary onClick={() => send({ type: 'SUBMIT_TO_CHECK' })}>
          {t('journey.staff.submit')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
