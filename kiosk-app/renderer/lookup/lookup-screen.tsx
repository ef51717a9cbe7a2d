import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';
import type { ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import { settle, type CallFailure } from '../api-client/call-failure';
import { useTRPC } from '../api-client/trpc-react';
import { useErrorText } from '../i18n/error-text';
import { formatDay, formatMoment, localized } from '../i18n/localized';
import { useSession } from '../session/session-context';
import { CodeKeypad } from './code-keypad';
import './lookup.css';

// Looking a dossier up by its receipt code: its state and the next step in plain words; when
// the city asks for more papers, scanning and sending them here, for the same dossier.

type LookupOut = ApiOutputs['lookup'];
type StatusView = ValueOf<LookupOut['find']>;
type Problem = ErrorOf<LookupOut['find']> | CallFailure;
type Pages = ValueOf<LookupOut['scanPage']>;

type Step =
  | { name: 'enter' }
  | { name: 'searching' }
  | { name: 'status'; view: StatusView }
  | { name: 'supplement'; view: StatusView; draftId: string }
  | { name: 'sent'; code: string; pages: number; sentToCity: boolean };

/** The plain sentence for a problem (i18n/error-text.ts, the look-up's area); `code`: the dossier code looked up. */
function useProblemText(): (p: Problem, code?: string) => string {
  const errorText = useErrorText('lookup');
  return (p, code) => errorText(p, code === undefined ? {} : { code }).what;
}

function useDemo() {
  const trpc = useTRPC();
  return useQuery(trpc.demo.available.queryOptions()).data ?? null;
}

export function LookupScreen() {
  const { t } = useTranslation();
  const { finish } = useSession();
  const problemText = useProblemText();
  const demo = useDemo();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ name: 'enter' });
  const [problem, setProblem] = useState<string | null>(null);

  const find = async (which: string) => {
    const c = which.trim();
    if (c.length < 4) return setProblem(problemText({ code: 'invalid-code' }));
    setProblem(null);
    setStep({ name: 'searching' });
    const r = await settle(api.lookup.find.mutate({ code: c }));
    if (r.ok) return setStep({ name: 'status', view: r.value });
    // The api's own check refuses a code of the wrong shape: that is an invalid code.
    setProblem(problemText(r.error.code === 'invalid-input' ? { code: 'invalid-code' } : r.error, c));
    setStep({ name: 'enter' });
  };

  /** Demo: the trainer "scans" the QR of the last receipt the simulated printer printed. */
  const scanDemoQr = async () => {
    // Asked afresh each time: the printer may have printed since.
    const r = await queryClient.fetchQuery({ ...trpc.demo.receipts.queryOptions(), staleTime: 0, retry: false }).catch(() => null);
    const payload = r && r.ok ? [...r.value].reverse().find((x) => x.qrPayloads.length > 0)?.qrPayloads[0] : undefined;
    if (!payload) return setProblem(t('lookup.noReceipt'));
    setCode(payload);
    await find(payload);
  };

  const startSupplement = async (view: StatusView) => {
    setProblem(null);
    const r = await settle(api.lookup.startSupplement.mutate({ code: view.code }));
    if (r.ok) setStep({ name: 'supplement', view, draftId: r.value.draftId });
    else setProblem(problemText(r.error));
  };

  switch (step.name) {
    case 'enter':
    case 'searching':
      return (
        <main className="screen lookup" data-testid="lookup-screen" data-step={step.name}>
          <h1>{t('lookup.title')}</h1>
          <p className="lead">{t('lookup.intro')}</p>
          <label className="field-label" htmlFor="lookup-code">{t('lookup.codeLabel')}</label>
          <input id="lookup-code" className="text-input lookup-code" data-testid="lookup-code" inputMode="none" readOnly value={code} placeholder="H26.99-…" />
          <p className="muted">{t('lookup.example')}</p>
          {problem && <p className="error-box" role="alert" data-testid="lookup-problem">{problem}</p>}
          {step.name === 'searching' && <p className="banner info" role="status">{t('lookup.searching')}</p>}
          <div className="button-row">
            <button type="button" className="button primary" data-testid="lookup-search" disabled={step.name === 'searching'} onClick={() => void find(code)}>
              {t('lookup.search')}
            </button>
            {demo?.receiptPrinter && (
              <button type="button" className="button demo-button" data-testid="lookup-demo-scan-qr" onClick={() => void scanDemoQr()}>
                {t('lookup.demoScan')}
              </button>
            )}
          </div>
          <CodeKeypad value={code} onChange={(v) => setCode(v)} onDone={() => void find(code)} />
        </main>
      );
    case 'status':
      return (
        <StatusStep
          view={step.view}
          problem={problem}
          onRefresh={() => void find(step.view.code)}
          onAnother={() => {
            setCode('');
            setProblem(null);
            setStep({ name: 'enter' });
          }}
          onSupplement={() => void startSupplement(step.view)}
        />
      );
    case 'supplement':
      return (
        <SupplementStep
          view={step.view}
          draftId={step.draftId}
          demoScanner={demo?.scanner === true}
          onCancel={() => setStep({ name: 'status', view: step.view })}
          onSent={(pages, sentToCity) => setStep({ name: 'sent', code: step.view.code, pages, sentToCity })}
        />
      );
    case 'sent':
      return (
        <main className="screen lookup" data-testid="lookup-screen" data-step="sent">
          <h1>{t('lookup.sent.title')}</h1>
          <p className="banner ok lead" role="status" data-testid="lookup-sent">{t('lookup.sent.pages', { count: step.pages, code: step.code })}</p>
          <p className={`banner ${step.sentToCity ? 'ok' : 'info'}`} data-testid="lookup-sent-where" data-to-city={step.sentToCity}>
            {t(step.sentToCity ? 'lookup.sent.toCity' : 'lookup.sent.later')}
          </p>
          <div className="button-row">
            <button type="button" className="button primary" data-testid="lookup-done" onClick={finish}>
              {t('lookup.sent.done')}
            </button>
            <button type="button" className="button" data-testid="lookup-check-again" onClick={() => void find(step.code)}>
              {t('lookup.checkAgain')}
            </button>
          </div>
        </main>
      );
  }
}

