import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { settle } from '../api-client/call-failure';
import { localized } from '../i18n/localized';
import type { JourneyEvent } from './journey-context';
import type { StepProps } from './journey-screen';
import { Actions, Btn, Problem, StepFrame, Waiting } from './journey-ui';

// The papers the procedure needs, as a checklist from the catalogue. Each scanned page is
// shown; the scanner's quality check flags blank and hard-to-read pages, which can be
// rescanned or removed. Papers the kiosk does not scan are listed with what to do instead.

/** Demo and training: which sample page the trainer has laid on the simulated glass. */
const SAMPLES = [
  { id: 'to-khai-khai-sinh', key: 'text' },
  { id: 'blank-back', key: 'blank' },
  { id: 'blurred-copy', key: 'blurred' },
] as const;

/**
 * The trainer's sample, laid on the simulated glass (demo.layOnGlass) when chosen and when the
 * step opens, since an MRZ scan leaves the card's back there. A scan waits for the laying to be
 * answered, so the page scanned is the one chosen; the kiosk keeps it there until another is laid.
 */
function useTrainerGlass(enabled: boolean, send: StepProps['send']) {
  const [sample, setSample] = useState<string>(SAMPLES[0].id);
  const laid = useRef<Promise<unknown>>(Promise.resolve());
  const lay = (s: string) => {
    laid.current = settle(api.demo.layOnGlass.mutate({ sample: s }));
  };
  // When the step opens only; each choice after lays its own sample.
  useEffect(() => {
    if (enabled) lay(sample);
  }, [enabled]);
  return {
    sample,
    choose(s: string) {
      setSample(s);
      if (enabled) lay(s);
    },
    /** A scan, once the chosen sample lies on the glass (at once on a kiosk without the simulator). */
    scan(event: Extract<JourneyEvent, { type: 'SCAN' | 'RESCAN_PAGE' }>) {
      if (enabled) void laid.current.then(() => send(event));
      else send(event);
    },
  };
}

function TrainerGlass({ sample, onChange }: { sample: string; onChange(s: string): void }) {
  const { t } = useTranslation();
  return (
    <aside className="journey-trainer" aria-label={t('journey.trainer.label')}>
      <p>{t('journey.trainer.glass')}</p>
      <div className="journey-trainer-row">
        {SAMPLES.map((s) => (
          <button key={s.id} type="button" className={`choice${sample === s.id ? ' selected' : ''}`} aria-pressed={sample === s.id} data-testid={`trainer-sample-${s.key}`} onClick={() => onChange(s.id)}>
            {t(`journey.trainer.samples.${s.key}`)}
          </button>
        ))}
      </div>
    </aside>
  );
}

export function PapersStep({ state, send, procedure, demo }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const glass = useTrainerGlass(demo?.scanner === true, send);
  const { papers, activePaper, error } = state.context;
  const busy = !state.matches({ papers: 'idle' });
  const toScan = procedure.papers.filter((p) => p.scan);
  const notScanned = procedure.papers.filter((p) => !p.scan);
  const missing = toScan.filter((p) => p.required && !(papers[p.id] ?? []).some((pg) => !pg.blank));

  return (
    <StepFrame
      step="papers"
      title={t('journey.papers.title')}
      lead={t('journey.papers.lead')}
      aside={demo?.scanner ? <TrainerGlass sample={glass.sample} onChange={glass.choose} /> : undefined}
    >
      <ol className="journey-howto">
        <li>{t('journey.papers.how1')}</li>
        <li>{t('journey.papers.how2')}</li>
      </ol>
      <ul className="journey-papers" data-testid="paper-checklist">
        {toScan.map((paper) => {
          const pages = papers[paper.id] ?? [];
          const good = pages.filter((p) => !p.blank).length;
          const scanningThis = busy && activePaper === paper.id;
          return (
            <li key={paper.id} className={`card journey-paper${good > 0 ? ' done' : ''}`} data-testid={`paper-${paper.id}`} data-pages={good}>
              <h2>
                <span className="journey-check" aria-hidden="true">
                  {good > 0 ? '✓' : '○'}
                </span>
                {localized(paper.name, lang)}
              </h2>
              <p className="tag">
                {paper.required ? t('procedure.paperRequired') : t('procedure.paperOptional')} · {t('journey.papers.pagesScanned', { count: good })}
              </p>
              {error && error.code !== 'missing-papers' && activePaper === paper.id && <Problem error={error} testId={`scan-error-${paper.id}`} />}
              {pages.length > 0 && (
                <ul className="journey-pages">
                  {pages.map((pg) => (
                    <li key={pg.index} className={`journey-page${pg.blank ? ' blank' : pg.readable === false ? ' unreadable' : ''}`} data-testid={`page-${paper.id}-${pg.index}`}>
                      <img src={pg.previewDataUrl} alt={t('journey.papers.pageAlt', { n: pg.index + 1, paper: localized(paper.name, lang) })} />
                      <p className="journey-page-label">
                        {t('journey.papers.page', { n: pg.index + 1 })}
                        {pg.blank ? ` — ${t('journey.papers.blank')}` : pg.readable === false ? ` — ${t('journey.papers.unreadable')}` : ''}
                      </p>
                      <div className="journey-page-actions">
                        {(pg.blank || pg.readable === false) && (
                          <Btn testId={`rescan-${paper.id}-${pg.index}`} disabled={busy} onClick={() => glass.scan({ type: 'RESCAN_PAGE', paperId: paper.id, index: pg.index })}>
                            {t('journey.papers.rescan')}
                          </Btn>
                        )}
                        <Btn testId={`remove-${paper.id}-${pg.index}`} disabled={busy} onClick={() => send({ type: 'REMOVE_PAGE', paperId: paper.id, index: pg.index })}>
                          {t('journey.papers.remove')}
                        </Btn>
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {scanningThis ? (
                <Waiting text={t('journey.papers.scanning')} />
              ) : (
                <Actions>
                  <Btn testId={`scan-${paper.id}`} primary={good === 0 && paper.required} disabled={busy} onClick={() => glass.scan({ type: 'SCAN', paperId: paper.id })}>
                    {pages.length === 0 ? t('journey.papers.scan') : t('journey.papers.scanMore')}
                  </Btn>
                </Actions>
              )}
            </li>
          );
        })}
      </ul>
      {notScanned.length > 0 && (
        <section className="card journey-not-scanned" aria-labelledby="not-scanned-h">
          <h2 id="not-scanned-h">{t('journey.papers.notScannedTitle')}</h2>
          <ul>
            {notScanned.map((p) => (
              <li key={p.id}>{localized(p.name, lang)}</li>
            ))}
          </ul>
        </section>
      )}
      {error && error.code === 'missing-papers' && missing.length > 0 && (
        <p className="journey-problem" role="alert" data-testid="papers-missing">
          {t('journey.papers.missing', { papers: missing.map((p) => localized(p.name, lang)).join('; ') })}
        </p>
      )}
      {error && !activePaper && error.code !== 'missing-papers' && <Problem error={error} />}
      <Actions>
        <Btn testId="papers-next" primary disabled={busy} onClick={() => send({ type: 'NEXT' })}>
          {t('common.next')}
        </Btn>
        <Btn testId="papers-back" disabled={busy} onClick={() => send({ type: 'BACK' })}>
          {t('common.back')}
        </Btn>
      </Actions>
    </StepFrame>
  );
}
