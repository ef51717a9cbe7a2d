import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session-context';
import type { StepProps } from './journey-screen';
import type { RatingReason } from './journey-context';
import { Actions, Btn, Problem, StepFrame } from './journey-ui';

// How a journey ends: the rating (SIPAS-style, never tied to who the citizen is), the
// thank-you before the session is wiped, the polite end when consent is declined, and the
// screen for a kiosk that cannot take dossiers right now.

const REASONS: RatingReason[] = ['fast', 'easy', 'slow', 'hard', 'device-problem', 'unclear'];

export function RatingStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const { score, reasons } = state.context.rating;
  const sending = state.matches({ rating: 'sending' });
  return (
    <StepFrame step="rating" title={t('journey.rating.title')} lead={t('journey.rating.lead')}>
      <fieldset className="journey-scores">
        <legend className="field-label">{t('journey.rating.scoreLabel')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" className={`choice journey-score${score === n ? ' selected' : ''}`} aria-pressed={score === n} data-testid={`rate-${n}`} onClick={() => send({ type: 'RATE', score: n })}>
            <span className="journey-score-n" aria-hidden="true">
              {'★'.repeat(n)}
            </span>
            <span>{t(`journey.rating.scores.${n}`)}</span>
          </button>
        ))}
      </fieldset>
      <fieldset className="journey-choices">
        <legend className="field-label">{t('journey.rating.reasonsLabel')}</legend>
        {REASONS.map((r) => (
          <button key={r} type="button" className={`choice${reasons.includes(r) ? ' selected' : ''}`} aria-pressed={reasons.includes(r)} data-testid={`reason-${r}`} onClick={() => send({ type: 'TOGGLE_REASON', reason: r })}>
            {t(`journey.rating.reasons.${r}`)}
          </button>
        ))}
      </fieldset>
      <p className="muted">{t('journey.rating.anonymous')}</p>
      <Actions>
        <Btn testId="rating-send" primary disabled={score === null || sending} onClick={() => send({ type: 'SEND_RATING' })}>
          {t('journey.rating.send')}
        </Btn>
        <Btn testId="rating-skip" disabled={sending} onClick={() => send({ type: 'SKIP' })}>
          {t('journey.rating.skip')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function ThanksStep({ send }: StepProps) {
  const { t } = useTranslation();
  return (
    <StepFrame step="thanks" title={t('journey.thanks.title')} lead={t('journey.thanks.lead')}>
      <Actions>
        <Btn testId="journey-finish" primary onClick={() => send({ type: 'DONE' })}>
          {t('journey.thanks.finish')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function DeclinedStep({ send }: StepProps) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <StepFrame step="declined" title={t('journey.declined.title')} lead={t('journey.declined.lead')}>
      <section className="card" aria-labelledby="alt-h">
        <h2 id="alt-h">{t('journey.declined.alternatives')}</h2>
        <ul className="journey-alternatives">
          <li data-testid="alt-counter">{t('journey.declined.counter')}</li>
          <li data-testid="alt-portal">{t('journey.declined.portal')}</li>
        </ul>
      </section>
      <Actions>
        <Btn testId="declined-home" primary onClick={session.home}>
          {t('common.home')}
        </Btn>
        <Btn testId="declined-finish" onClick={() => send({ type: 'DONE' })}>
          {t('common.finish')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}

export function FatalStep({ state, send }: StepProps) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <StepFrame step="starting" title={t('journey.fatal.title')}>
      <Problem error={state.context.error} />
      <Actions>
        <Btn testId="fatal-retry" primary onClick={() => send({ type: 'RETRY' })}>
          {t('common.retry')}
        </Btn>
        <Btn testId="fatal-home" onClick={session.home}>
          {t('common.home')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
