import { useTranslation } from 'react-i18next';
import { SyncIndicator } from '../components/sync-indicator';
import { useDesk } from './desk-context';
import { DeskIcon } from './desk-icon';
import { LanguagePicker } from './language-picker';

/** The point, who is signed in and as what, the link to the city, and locking or leaving. */
export function DeskTopBar({ onLock, onSignOut }: { onLock(): void; onSignOut(): void }) {
  const { t } = useTranslation();
  const { shift, info } = useDesk();
  return (
    <header className="desk-topbar">
      <div className="desk-topbar-who">
        <span className="desk-point" data-testid="staff-point">{t('staff.bar.point', { code: info.pointCode })}</span>
        <span className="desk-staff">
          <strong data-testid="staff-name">{shift.displayName}</strong>
          <span className="desk-role" data-testid="staff-role">
            {shift.roles.map((r) => t(`staff.roles.${r}`)).join(', ')}
          </span>
        </span>
      </div>
      <SyncIndicator />
      <div className="desk-topbar-actions">
        <LanguagePicker />
        <button type="button" className="desk-bar-button" data-testid="staff-lock" onClick={onLock}>
          <DeskIcon name="lock" />
          {t('staff.bar.lock')}
        </button>
        <button type="button" className="desk-bar-button" data-testid="staff-sign-out" onClick={onSignOut}>
          {t('staff.bar.signOut')}
        </button>
      </div>
    </header>
  );
}
