import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import { callFailure } from '../api-client/call-failure';
import { useTRPC } from '../api-client/trpc-react';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { useRefusalText, type Identification } from './queue-answers';

// Who takes the number: the CCCD's QR at the reader, or the ID number typed (with the date of
// birth, optional, for the 75+ priority). Either way the core answers a handle on the citizen
// and the number masked.

function useDemoIdReader(): boolean {
  const trpc = useTRPC();
  const demo = useQuery(trpc.demo.available.queryOptions());
  return demo.data?.idReader === true;
}

export function CardStep({ onIdentified, onType }: { onIdentified(id: Identification): void; onType(): void }) {
  const { t } = useTranslation();
  const errorText = useRefusalText();
  const demo = useDemoIdReader();
  const [attempt, setAttempt] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(onIdentified);
  done.current = onIdentified;

  useEffect(() => {
    let live = true;
    setError(null);
    api.queue.readCard.mutate({ timeoutMs: 45_000 }).then(
      (r) => {
        if (!live) return;
        if (r.ok) done.current(r.value);
        else if (!(r.error.code === 'device' && 'reason' in r.error && r.error.reason === 'cancelled')) setError(errorText(r.error));
      },
      () => live && setError(t('queue.errors.generic')),
    );
    return () => {
      live = false;
      void api.queue.cancelCardRead.mutate();
    };
    // errorText and t are stable for this screen; a new attempt is a new read.
  }, [attempt]);

  return (
    <main className="screen queue" data-testid="queue-screen" data-step="card">
      <h1>{t('queue.card.title')}</h1>
      <p className="lead">{t('queue.card.how')}</p>
      <div className="queue-reader" aria-hidden="true">
        <span className="queue-reader-card">QR</span>
      </div>
      {error ? (
        <p className="error-box" role="alert" data-testid="queue-card-error">{error}</p>
      ) : (
        <p className="banner info" role="status">{t('queue.card.waiting')}</p>
      )}
      <div className="button-row">
        {error && (
          <button type="button" className="button primary" data-testid="queue-card-again" onClick={() => setAttempt((a) => a + 1)}>
            {t('queue.card.again')}
          </button>
        )}
        <button type="button" className="button" data-testid="queue-type-instead" onClick={onType}>
          {t('queue.card.instead')}
        </button>
        {demo && !error && (
          <button type="button" className="button demo-button" data-testid="demo-present-card" onClick={() => void api.demo.presentCard.mutate({ what: 'sample-card' })}>
            {t('queue.card.demo')}
          </button>
        )}
      </div>
    </main>
  );
}

/** dd/mm/yyyy as the digits come: "0203" → "02/03". */
function formatDobDigits(d: string): string {
  return [d.slice(0, 2), d.slice(2, 4), d.slice(4, 8)].filter(Boolean).join('/');
}

export function TypedStep({ onIdentified }: { onIdentified(id: Identification): void }) {
  const { t } = useTranslation();
  const errorText = useRefusalText();
  const [idNumber, setIdNumber] = useState('');
  const [dob, setDob] = useState('');
  const [active, setActive] = useState<'id' | 'dob'>('id');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (idNumber.length !== 12) return setProblem(t('queue.typed.idIncomplete', { count: idNumber.length }));
    if (dob.length > 0 && dob.length !== 8) return setProblem(t('queue.typed.dobIncomplete'));
    setProblem(null);
    setBusy(true);
    try {
      const dateOfBirth = dob.length === 8 ? `${dob.slice(4, 8)}-${dob.slice(2, 4)}-${dob.slice(0, 2)}` : undefined;
      const r = await api.queue.identifyTyped.mutate({ idNumber, ...(dateOfBirth ? { dateOfBirth } : {}) });
      if (r.ok) onIdentified(r.value);
      else setProblem(errorText(r.error));
    } catch (e) {
      setProblem(errorText(callFailure(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="screen queue" data-testid="queue-screen" data-step="typed">
      <h1>{t('queue.typed.title')}</h1>
      <p className="muted">{t('queue.typed.choose')}</p>
      <div className="queue-typed">
        <div className="queue-inputs">
          <label className="field-label" htmlFor="queue-id">{t('queue.typed.idLabel')}</label>
          <input
            id="queue-id"
            className={`text-input queue-input ${active === 'id' ? 'active' : ''}`}
            data-testid="queue-id-input"
            inputMode="none"
            readOnly
            value={idNumber}
            onFocus={() => setActive('id')}
            onClick={() => setActive('id')}
          />
          <label className="field-label" htmlFor="queue-dob">{t('queue.typed.dobLabel')}</label>
          <input
            id="queue-dob"
            className={`text-input queue-input ${active === 'dob' ? 'active' : ''}`}
            data-testid="queue-dob-input"
            inputMode="none"
            readOnly
            placeholder={t('queue.typed.dobPlaceholder')}
            value={formatDobDigits(dob)}
            onFocus={() => setActive('dob')}
            onClick={() => setActive('dob')}
          />
          {problem && <p className="error-box" role="alert" data-testid="queue-typed-problem">{problem}</p>}
          <div className="button-row">
            <button type="button" className="button primary" data-testid="queue-typed-next" disabled={busy} onClick={() => void submit()}>
              {t('queue.typed.next')}
            </button>
          </div>
        </div>
        <OnScreenKeyboard
          kind="numeric"
          value={active === 'id' ? idNumber : dob}
          maxLength={active === 'id' ? 12 : 8}
          onChange={(v) => {
            const digits = v.replace(/\D/g, '');
            if (active === 'id') {
              setIdNumber(digits.slice(0, 12));
              if (digits.length >= 12) setActive('dob');
            } else setDob(digits.slice(0, 8));
          }}
          onDone={() => void submit()}
        />
      </div>
    </main>
  );
}
