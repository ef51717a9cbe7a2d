import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import { api } from '../api-client/api-client';
import type { ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import { callFailure, type CallFailure } from '../api-client/call-failure';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { useErrorText } from '../i18n/error-text';
import { localized } from '../i18n/localized';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';
import { useSession } from '../session/session-context';
import './queue.css';

// Taking a queue number: branch and field → who you are (card or typed number) → priority
// → the ticket, big on screen and printed. Every refusal says why in plain words.

type QueueOut = ApiOutputs['queue'];
type Field = ValueOf<QueueOut['options']>['fields'][number];
type Identification = ValueOf<QueueOut['identifyTyped']>;
type Ticket = ValueOf<QueueOut['take']>;
type TakeError = ErrorOf<QueueOut['take']> | CallFailure;

type Step =
  | { name: 'field' }
  | { name: 'identify' }
  | { name: 'card' }
  | { name: 'typed' }
  | { name: 'priority' }
  | { name: 'taking' }
  | { name: 'ticket'; ticket: Ticket }
  | { name: 'refused'; error: TakeError };

/** The plain sentence for a refusal or failure (i18n/error-text.ts, the queue's area). */
function useRefusalText(): (e: TakeError) => string {
  const errorText = useErrorText('queue');
  return (e) => errorText(e).what;
}

export function QueueScreen() {
  const { t, i18n } = useTranslation();
  const { home, finish } = useSession();
  const trpc = useTRPC();
  const options = useQuery(trpc.queue.options.queryOptions());
  const [step, setStep] = useState<Step>({ name: 'field' });
  const [branchCode, setBranchCode] = useState<string | null>(null);
  const [field, setField] = useState<Field | null>(null);
  const [who, setWho] = useState<Identification | null>(null);
  const [taken, setTaken] = useState<string[]>([]);
  const holder = useRef<string | null>(null);

  // Leaving the screen (or the session ending) drops the core's handle on the citizen.
  useEffect(
    () => () => {
      if (holder.current) void api.queue.forget.mutate({ holderRef: holder.current });
    },
    [],
  );

  if (options.status !== 'success') return <main className="screen"><QueryStatus state={options} /></main>;
  if (!options.data.ok) return <main className="screen"><p className="error-box" role="alert">{t('queue.errors.generic')}</p></main>;
  const opts = options.data.value;
  const branch = opts.branches.find((b) => b.code === branchCode) ?? opts.branches[0]!;

  const identified = (id: Identification) => {
    holder.current = id.holderRef;
    setWho(id);
    setStep({ name: 'priority' });
  };

  const take = async (claim?: 'disabled' | 'pregnant') => {
    if (!who || !field) return;
    setStep({ name: 'taking' });
    try {
      const r = await api.queue.take.mutate({ holderRef: who.holderRef, branchCode: branch.code, field: field.code, lang: asLanguage(i18n.language), ...(claim ? { claim } : {}) });
      if (r.ok) {
        setTaken((n) => [...n, r.value.number]);
        setStep({ name: 'ticket', ticket: r.value });
      } else if (r.error.code === 'identify-again') {
        setWho(null);
        setStep({ name: 'refused', error: r.error });
      } else setStep({ name: 'refused', error: r.error });
    } catch (e) {
      setStep({ name: 'refused', error: callFailure(e) });
    }
  };

  const chooseField = (f: Field) => {
    setField(f);
    setStep(who ? { name: 'priority' } : { name: 'identify' });
  };

  switch (step.name) {
    case 'field':
      return (
        <main className="screen queue" data-testid="queue-screen" data-step="field">
          <h1>{t('queue.title')}</h1>
          <p className="lead">{t('queue.intro')}</p>
          <section aria-labelledby="queue-branch-h">
            <h2 id="queue-branch-h">{t('queue.branch')}</h2>
            <div className="choice-grid queue-branches">
              {opts.branches.map((b) => (
                <button key={b.code} type="button" className={`choice ${b.code === branch.code ? 'selected' : ''}`} aria-pressed={b.code === branch.code} data-testid={`queue-branch-${b.code}`} onClick={() => setBranchCode(b.code)}>
                  {localized(b.name, i18n.language)}
                </button>
              ))}
            </div>
          </section>
          <section aria-labelledby="queue-field-h">
            <h2 id="queue-field-h">{t('queue.field')}</h2>
            <div className="choice-grid">
              {opts.fields.map((f) => (
                <button key={f.code} type="button" className="choice" data-testid={`queue-field-${f.code}`} onClick={() => chooseField(f)}>
                  <span className="queue-prefix" aria-hidden="true">{f.prefix}</span>
                  <span>{localized(f.name, i18n.language)}</span>
                </button>
              ))}
            </div>
          </section>
          <p className="muted queue-rules">{t('queue.rules')}</p>
        </main>
      );
    case 'identify':
      return (
        <main className="screen queue" data-testid="queue-screen" data-step="identify">
          <h1>{t('queue.identify.title')}</h1>
          <p className="lead">{t('queue.identify.why')}</p>
          <div className="tile-grid">
            <button type="button" className="tile primary" data-testid="queue-use-card" onClick={() => setStep({ name: 'card' })}>
              <span className="tile-icon queue-card-icon" aria-hidden="true">▭</span>
              <span className="tile-title">{t('queue.identify.card')}</span>
              <span className="tile-hint">{t('queue.identify.cardHint')}</span>
            </button>
            <button type="button" className="tile" data-testid="queue-type-id" onClick={() => setStep({ name: 'typed' })}>
              <span className="tile-icon queue-card-icon" aria-hidden="true">123</span>
              <span className="tile-title">{t('queue.identify.typed')}</span>
              <span className="tile-hint">{t('queue.identify.typedHint')}</span>
            </button>
          </div>
        </main>
      );
    case 'card':
      return <CardStep onIdentified={identified} onType={() => setStep({ name: 'typed' })} />;
    case 'typed':
      return <TypedStep onIdentified={identified} />;
    case 'priority':
      return <PriorityStep who={who!} fieldName={field ? localized(field.name, i18n.language) : ''} onTake={take} />;
    case 'taking':
      return (
        <main className="screen queue" data-testid="queue-screen" data-step="taking">
          <h1>{t('queue.title')}</h1>
          <p className="lead" role="status">{t('queue.taking')}</p>
        </main>
      );
    case 'ticket':
      return (
        <TicketView
          ticket={step.ticket}
          canTakeAnother={taken.length < 2}
          onAnother={() => setStep({ name: 'field' })}
          onDone={finish}
        />
      );
    case 'refused':
      return (
        <main className="screen queue" data-testid="queue-screen" data-step="refused">
          <h1>{t('queue.refused.title')}</h1>
          <RefusalText error={step.error} />
          <div className="button-row">
            {step.error.code === 'field-limit' || step.error.code === 'busy' ? (
              <button type="button" className="button primary" data-testid="queue-choose-other" onClick={() => setStep({ name: 'field' })}>
                {t('queue.refused.chooseOther')}
              </button>
            ) : step.error.code === 'identify-again' ? (
              <button type="button" className="button primary" data-testid="queue-identify-again" onClick={() => setStep({ name: 'identify' })}>
                {t('queue.identify.title')}
              </button>
            ) : null}
            <button type="button" className="button" data-testid="queue-home" onClick={home}>
              {t('queue.refused.home')}
            </button>
          </div>
        </main>
      );
  }
}

function RefusalText({ error }: { error: TakeError }) {
  const text = useRefusalText();
  return <p className="error-box" role="alert" data-testid="queue-refusal" data-code={error.code}>{text(error)}</p>;
}

function useDemoIdReader(): boolean {
  const trpc = useTRPC();
  const demo = useQuery(trpc.demo.available.queryOptions());
  return demo.data?.idReader === true;
}

function CardStep({ onIdentified, onType }: { onIdentified(id: Identification): void; onType(): void }) {
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

function TypedStep({ onIdentified }: { onIdentified(id: Identification): void }) {
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

function PriorityStep({ who, fieldName, onTake }: { who: Identification; fieldName: string; onTake(claim?: 'disabled' | 'pregnant'): void }) {
  const { t } = useTranslation();
  return (
    <main className="screen queue" data-testid="queue-screen" data-step="priority">
      <p className="muted">{t('queue.ticket.field', { name: fieldName })}</p>
      {who.elderly ? (
        <>
          <h1>{t('queue.priority.take')}</h1>
          <p className="banner ok" data-testid="queue-elderly">{t(who.source === 'card' ? 'queue.priority.elderlyCard' : 'queue.priority.elderlyTyped')}</p>
          <div className="button-row">
            <button type="button" className="button primary queue-big-button" data-testid="queue-take" onClick={() => onTake()}>
              {t('queue.priority.take')}
            </button>
          </div>
        </>
      ) : (
        <>
          <h1>{t('queue.priority.title')}</h1>
          <p className="lead">{t('queue.priority.explain')}</p>
          <div className="choice-grid queue-priorities">
            <button type="button" className="choice" data-testid="priority-none" onClick={() => onTake()}>
              {t('queue.priority.none')}
            </button>
            <button type="button" className="choice" data-testid="priority-disabled" onClick={() => onTake('disabled')}>
              <span>{t('queue.priority.disabled')}</span>
              <span className="list-meta">{t('queue.priority.staffConfirms')}</span>
            </button>
            <button type="button" className="choice" data-testid="priority-pregnant" onClick={() => onTake('pregnant')}>
              <span>{t('queue.priority.pregnant')}</span>
              <span className="list-meta">{t('queue.priority.staffConfirms')}</span>
            </button>
          </div>
        </>
      )}
    </main>
  );
}

function TicketView({ ticket, canTakeAnother, onAnother, onDone }: { ticket: Ticket; canTakeAnother: boolean; onAnother(): void; onDone(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <main className="screen queue" data-testid="queue-screen" data-step="ticket">
      <section className="queue-ticket" data-testid="queue-ticket" data-source={ticket.source} data-priority={ticket.priority} aria-labelledby="queue-number-label">
        <p className="queue-ticket-branch">{localized(ticket.branch.name, lang)}</p>
        <h1 id="queue-number-label" className="queue-ticket-label">{t('queue.ticket.yourNumber')}</h1>
        <p className="queue-number" data-testid="queue-number">{ticket.number}</p>
        <p className="queue-ticket-line">{t('queue.ticket.field', { name: localized(ticket.field.name, lang) })}</p>
        <p className="queue-ticket-line strong" data-testid="queue-counter">
          {ticket.counterHint ? t('queue.ticket.counter', { counter: ticket.counterHint }) : t('queue.ticket.noCounter')}
        </p>
        <p className="queue-ticket-line" data-testid="queue-wait">
          {ticket.estimatedWaitMinutes > 0 ? t('queue.ticket.wait', { minutes: ticket.estimatedWaitMinutes }) : t('queue.ticket.waitNone')}
        </p>
        {ticket.priority !== 'normal' && (
          <p className="queue-ticket-line strong" data-testid="queue-priority">
            {t(`queue.ticket.priority.${ticket.priority}`)}
            {ticket.needsStaffConfirmation && <span className="queue-staff"> {t('queue.ticket.staffConfirms')}</span>}
          </p>
        )}
      </section>
      {ticket.source === 'local' && <p className="banner info" data-testid="queue-local">{t('queue.ticket.local')}</p>}
      {ticket.printed ? (
        <p className="banner ok" role="status" data-testid="queue-printed">{t('queue.ticket.printed')}</p>
      ) : (
        <p className="error-box" role="alert" data-testid="queue-not-printed">{t('queue.ticket.notPrinted')}</p>
      )}
      <div className="button-row">
        <button type="button" className="button primary" data-testid="queue-done" onClick={onDone}>
          {t('queue.ticket.done')}
        </button>
        {canTakeAnother && (
          <button type="button" className="button" data-testid="queue-another" onClick={onAnother}>
            {t('queue.ticket.another')}
          </button>
        )}
      </div>
    </main>
  );
}
