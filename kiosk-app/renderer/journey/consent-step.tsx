import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { localized } from '../i18n/localized';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame } from './journey-ui';

// Before anything personal is read: what is collected, why, where it goes, how long it is
// kept. The notice's version and the time of agreeing travel with the dossier.

export function ConsentStep({ state, send, procedure }: StepProps) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const notice = useQuery(trpc.journey.notice.queryOptions());
  const days = notice.data?.retentionDays ?? 30;
  const version = notice.data?.version ?? '';
  const busy = state.matches('giving-consent');
  return (
    <StepFrame step="consent" title={t('journey.consent.title')} lead={t('journey.consent.lead', { procedure: localized(procedure.name, i18n.language) })}>
      <section className="card journey-notice" aria-labelledby="notice-what">
        <h2 id="notice-what">{t('journey.consent.whatTitle')}</h2>
        <ul>
          <li>{t('journey.consent.whatCard')}</li>
          <li>{t('journey.consent.whatForm')}</li>
          <li>{t('journey.consent.whatScans')}</li>
        </ul>
        <h2>{t('journey.consent.whyTitle')}</h2>
        <p>{t('journey.consent.why')}</p>
        <h2>{t('journey.consent.whereTitle')}</h2>
        <p>{t('journey.consent.where')}</p>
        <h2>{t('journey.consent.howLongTitle')}</h2>
        <p>{t('journey.consent.howLongScreen')}</p>
        <p>{t('journey.consent.howLongKiosk', { days })}</p>
        <h2>{t('journey.consent.choiceTitle')}</h2>
        <p>{t('journey.consent.choice')}</p>
        {version && <p className="muted journey-version">{t('journey.consent.version', { version })}</p>}
      </section>
      <Problem error={state.context.error} />
      <Actions>
        <Btn testId="consent-agree" primary onClick={() => send({ type: 'AGREE' })} disabled={busy}>
          {t('journey.consent.agree')}
        </Btn>
        <Btn testId="consent-decline" onClick={() => send({ type: 'DECLINE' })} disabled={busy}>
          {t('journey.consent.decline')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