function StatusStep({ view, problem, onRefresh, onAnother, onSupplement }: { view: StatusView; problem: string | null; onRefresh(): void; onAnother(): void; onSupplement(): void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const date = view.appointmentDate ? formatDay(view.appointmentDate, lang) : null;
  const next =
    view.nextStep === 'wait' && date && ['submitted', 'received', 'processing'].includes(view.state)
      ? t('lookup.next.waitWithDate', { date })
      : view.nextStep === 'collect' && date
        ? t('lookup.next.collectFrom', { date })
        : t(`lookup.next.${view.nextStep}`);
  return (
    <main className="screen lookup" data-testid="lookup-screen" data-step="status" data-state={view.state}>
      <p className="muted" data-testid="lookup-found-code">{t('lookup.code', { code: view.code })}</p>
      <h1 data-testid="lookup-status-title">{t(`lookup.state.${view.state}.title`)}</h1>
      {view.procedure && <p className="lead">{t('lookup.procedure', { name: localized(view.procedure.name, lang) })}</p>}
      <section className={`card lookup-status state-${view.nextStep}`}>
        <p className="lead" data-testid="lookup-status-text">{t(`lookup.state.${view.state}.text`)}</p>
        {view.note && <p className="banner note" data-testid="lookup-note">{t('lookup.note', { note: view.note })}</p>}
        {view.supplement === 'waiting-to-send' && <p className="banner info" data-testid="lookup-supplement-waiting">{t('lookup.supplementWaiting')}</p>}
        {view.supplement === 'sent' && <p className="banner ok" data-testid="lookup-supplement-sent">{t('lookup.supplementSent')}</p>}
      </section>
      <section className="card lookup-next" aria-labelledby="lookup-next-h" data-testid="lookup-next" data-next={view.nextStep}>
        <h2 id="lookup-next-h">{t('lookup.nextTitle')}</h2>
        <p className="lead">{next}</p>
        {view.canSupplement && (
          <button type="button" className="button primary lookup-big-button" data-testid="lookup-start-supplement" onClick={onSupplement}>
            {t('lookup.startSupplement')}
          </button>
        )}
      </section>
      {view.online === false && <p className="banner info" data-testid="lookup-offline">{t('lookup.offline')}</p>}
      {problem && <p className="error-box" role="alert" data-testid="lookup-problem">{problem}</p>}
      <p className="muted">{t('lookup.submittedAt', { time: formatMoment(view.submittedAt, lang) })}</p>
      {view.updatedAt && <p className="muted">{t('lookup.updatedAt', { time: formatMoment(view.updatedAt, lang) })}</p>}
      <div className="button-row">
        <button type="button" className="button" data-testid="lookup-refresh" onClick={onRefresh}>
          {t('lookup.checkAgain')}
        </button>
        <button type="button" className="button" data-testid="lookup-another" onClick={onAnother}>
          {t('lookup.another')}
        </button>
      </div>
    </main>
  );
}

function SupplementStep({ view, draftId, demoScanner, onCancel, onSent }: { view: StatusView; draftId: string; demoScanner: boolean; onCancel(): void; onSent(pages: number, sentToCity: boolean): void }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const [pages, setPages] = useState<Pages>([]);
  const [busy, setBusy] = useState<'scan' | 'send' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const sent = useRef(false);

  // Pages scanned but not sent are deleted when the citizen leaves.
  useEffect(
    () => () => {
      if (!sent.current) void api.lookup.discard.mutate({ draftId });
    },
    [draftId],
  );

  const scan = async () => {
    setBusy('scan');
    setProblem(null);
    // Demo: a sample letter of authorisation is laid on the simulated glass first; were that
    // refused, the scan shows whatever lies there, which is answer enough for a trainer.
    if (demoScanner) void (await settle(api.demo.layOnGlass.mutate({ sample: 'giay-uy-quyen' })));
    const r = await settle(api.lookup.scanPage.mutate({ draftId }));
    setBusy(null);
    if (r.ok) setPages(r.value);
    else setProblem(problemText(r.error));
  };
  const remove = async (index: number) => {
    const r = await settle(api.lookup.removePage.mutate({ draftId, index }));
    if (r.ok) setPages(r.value);
    else setProblem(problemText(r.error));
  };
  const send = async () => {
    setBusy('send');
    setProblem(null);
    const r = await settle(api.lookup.send.mutate({ draftId }));
    setBusy(null);
    if (r.ok) {
      sent.current = true;
      onSent(r.value.pages, r.value.sentToCity);
    } else setProblem(problemText(r.error));
  };
  const usable = pages.filter((p) => !p.blank).length;

  return (
    <main className="screen lookup" data-testid="lookup-screen" data-step="supplement">
      <h1>{t('lookup.supplement.title')}</h1>
      <p className="muted">{t('lookup.supplement.for', { code: view.code })}</p>
      {view.note && <p className="banner note">{t('lookup.note', { note: view.note })}</p>}
      <p className="lead">{t('lookup.supplement.how')}</p>
      <div className="button-row">
        <button type="button" className="button primary lookup-big-button" data-testid="lookup-scan-page" disabled={busy !== null} onClick={() => void scan()}>
          {busy === 'scan' ? t('lookup.supplement.scanning') : t('lookup.supplement.scan')}
        </button>
      </div>
      {problem && <p className="error-box" role="alert" data-testid="lookup-problem">{problem}</p>}
      <p role="status" data-testid="lookup-page-count">{pages.length ? t('lookup.supplement.pages', { count: pages.length }) : t('lookup.supplement.none')}</p>
      <ul className="lookup-pages" data-testid="lookup-pages">
        {pages.map((p) => (
          <li key={`${p.index}-${p.previewDataUrl.length}`} className="lookup-page" data-blank={p.blank} data-readable={String(p.readable)}>
            <img src={p.previewDataUrl} alt={t('lookup.supplement.page', { number: p.index + 1 })} />
            <span className="lookup-page-name">{t('lookup.supplement.page', { number: p.index + 1 })}</span>
            {p.blank && <span className="tag required">{t('lookup.supplement.blank')}</span>}
            {!p.blank && p.readable === false && <span className="tag required">{t('lookup.supplement.unreadable')}</span>}
            <button type="button" className="button" data-testid={`lookup-remove-page-${p.index}`} onClick={() => void remove(p.index)}>
              {t('lookup.supplement.remove', { number: p.index + 1 })}
            </button>
          </li>
        ))}
      </ul>
      <div className="button-row">
        <button type="button" className="button primary lookup-big-button" data-testid="lookup-send-supplement" disabled={usable === 0 || busy !== null} onClick={() => void send()}>
          {busy === 'send' ? t('lookup.supplement.sending') : t('lookup.supplement.send', { count: usable })}
        </button>
        <button type="button" className="button" data-testid="lookup-cancel-supplement" disabled={busy !== null} onClick={onCancel}>
          {t('lookup.supplement.cancel')}
        </button>
      </div>
    </main>
  );
}
