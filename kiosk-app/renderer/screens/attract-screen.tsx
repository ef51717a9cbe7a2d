import { useTranslation } from 'react-i18next';
import { MaintenanceEntry } from '../maintenance/maintenance-entry';

/** The idle screen: one large target, in Vietnamese and English at once. */
export function AttractScreen({ onStart, onAsk, onTechnician, kioskName }: { onStart(): void; onAsk?(): void; onTechnician?(): void; kioskName: string }) {
  const { t } = useTranslation();
  const en = (key: string) => t(key, { lng: 'en' });
  return (
    <main className="attract" data-testid="attract-screen">
      <div className="attract-emblem" aria-hidden="true">★</div>
      <h1 className="attract-title">
        {t('attract.welcome', { lng: 'vi' })}
        <span className="attract-title-en" lang="en">{en('attract.welcome')}</span>
      </h1>
      <p className="attract-hint">{t('attract.hint', { lng: 'vi' })}</p>
      <button type="button" className="attract-start" data-testid="touch-to-start" onClick={onStart}>
        <span>{t('attract.touchToStart', { lng: 'vi' })}</span>
        <span className="attract-start-en" lang="en">{en('attract.touchToStart')}</span>
      </button>
      {onAsk && (
        <button type="button" className="attract-ask" data-testid="attract-ask" onClick={onAsk}>
          <span>{t('attract.ask', { lng: 'vi' })}</span>
          <span className="attract-start-en" lang="en">{en('attract.ask')}</span>
        </button>
      )}
      <p className="attract-footer">{kioskName}</p>
      {onTechnician && <MaintenanceEntry onOpen={onTechnician} />}
    </main>
  );
}
