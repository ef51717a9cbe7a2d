import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../common/languages';
import { api } from '../api-client/api-client';

type State = { kind: 'idle' } | { kind: 'printing' } | { kind: 'printed'; lang: string } | { kind: 'failed'; code: string };

/** Prints the procedure's guidance sheet on the A4 printer and says, in words, how it went. */
export function PrintGuideButton({ code, label, lang }: { code: string; label: string; lang: Language }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const print = async () => {
    setState({ kind: 'printing' });
    try {
      const r = await api.catalog.printGuide.mutate({ code, lang });
      setState(r.ok ? { kind: 'printed', lang: r.value.lang } : { kind: 'failed', code: r.error.code });
    } catch {
      setState({ kind: 'failed', code: 'unreachable' });
    }
  };
  const message =
    state.kind === 'printing'
      ? t('assistant.printing', { lng: lang })
      : state.kind === 'printed'
        ? t('assistant.printed', { lng: lang })
        : state.kind === 'failed'
          ? t('assistant.printFailed', { lng: lang })
          : null;
  return (
    <span className="chat-print">
      <button type="button" className="button" data-testid="action-print-guidance" disabled={state.kind === 'printing'} onClick={() => void print()}>
        {label}
      </button>
      {message && (
        <span className="chat-note" role="status" data-testid="print-guidance-status" data-state={state.kind}>
          {message}
        </span>
      )}
    </span>
  );
}
