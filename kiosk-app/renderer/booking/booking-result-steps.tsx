import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import { api } from '../api-client/api-client';
import { settle } from '../api-client/call-failure';
import { phoneOf, useBookingErrorText, type BookError, type Booking, type PrintError } from './booking-answers';
import { bookingWhen, slotWhen } from './booking-format';
import { BookingProblem } from './booking-problem-text';

// The booking's outcome: the code, huge, with when and where, and the slip printed on a tap; or
// what went wrong, in plain words, with the one thing to do next (the next free slot, one tap).

type PrintState = { readonly name: 'idle' | 'printing' | 'printed' } | { readonly name: 'failed'; readonly error: PrintError };

/** The slip of a booking just made ("In phiếu hẹn"), and what became of it. */
export function usePrintSlip(appointmentId: string): { state: PrintState; print(): Promise<void> } {
  const { i18n } = useTranslation();
  const [state, setState] = useState<PrintState>({ name: 'idle' });
  const print = async () => {
    setState({ name: 'printing' });
    const r = await settle(api.appointments.printSlip.mutate({ appointmentId, lang: asLanguage(i18n.language) }));
    setState(r.ok ? { name: 'printed' } : { name: 'failed', error: r.error });
  };
  return { state, print };
}

export function PrintOutcome({ state, testId, printedText }: { state: PrintState; testId: string; printedText?: string }) {
  const { t } = useTranslation();
  const errorText = useBookingErrorText();
  if (state.name === 'printed') return <p className="banner ok" role="status" data-testid={testId} data-printed="true">{printedText ?? t('booking.booked.printed')}</p>;
  if (state.name === 'failed') return <p className="error-box" role="alert" data-testid={testId} data-printed="false" data-code={state.error.code}>{errorText(state.error)}</p>;
  return null;
}

export function BookedStep({ booking, end, procedureName, onDone }: { booking: Booking; end: string | null; procedureName: string; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const slip = usePrintSlip(booking.appointmentId);
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="booked">
      <h1>{t('booking.booked.title')}</h1>
      <section className="booking-ticket" aria-labelledby="booking-code-label">
        <p id="booking-code-label" className="booking-ticket-label">{t('booking.booked.codeLabel')}</p>
        <p className="booking-code" data-testid="booking-code">{booking.bookingCode}</p>
        <p className="booking-ticket-hint">{t('booking.booked.codeHint')}</p>
      </section>
      <dl className="card booking-summary">
        <dt>{t('booking.confirm.when')}</dt>
        <dd className="booking-summary-strong" data-testid="booking-when">{bookingWhen(booking.start, end, i18n.language)}</dd>
        <dt>{t('booking.confirm.where')}</dt>
        <dd data-testid="booking-where">
          <span className="booking-summary-strong">{booking.point.name}</span>
          <span className="booking-summary-address">{booking.point.address}</span>
        </dd>
        <dt>{t('booking.confirm.what')}</dt>
        <dd>{procedureName}</dd>
      </dl>
      <p className="lead">{t('booking.booked.papers')}</p>
      <PrintOutcome state={slip.state} testId="booking-printed" />
      <div className="button-row">
        <button type="button" className="button primary booking-big-button" data-testid="booking-print" disabled={slip.state.name === 'printing'} onClick={() => void slip.print()}>
          {slip.state.name === 'printing' ? t('booking.booked.printing') : slip.state.name === 'idle' ? t('booking.booked.print') : t('booking.booked.printAgain')}
        </button>
        <button type="button" className="button booking-big-button" data-testid="booking-done" onClick={onDone}>
          {t('booking.booked.done')}
        </button>
      </div>
    </main>
  );
}

export function ProblemStep({
  error,
  onNextSlot,
  onChooseAgain,
  onRetry,
  onFix,
  onStartOver,
  onHome,
}: {
  error: BookError;
  onNextSlot(): void;
  onChooseAgain(): void;
  onRetry(): void;
  onFix(): void;
  onStartOver(): void;
  onHome(): void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useBookingErrorText();
  const next = error.code === 'slot-full' ? error.next : null;
  const canRetry = ['city-unreachable', 'network', 'city-refused'].includes(error.code);
  return (
    <main className="screen booking" data-testid="booking-screen" data-step="problem">
      <h1>{t('booking.problem.title')}</h1>
      <BookingProblem error={error} text={errorText(error)} phone={phoneOf(error)} />
      {next && <p className="lead">{t('booking.problem.nextFree')}</p>}
      <div className="button-row">
        {next && (
          <button type="button" className="button primary booking-big-button" data-testid="booking-next-slot" data-slot-id={next.slotId} onClick={onNextSlot}>
            {t('booking.problem.bookNext', { when: slotWhen(next, i18n.language) })}
          </button>
        )}
        {(error.code === 'slot-full' || error.code === 'slot-past' || error.code === 'already-booked') && (
          <button type="button" className={`button booking-big-button ${next ? '' : 'primary'}`} data-testid="booking-choose-again" onClick={onChooseAgain}>
            {t('booking.problem.chooseAgain')}
          </button>
        )}
        {canRetry && (
          <button type="button" className="button primary booking-big-button" data-testid="booking-retry" onClick={onRetry}>
            {t('booking.problem.tryAgain')}
          </button>
        )}
        {(error.code === 'invalid-input' || error.code === 'already-booked') && (
          <button type="button" className={`button booking-big-button ${error.code === 'invalid-input' ? 'primary' : ''}`} data-testid="booking-fix" onClick={onFix}>
            {t('booking.problem.fix')}
          </button>
        )}
        {(error.code === 'unknown-point' || error.code === 'unknown-procedure') && (
          <button type="button" className="button primary booking-big-button" data-testid="booking-start-over" onClick={onStartOver}>
            {t('booking.problem.startOver')}
          </button>
        )}
        <button type="button" className="button" data-testid="booking-home" onClick={onHome}>
          {t('booking.problem.home')}
        </button>
      </div>
    </main>
  );
}
