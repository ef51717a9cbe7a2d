import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { ReadAloudButton } from '../components/read-aloud-button';
import { formatVnd } from '../i18n/localized';
import type { VietQr } from '../journey/journey-context';
import type { AssistedState } from './assisted-state';
import { Done, ProblemBox, StateIcon, WaitLine } from './assisted-ui';
import { RatingFaces } from './rating-faces';
import type { Expected } from './use-assisted-journey';

// The side of the screen that faces the citizen, in large type: the notice in short plain
// words (read aloud on request) and their consent by their own card, read once; then who the
// dossier is for; the card terminal or the VietQR when paying; at the end, their rating.

export interface CitizenSideProps {
  readonly state: AssistedState;
  readonly procedureName: string;
  readonly expected: Expected | undefined;
  onConsent(noticeVersion: string): void;
  onRate(score: number): void;
}

export function CitizenSide({ state, procedureName, expected, onConsent, onRate }: CitizenSideProps) {
  const { t } = useTranslation();
  return (
    <aside className="assisted-citizen" data-testid="citizen-side" aria-label={t('assisted.citizen.label')}>
      {!state.sessionId ? (
        <p className="assisted-citizen-big">{t('assisted.citizen.hello')}</p>
      ) : !state.identity ? (
        <Notice state={state} procedureName={procedureName} expected={expected} onConsent={onConsent} />
      ) : (
        <>
          <Confirmed state={state} />
          <Now state={state} onRate={onRate} />
        </>
      )}
    </aside>
  );
}

function Notice({ state, procedureName, expected, onConsent }: Omit<CitizenSideProps, 'onRate'>) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const notice = useQuery(trpc.journey.notice.queryOptions());
  const days = notice.data?.retentionDays ?? 30;
  const lines = [t('assisted.citizen.notice1', { procedure: procedureName }), t('assisted.citizen.notice2'), t('assisted.citizen.notice3'), t('assisted.citizen.notice4', { days }), t('assisted.citizen.notice5')];
  const reading = state.busy === 'consent';
  const spoken = [t('assisted.citizen.noticeTitle'), ...lines, t('assisted.citizen.placeCard')].join(' ');
  return (
    <>
      <h2 className="assisted-citizen-title">{t('assisted.citizen.noticeTitle')}</h2>
      <ReadAloudButton text={spoken} testId="citizen-read-aloud" className="button assisted-citizen-button secondary" />
      <ul className="assisted-notice" data-testid="consent-notice">
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {notice.data && <p className="assisted-citizen-note">{t('assisted.citizen.version', { version: notice.data.version })}</p>}
      {expected && <p className="assisted-citizen-note">{t('assisted.citizen.expected', { name: expected.fullName })}</p>}
      <p className="assisted-citizen-ask">
        <StateIcon kind="card" />
        {t('assisted.citizen.placeCard')}
      </p>
      {reading ? (
        <WaitLine testId="consent-reading">{t('assisted.citizen.reading')}</WaitLine>
      ) : (
        <>
          <ProblemBox error={state.errors.consent} testId="consent-error" />
          <button type="button" className="button primary assisted-citizen-button" data-testid="consent-card" disabled={!notice.data} onClick={() => notice.data && onConsent(notice.data.version)}>
            {state.errors.consent ? t('assisted.citizen.retry') : t('assisted.citizen.agree')}
          </button>
        </>
      )}
    </>
  );
}

function Confirmed({ state }: { state: AssistedState }) {
  const { t } = useTranslation();
  const id = state.identity!;
  return (
    <div className="assisted-confirmed" data-testid="consent-done">
      <Done>{t('assisted.citizen.confirmed')}</Done>
      <p className="assisted-citizen-name" data-testid="citizen-name">
        {id.fullName}
      </p>
      <p className="assisted-citizen-id">{t('assisted.citizen.id', { id: id.idNumberMasked })}</p>
    </div>
  );
}

/** What the citizen is asked to do now, if anything. */
function Now({ state, onRate }: { state: AssistedState; onRate(score: number): void }) {
  const { t, i18n } = useTranslation();
  if (state.submitted)
    return (
      <>
        <p className="assisted-citizen-big">{t('assisted.citizen.submitted')}</p>
        <p className="assisted-citizen-code">{state.printed.code ?? state.submitted.receiptCode}</p>
        <RatingFaces rated={state.rated} sending={state.busy === 'rate'} onRate={onRate} />
        <ProblemBox error={state.errors.rate} testId="rating-error" />
      </>
    );
  if (state.vietQr) return <QrToPay qr={state.vietQr} />;
  if (state.busy === 'card')
    return (
      <div className="assisted-citizen-pay">
        <p className="assisted-citizen-big">{t('assisted.citizen.payCard')}</p>
        <p className="assisted-citizen-amount">{formatVnd(state.quote?.amount ?? 0, i18n.language)}</p>
      </div>
    );
  return (
    <>
      {state.paid && <Done>{t('assisted.citizen.paid', { amount: formatVnd(state.paid.amount, i18n.language) })}</Done>}
      <p className="assisted-citizen-text">{t('assisted.citizen.working')}</p>
    </>
  );
}

const secondsUntil = (iso: string) => Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));

function QrToPay({ qr }: { qr: VietQr }) {
  const { t, i18n } = useTranslation();
  const [seconds, setSeconds] = useState(() => secondsUntil(qr.expiresAt));
  useEffect(() => {
    setSeconds(secondsUntil(qr.expiresAt));
    const id = setInterval(() => setSeconds(secondsUntil(qr.expiresAt)), 1000);
    return () => clearInterval(id);
  }, [qr.expiresAt]);
  const amount = formatVnd(qr.amount, i18n.language);
  return (
    <div className="assisted-citizen-pay" data-testid="citizen-vietqr">
      <p className="assisted-citizen-big">{t('assisted.citizen.payQr')}</p>
      <img className="assisted-qr" src={qr.qrDataUrl} alt={t('assisted.citizen.qrAlt', { amount })} data-testid="vietqr-image" />
      <dl className="assisted-citizen-facts">
        <dt>{t('assisted.citizen.amount')}</dt>
        <dd className="assisted-citizen-amount" data-testid="vietqr-amount" data-amount={qr.amount}>
          {amount}
        </dd>
        <dt>{t('assisted.citizen.account')}</dt>
        <dd>{qr.accountName}</dd>
        <dt>{t('assisted.citizen.reference')}</dt>
        <dd data-testid="vietqr-reference">{qr.reference}</dd>
      </dl>
      <p className="assisted-citizen-note" role="timer" aria-live="off" data-testid="vietqr-time-left">
        {t('assisted.citizen.timeLeft', { minutes: Math.floor(seconds / 60), seconds: seconds % 60 })}
      </p>
    </div>
  );
}
