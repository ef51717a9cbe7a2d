import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import type { JourneyFailure } from './journey-context';

// Pieces every journey step shares: the step frame (one <main>, which read-aloud reads),
// the progress line, the "what happened / what to do" panel, and the waiting line.

export const STAGES = ['consent', 'identify', 'form', 'papers', 'review', 'fee', 'receipt', 'rating'] as const;
export type Stage = (typeof STAGES)[number];

const STAGE_OF: Record<string, Stage> = {
  starting: 'consent',
  consent: 'consent',
  declined: 'consent',
  identify: 'identify',
  'card-wait': 'identify',
  mrz: 'identify',
  typing: 'identify',
  confirm: 'identify',
  form: 'form',
  papers: 'papers',
  review: 'review',
  fee: 'fee',
  'card-pay': 'fee',
  'card-failed': 'fee',
  vietqr: 'fee',
  'vietqr-timeout': 'fee',
  staff: 'fee',
  submitting: 'receipt',
  'submit-failed': 'receipt',
  receipt: 'receipt',
  rating: 'rating',
  thanks: 'rating',
};

export function StepFrame({ step, title, lead, children, aside }: { step: string; title: string; lead?: ReactNode; children?: ReactNode; aside?: ReactNode }) {
  const { t } = useTranslation();
  const stage = STAGE_OF[step] ?? 'consent';
  const n = STAGES.indexOf(stage) + 1;
  return (
    <>
      <main className="screen journey" data-testid={`journey-${step}`} data-step={step}>
        <p className="journey-progress">
          <span className="journey-progress-text">{t('journey.progress', { n, total: STAGES.length, name: t(`journey.stages.${stage}`) })}</span>
          <span className="journey-progress-bar" aria-hidden="true">
            {STAGES.map((s, i) => (
              <span key={s} className={i < n ? 'done' : ''} />
            ))}
          </span>
        </p>
        <h1>{title}</h1>
        {lead && <p className="lead">{lead}</p>}
        {children}
      </main>
      {aside}
    </>
  );
}

/** What went wrong, and what to do now (i18n/error-text.ts, the journey's area). */
export function Problem({ error, testId = 'journey-error' }: { error: JourneyFailure | null; testId?: string }) {
  const errorText = useErrorText('journey');
  if (!error) return null;
  const text = errorText(error);
  const code = 'reason' in error ? error.reason : error.code;
  return (
    <div className="journey-problem" role="alert" data-testid={testId} data-code={code}>
      <p className="journey-problem-what">{text.what}</p>
      <p className="journey-problem-todo">{text.todo}</p>
    </div>
  );
}

export function Waiting({ text, testId = 'journey-waiting' }: { text: string; testId?: string }) {
  return (
    <p className="journey-waiting" role="status" aria-live="polite" data-testid={testId}>
      <span className="journey-spinner" aria-hidden="true" />
      {text}
    </p>
  );
}

export function Actions({ children }: { children: ReactNode }) {
  return <div className="button-row journey-actions">{children}</div>;
}

export function Btn({ testId, onClick, children, primary, disabled }: { testId: string; onClick(): void; children: ReactNode; primary?: boolean; disabled?: boolean }) {
  return (
    <button type="button" className={`button${primary ? ' primary' : ''}`} data-testid={testId} onClick={onClick} disabled={disabled}>
      {children}
    </button>
  );
}

/** Dates travel as yyyy-mm-dd; people type day, month, year. */
export function dateDigits(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}${m[2]}${m[1]}` : value.replace(/\D/g, '').slice(0, 8);
}
export function fromDateDigits(digits: string): string {
  const d = digits.replace(/\D/g, '').slice(0, 8);
  return d.length === 8 ? `${d.slice(4)}-${d.slice(2, 4)}-${d.slice(0, 2)}` : d;
}
export function showDate(value: string): string {
  const d = dateDigits(value);
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter(Boolean).join('/');
}
