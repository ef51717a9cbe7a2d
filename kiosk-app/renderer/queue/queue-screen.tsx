import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../common/languages';
import { api } from '../api-client/api-client';
import { callFailure } from '../api-client/call-failure';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import { useSession } from '../session/session-context';
import { useRefusalText, type Field, type Identification, type TakeError, type Ticket } from './queue-answers';
import { CardStep, TypedStep } from './queue-identify-steps';
import { PriorityStep } from './queue-priority-step';
import { TicketView } from './queue-ticket-view';
import './queue.css';

// Taking a queue number: branch and field → who you are (card or typed number) → priority
// → the ticket, big on screen and printed. Every refusal says why in plain words. This screen
// holds the steps' state and draws the field choice, the wait and a refusal; the other steps
// are their own files here (queue-identify-steps, queue-priority-step, queue-ticket-view).

type Step =
  | { name: 'field' }
  | { name: 'identify' }
  | { name: 'card' }
  | { name: 'typed' }
  | { name: 'priority' }
  | { name: 'taking' }
  | { name: 'ticket'; ticket: Ticket }
  | { name: 'refused'; error: TakeError };

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
