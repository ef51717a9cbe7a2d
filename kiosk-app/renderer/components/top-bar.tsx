import { useTranslation } from 'react-i18next';
import { usePreferences, type TextSize } from '../session/preferences';
import { useSession } from '../session/session-context';
import { Icon } from './icons';
import { ReadAloudButton } from './read-aloud-button';
import { SyncIndicator } from './sync-indicator';

/** The controls every screen has: home, back, language, text size, contrast, read aloud. */
export function TopBar() {
  const { t } = useTranslation();
  const session = useSession();
  const prefs = usePreferences();
  const nextSize = ((prefs.textSize % 3) + 1) as TextSize;
  return (
    <header className="topbar">
      <nav className="topbar-group" aria-label={t('common.home')}>
        <button type="button" className="topbar-button" data-testid="home" onClick={session.home}>
          <Icon name="home" />
          {t('common.home')}
        </button>
        <button type="button" className="topbar-button" data-testid="back" onClick={session.back} disabled={!session.canGoBack}>
          <Icon name="back" />
          {t('common.back')}
        </button>
      </nav>
      <SyncIndicator />
      <div className="topbar-group">
        <button type="button" className="topbar-button" data-testid="language" onClick={() => session.navigate({ name: 'language' })}>
          <Icon name="globe" />
          {t('common.language')}
        </button>
        <button
          type="button"
          className="topbar-button"
          data-testid="text-size"
          aria-label={t('common.textSizeValue', { size: prefs.textSize })}
          onClick={() => prefs.setTextSize(nextSize)}
        >
          <Icon name="text" />
          {t('common.textSize')}
        </button>
        <button
          type="button"
          className="topbar-button"
          data-testid="contrast"
          aria-pressed={prefs.highContrast}
          onClick={() => prefs.setHighContrast(!prefs.highContrast)}
        >
          <Icon name="contrast" />
          {t('common.contrast')}
        </button>
        <ReadAloudButton />
      </div>
    </header>
  );
}
