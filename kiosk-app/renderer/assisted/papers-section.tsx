import { useTranslation } from 'react-i18next';
import type { Paper } from '../../api/types';
import { localized } from '../i18n/localized';
import type { JourneyFailure, PagePreview } from '../journey/journey-context';
import { ClerkSection, Done, ProblemBox, StateIcon, WaitLine } from './assisted-ui';

// The papers the procedure needs: each one scanned with "Quét", its pages as thumbnails the
// clerk can remove (a blank or blurred page is flagged in words). Papers the kiosk does not
// scan are listed for the clerk to check on paper.

export interface PapersSectionProps {
  readonly papers: readonly Paper[];
  readonly pages: Readonly<Record<string, readonly PagePreview[]>>;
  /** The paper a scan or removal is under way for (or whose last one failed). */
  readonly paperAt: string | null;
  readonly scanning: boolean;
  readonly error: JourneyFailure | undefined;
  /** Required papers the submit found missing. */
  readonly missing: readonly string[];
  readonly locked: boolean;
  onScan(paperId: string): void;
  onRemove(paperId: string, index: number): void;
}

export function PapersSection({ papers, pages, paperAt, scanning, error, missing, locked, onScan, onRemove }: PapersSectionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const toScan = papers.filter((p) => p.scan);
  const notScanned = papers.filter((p) => !p.scan);
  return (
    <ClerkSection id="papers" n={3} title={t('assisted.sections.papers')} locked={locked}>
      {toScan.length === 0 && <p className="muted">{t('assisted.papers.nothingToScan')}</p>}
      <ul className="assisted-papers">
        {toScan.map((paper) => {
          const list = pages[paper.id] ?? [];
          const good = list.filter((p) => !p.blank).length;
          const here = paperAt === paper.id;
          const isMissing = missing.includes(paper.id) && good === 0;
          return (
            <li key={paper.id} className={`assisted-paper${isMissing ? ' invalid' : ''}`} data-testid={`paper-${paper.id}`} data-pages={good}>
              <div className="assisted-paper-head">
                <h3>
                  {localized(paper.name, lang)}
                  <span className="assisted-tag">{paper.required ? t('assisted.papers.required') : t('assisted.papers.optional')}</span>
                </h3>
                {good > 0 ? <Done>{t('assisted.papers.pages', { count: good })}</Done> : <p className="assisted-paper-none">{isMissing ? <StateIcon kind="problem" /> : null}{t('assisted.papers.none')}</p>}
                <button type="button" className="button assisted-button" data-testid={`paper-${paper.id}-scan`} disabled={locked || scanning} onClick={() => onScan(paper.id)}>
                  {list.length === 0 ? t('assisted.papers.scan') : t('assisted.papers.scanMore')}
                </button>
              </div>
              {here && scanning && <WaitLine>{t('assisted.papers.scanning')}</WaitLine>}
              {here && !scanning && <ProblemBox error={error} testId={`paper-${paper.id}-error`} />}
              {list.length > 0 && (
                <ul className="assisted-pages">
                  {list.map((pg) => (
                    <li key={pg.index} className={`assisted-page${pg.blank || pg.readable === false ? ' flagged' : ''}`} data-testid={`page-${paper.id}-${pg.index}`}>
                      <img src={pg.previewDataUrl} alt={t('assisted.papers.pageAlt', { n: pg.index + 1, paper: localized(paper.name, lang) })} />
                      <span className="assisted-page-label">
                        {pg.blank || pg.readable === false ? <StateIcon kind="problem" /> : null}
                        {t('assisted.papers.page', { n: pg.index + 1 })}
                        {pg.blank ? ` — ${t('assisted.papers.blank')}` : pg.readable === false ? ` — ${t('assisted.papers.unreadable')}` : ''}
                      </span>
                      <button
                        type="button"
                        className="button assisted-button small"
                        data-testid={`paper-${paper.id}-remove-${pg.index}`}
                        aria-label={t('assisted.papers.removeLabel', { n: pg.index + 1, paper: localized(paper.name, lang) })}
                        disabled={locked || scanning}
                        onClick={() => onRemove(paper.id, pg.index)}
                      >
                        {t('assisted.papers.remove')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      {notScanned.length > 0 && (
        <div className="assisted-not-scanned">
          <p>{t('assisted.papers.notScanned')}</p>
          <ul>
            {notScanned.map((p) => (
              <li key={p.id}>{localized(p.name, lang)}</li>
            ))}
          </ul>
        </div>
      )}
    </ClerkSection>
  );
}
