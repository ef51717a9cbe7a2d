import { useTranslation } from 'react-i18next';
import type { DeskSection } from './desk-sections';

/** The desk's left navigation: only the sections the shift's role allows. */
export function DeskNav({ sections, current, onChoose }: { sections: readonly DeskSection[]; current: DeskSection | null; onChoose(s: DeskSection): void }) {
  const { t } = useTranslation();
  return (
    <nav className="desk-nav" aria-label={t('staff.nav.label')}>
      {sections.map((s) => (
        <button
          key={s}
          type="button"
          className="desk-nav-button"
          data-testid={`nav-${s}`}
          aria-current={s === current ? 'page' : undefined}
          onClick={() => onChoose(s)}
        >
          {t(`staff.nav.${s}`)}
        </button>
      ))}
    </nav>
  );
}
