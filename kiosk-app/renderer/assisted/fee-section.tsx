import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { useTRPC } from '../api-client/trpc-react';
import { formatVnd, localized } from '../i18n/localized';
import type { FeeQuote, JourneyFailure, VietQr } from '../journey/journey-context';
import type { Busy, PayMethod } from './assisted-state';
import { ClerkSection, Done, ProblemBox, WaitLine } from './assisted-ui';

// The fee: the quote for what was entered and scanned, and three ways to take it. Cash is the
// clerk's to record, and only a role the point's rule allows may (collaborators may not: the
// button says why); the card goes through the terminal; the VietQR is shown on the citizen's
// side, and the clerk can give more time or stop waiting.

/** How often the shift is read again (a clerk signing in again over this screen). */
const SHIFT_EVERY_MS = 15_000;

export interface FeeSectionProps {
  readonly procedure: Procedure;
  readonly quote: FeeQuote | null;
  readonly paid: { readonly method: PayMethod; readonly amount: number } | null;
  readonly vietQr: VietQr | null;
  readonly busy: Busy;
  readonly error: JourneyFailure | undefined;
  readonly locked: boolean;
  onCash(): void;
  onCard(): void;
  onVietQr(): void;
  onMoreTime(): void;
  onStopQr(): void;
}

export function FeeSection(p: FeeSectionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const trpc = useTRPC();
  const shift = useQuery(trpc.staff.current.queryOptions(undefined, { refetchInterval: SHIFT_EVERY_MS }));
  // Known not to be allowed: the button says so before it is pressed (a refusal by the core is said too).
  const cashRefused = shift.data ? !shift.data.permissions.includes('take-cash') : false;
  const q = p.quote;
  const paying = p.busy === 'cash' || p.busy === 'card' || p.busy === 'vietqr';
  const payable = q !== null && q.payableAtKiosk && q.amount > 0;
  return (
    <ClerkSection id="fee" n={4} title={t('assisted.sections.fee')} locked={p.locked}>
      {!q ? (
        <p className="muted">{p.locked ? t('assisted.fee.afterConsent') : t('assisted.fee.quoting')}</p>
      ) : !q.payableAtKiosk ? (
        <p data-testid="fee-amount" data-amount={0}>
          {t('assisted.fee.atCounter', { note: 'note' in p.procedure.fee && p.procedure.fee.note ? localized(p.procedure.fee.note, lang) : '' })}
        </p>
      ) : (
        <p className="assisted-fee">
          <span className="assisted-fee-amount" data-testid="fee-amount" data-amount={q.amount}>
            {q.amount === 0 ? t('assisted.fee.free') : formatVnd(q.amount, lang)}
          </span>
          {p.procedure.fee.kind === 'perPage' && <span className="muted"> · {t('assisted.fee.perPage', { pages: q.pages, copies: q.copies })}</span>}
        </p>
      )}
      {p.paid ? (
        <Done testId="fee-paid">{t('assisted.fee.paid', { amount: formatVnd(p.paid.amount, lang), method: t(`assisted.fee.methods.${p.paid.method}`) })}</Done>
      ) : (
        payable && (
          <>
            <div className="assisted-ways">
              <button type="button" className="button assisted-button" data-testid="pay-cash" disabled={p.locked || paying || cashRefused} aria-describedby={cashRefused ? 'cash-refused' : undefined} onClick={p.onCash}>
                {t('assisted.fee.cash')}
              </button>
              <button type="button" className="button assisted-button" data-testid="pay-card" disabled={p.locked || paying} onClick={p.onCard}>
                {t('assisted.fee.card')}
              </button>
              <button type="button" className="button assisted-button" data-testid="pay-vietqr" disabled={p.locked || paying} onClick={p.onVietQr}>
                {t('assisted.fee.vietqr')}
              </button>
            </div>
            {cashRefused && (
              <p id="cash-refused" className="assisted-help" data-testid="cash-refused">
                {t('assisted.fee.cashRefused')}
              </p>
            )}
          </>
        )
      )}
      {p.busy === 'cash' && <WaitLine>{t('assisted.fee.recording')}</WaitLine>}
      {p.busy === 'card' && <WaitLine testId="card-waiting">{t('assisted.fee.cardWaiting')}</WaitLine>}
      {p.busy === 'vietqr' && (
        <>
          <WaitLine testId="vietqr-waiting">{p.vietQr ? t('assisted.fee.qrWaiting') : t('assisted.fee.qrPreparing')}</WaitLine>
          {p.vietQr && (
            <div className="assisted-ways">
              <button type="button" className="button assisted-button" data-testid="vietqr-more-time" onClick={p.onMoreTime}>
                {t('assisted.fee.moreTime')}
              </button>
              <button type="button" className="button assisted-button" data-testid="vietqr-stop" onClick={p.onStopQr}>
                {t('assisted.fee.stopQr')}
              </button>
            </div>
          )}
        </>
      )}
      {!paying && <ProblemBox error={p.error} testId="fee-error" />}
    </ClerkSection>
  );
}
