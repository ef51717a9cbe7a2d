import { useTranslation } from 'react-i18next';
import './maintenance.css';

/** The technician's way in from the attract screen: discreet, but still a full touch target. */
export function MaintenanceEntry({ onOpen }: { onOpen(): void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="maint-entry" data-testid="maintenance-entry" onClick={onOpen}>
      <span>{t('attract.technician', { lng: 'vi' })}</span>
      <span className="maint-entry-en" lang="en">{t('attract.technician', { lng: 'en' })}</span>
    </button>
  );
}
