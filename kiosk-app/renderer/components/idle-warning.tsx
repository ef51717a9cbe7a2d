import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The last seconds before an idle session is wiped, counted down on screen. */
export function IdleWarning({ seconds, onContinue, onEnd }: { seconds: number; onContinue(): void; onEnd(): void }) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const started = Date.now();
    const id = setInterval(() => setLeft(Math.max(0, seconds - Math.floor((Date.now() - started) / 1000))), 250);
    return () => clearInterval(id);
  }, [seconds]);
  return (
    // A tap on the backdrop continues too, on click, once the gesture is complete.
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && onContinue()}>
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text" data-testid="idle-warning">
        <h2 id="idle-title">{t('session.stillThere')}</h2>
        <p id="idle-text" aria-live="polite">
          {t('session.countdown', { seconds: left })}
        </p>
        <div className="countdown" aria-hidden="true" data-testid="idle-countdown">
          {left}
        </div>
        <div className="button-row">
          <button type="button" className="button primary" onClick={onContinue} data-testid="idle-continue">
            {t('session.continue')}
          </button>
          <button type="button" className="button" onClick={onEnd}>
            {t('session.endNow')}
          </button>
        </div>
      </div>
    </div>
  );
}
