import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, type ErrorText, type TextSource } from '../i18n/error-text';
import type { JourneyFailure } from '../journey/journey-context';

// Pieces both sides of the assisted screen share: what went wrong (i18n/error-text.ts, the
// assisted area, which says the rest as the journey does), states as an icon with words
// (never colour alone), the waiting line, and a section of the clerk's page.

/** The words for an assisted error: a staff refusal by its reason, naming the permission it lacks. */
export function assistedErrorText(e: JourneyFailure, source: TextSource): ErrorText {
  if (e.code !== 'staff') return errorText('assisted', e, source);
  return errorText('assisted', { code: `staff-${e.reason}` }, source, e.permission ? { permission: source.t(`assisted.permissions.${e.permission}`) } : {});
}

export function useAssistedErrorText(): (e: JourneyFailure) => ErrorText {
  const { t, i18n } = useTranslation();
  return (e) => assistedErrorText(e, { t, exists: (k) => i18n.exists(k) });
}

export function ProblemBox({ error, testId, children }: { error: JourneyFailure | null | undefined; testId: string; children?: ReactNode }) {
  const words = useAssistedErrorText();
  if (!error) return null;
  const text = words(error);
  return (
    <div className="assisted-problem" role="alert" data-testid={testId} data-code={error.code === 'staff' ? error.reason : error.code}>
      <StateIcon kind="problem" />
      <div>
        <p className="assisted-problem-what">{text.what}</p>
        {text.todo && <p className="assisted-problem-todo">{text.todo}</p>}
        {children}
      </div>
    </div>
  );
}

const ICON_PATHS = {
  ok: 'M5 12.5 10 17.5 19 7',
  problem: 'M12 3 22 20H2zM12 10v4.5M12 17.2v.3',
  wait: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3.5 2',
  card: 'M3 6h18v12H3zM3 10h18M6.5 14.5h4',
} as const;

/** A state drawn as well as said: done, problem, waiting, card. */
export function StateIcon({ kind }: { kind: keyof typeof ICON_PATHS }) {
  return (
    <svg className={`assisted-icon assisted-icon-${kind}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[kind]} fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function Done({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="assisted-done-line" role="status" data-testid={testId}>
      <StateIcon kind="ok" />
      <span>{children}</span>
    </p>
  );
}

export function WaitLine({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <p className="assisted-wait" role="status" aria-live="polite" data-testid={testId}>
      <span className="assisted-spinner" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}

/** One numbered section of the clerk's page; `tools` sit in its header (the typing method). */
export function ClerkSection({ id, n, title, tools, children, locked }: { id: string; n: number; title: string; tools?: ReactNode; children: ReactNode; locked?: boolean }) {
  return (
    <section className={`assisted-section${locked ? ' locked' : ''}`} id={`assisted-${id}`} aria-labelledby={`assisted-${id}-h`} data-section={id}>
      <header className="assisted-section-head">
        <h2 id={`assisted-${id}-h`} tabIndex={-1}>
          <span className="assisted-section-n" aria-hidden="true">
            {n}
          </span>
          {title}
        </h2>
        {tools}
      </header>
      {children}
    </section>
  );
}

/** Moves the keyboard to a section: its first field or button, else its heading. */
export function focusSection(id: string): void {
  const section = document.getElementById(`assisted-${id}`);
  if (!section) return;
  const target = section.querySelector<HTMLElement>('input:not([disabled]), select:not([disabled]), button:not([disabled])') ?? section.querySelector<HTMLElement>('h2');
  target?.focus();
  target?.scrollIntoView({ block: 'nearest' });
}
