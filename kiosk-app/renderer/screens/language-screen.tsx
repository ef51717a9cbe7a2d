import { useTranslation } from 'react-i18next';
import { availableLanguages } from '../i18n/i18n';

/** Each language named in its own script, as USWDS recommends. */
export function LanguageScreen({ onChosen }: { onChosen(): void }) {
  const { t, i18n } = useTranslation();
  return (
    <main className="screen" data-testid="language-screen">
      <h1>{t('language.title')}</h1>
      <p className="lead">{t('language.choose')}</p>
      <div className="choice-grid">
        {availableLanguages.map((l) => (
          <button
            key={l.code}
            type="button"
            lang={l.code}
            className={`choice ${i18n.language === l.code ? 'selected' : ''}`}
            aria-pressed={i18n.language === l.code}
            data-testid={`lang-${l.code}`}
            onClick={() => {
              void i18n.changeLanguage(l.code);
              onChosen();
            }}
          >
            {l.nativeName}
          </button>
        ))}
      </div>
    </main>
  );
}
