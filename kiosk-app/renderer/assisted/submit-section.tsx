import { useTranslation } from 'react-i18next';
import type { JourneyFailure, Submitted } from '../journey/journey-context';
import type { AssistedState } from './assisted-state';
import { ClerkSection, Done, ProblemBox, WaitLine } from './assisted-ui';

// Submitting on the citizen's behalf, and after it the receipt: the code in large type, the
// thermal receipt and the A4 acknowledgement, and the rating, which the citizen gives on their
// own side ("Mời người dân đánh giá"); "Xong" closes the dossier.

export interface SubmitSectionProps {
  readonly state: Pick<AssistedState, 'busy' | 'printed' | 'rated'>;
  readonly submitted: Submitted | null;
  readonly submitError: JourneyFailure | undefined;
  readonly printError: JourneyFailure | undefined;
  readonly locked: boolean;
  onSubmit(): void;
  onPrint(): void;
  onPrintA4(): void;
  onDone(): void;
}

export function SubmitSection({ state, submitted, submitError, printError, locked, onSubmit, onPrint, onPrintA4, onDone }: SubmitSectionProps) {
  const { t } = useTranslation();
  const { busy, printed, rated } = state;
  if (!submitted)
    return (
      <ClerkSection id="submit" n={5} title={t('assisted.sections.submit')} locked={locked}>
        <p className="assisted-help">{t('assisted.submit.help')}</p>
        <div className="assisted-ways">
          <button type="button" className="button primary assisted-button big" data-testid="submit" disabled={locked || busy !== null} onClick={onSubmit}>
            {t('assisted.submit.button')}
          </button>
        </div>
        {busy === 'submit' && <WaitLine>{t('assisted.submit.saving')}</WaitLine>}
        {busy !== 'submit' && <ProblemBox error={submitError} testId="submit-error" />}
      </ClerkSection>
    );
  const code = printed.code ?? submitted.receiptCode;
  return (
    <ClerkSection id="submit" n={5} title={t('assisted.submit.done')}>
      <Done testId="submitted">{submitted.online ? t('assisted.submit.online') : t('assisted.submit.offline')}</Done>
      {submitted.paymentToCheck && <p className="assisted-help">{t('assisted.submit.paymentToCheck')}</p>}
      <p className="assisted-code-label">{t('assisted.submit.code')}</p>
      <p className="assisted-code" data-testid="receipt-code">
        {code}
      </p>
      <div className="assisted-ways">
        <button type="button" className="button assisted-button" data-testid="print-receipt" disabled={busy !== null} onClick={onPrint}>
          {t('assisted.submit.print')}
        </button>
        <button type="button" className="button assisted-button" data-testid="print-receipt-a4" disabled={busy !== null} onClick={onPrintA4}>
          {t('assisted.submit.printA4')}
        </button>
      </div>
      {busy === 'print' && <WaitLine>{t('assisted.submit.printing')}</WaitLine>}
      {busy === 'print-a4' && <WaitLine>{t('assisted.submit.printingA4')}</WaitLine>}
      {printed.receipt && <Done testId="receipt-printed">{t('assisted.submit.printed')}</Done>}
      {printed.a4 && <Done testId="a4-printed">{t('assisted.submit.a4Printed')}</Done>}
      <ProblemBox error={printError} testId="print-error" />
      <div className="assisted-rating-status" data-testid="rating-status" data-rated={rated !== null}>
        {rated === null ? <WaitLine>{t('assisted.submit.askRating')}</WaitLine> : <Done>{t('assisted.submit.rated')}</Done>}
      </div>
      <div className="assisted-ways">
        <button type="button" className="button primary assisted-button big" data-testid="assisted-done" disabled={busy !== null && busy !== 'rate'} onClick={onDone}>
          {t('assisted.submit.finish')}
        </button>
      </div>
    </ClerkSection>
  );
}
