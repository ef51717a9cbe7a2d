import { useTranslation } from 'react-i18next';

// The citizen's rating, 1 to 5, as faces with their words (the self-service journey's words
// for each score). It lives on the citizen's side only: the clerk's side asks and waits.

const MOUTH: Record<number, string> = {
  1: 'M8 17.5q4-4 8 0',
  2: 'M8.5 16.5q3.5-2 7 0',
  3: 'M8.5 16h7',
  4: 'M8.5 15q3.5 2.5 7 0',
  5: 'M7.5 14.5q4.5 4.5 9 0',
};

function Face({ score }: { score: number }) {
  return (
    <svg className="assisted-face" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <circle cx="8.7" cy="9.5" r="1.2" fill="currentColor" />
      <circle cx="15.3" cy="9.5" r="1.2" fill="currentColor" />
      <path d={MOUTH[score]} fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function RatingFaces({ rated, sending, onRate }: { rated: number | null; sending: boolean; onRate(score: number): void }) {
  const { t } = useTranslation();
  if (rated !== null)
    return (
      <p className="assisted-citizen-big" role="status" data-testid="rating-thanks">
        {t('assisted.citizen.thanks')}
      </p>
    );
  return (
    <fieldset className="assisted-faces">
      <legend>{t('journey.rating.title')}</legend>
      <div className="assisted-faces-row">
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" className="assisted-face-button" data-testid={`rate-${n}`} data-score={n} disabled={sending} onClick={() => onRate(n)}>
            <Face score={n} />
            <span>{t(`journey.rating.scores.${n}`)}</span>
          </button>
        ))}
      </div>
      <p className="assisted-citizen-note">{t('journey.rating.anonymous')}</p>
    </fieldset>
  );
}
