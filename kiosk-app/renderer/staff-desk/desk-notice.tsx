/** What the last action did, or why it did not: said once, where the staff member looks. */
export interface Notice {
  readonly kind: 'ok' | 'error' | 'wait';
  readonly text: string;
  /** The error's code, for tests (data-code). */
  readonly code?: string;
}

export function DeskNotice({ notice, testId }: { notice: Notice | null; testId: string }) {
  if (!notice) return <p className="desk-notice-empty" role="status" data-testid={testId} data-kind="" />;
  return (
    <p
      className={`desk-notice ${notice.kind === 'error' ? 'error-box' : notice.kind === 'ok' ? 'banner ok' : 'banner info'}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      data-kind={notice.kind}
      data-code={notice.code ?? ''}
    >
      {notice.text}
    </p>
  );
}
