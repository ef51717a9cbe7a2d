import { useTranslation } from 'react-i18next';
import { availableLanguages } from '../i18n/i18n';

/** The desk's language (its words and its error sentences); Vietnamese by default. */
export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="desk-language">
      <span>{t('staff.language')}</span>
      <select className="desk-select" data-testid="staff-language" value={i18n.language} onChange={(e) => void i18n.changeLanguage(e.target.value)}>
        {availableLanguages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.nativeName}
          </option>
        ))}
      </select>
    </label>
  );
}
