import { useTranslation } from 'react-i18next';
import type { IdentitySummary } from '../journey/journey-context';
import { showDate } from '../journey/journey-ui';
import { ClerkSection, Done, WaitLine } from './assisted-ui';
import type { Expected } from './use-assisted-journey';

// Who the dossier is for, as the citizen's own card said (read-only: the clerk cannot type
// another person in). Before the card: whom the booking expects, and that the citizen decides.

export function ApplicantSection({ identity, expected, reading }: { identity: IdentitySummary | null; expected: Expected | undefined; reading: boolean }) {
  const { t } = useTranslation();
  return (
    <ClerkSection id="applicant" n={1} title={t('assisted.sections.applicant')}>
      {identity ? (
        <>
          <Done testId="applicant-confirmed">{t('assisted.applicant.fromCard')}</Done>
          <dl className="assisted-facts">
            <dt>{t('assisted.applicant.name')}</dt>
            <dd data-testid="applicant-name">{identity.fullName}</dd>
            <dt>{t('assisted.applicant.id')}</dt>
            <dd data-testid="applicant-id">{identity.idNumberMasked}</dd>
            <dt>{t('assisted.applicant.dob')}</dt>
            <dd>{showDate(identity.dateOfBirth)}</dd>
            {identity.sex && (
              <>
                <dt>{t('assisted.applicant.sex')}</dt>
                <dd>{t(`assisted.applicant.${identity.sex}`)}</dd>
              </>
            )}
            {identity.address && (
              <>
                <dt>{t('assisted.applicant.address')}</dt>
                <dd>{identity.address}</dd>
              </>
            )}
          </dl>
        </>
      ) : (
        <>
          {expected && (
            <p data-testid="applicant-expected">
              {t('assisted.applicant.expected', { name: expected.fullName, id: expected.maskedId })}
            </p>
          )}
          {reading ? <WaitLine>{t('assisted.applicant.reading')}</WaitLine> : <p className="assisted-help">{t('assisted.applicant.waitConsent')}</p>}
        </>
      )}
    </ClerkSection>
  );
}
