import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { localized } from '../i18n/localized';
import { ApplicantSection } from './applicant-section';
import { shownProblem } from './assisted-state';
import { focusSection, ProblemBox } from './assisted-ui';
import { CitizenSide } from './citizen-side';
import { FeeSection } from './fee-section';
import { FormSection } from './form-section';
import { PapersSection } from './papers-section';
import { SubmitSection } from './submit-section';
import { useAssistedJourney, type Expected } from './use-assisted-journey';
import './assisted.css';

// The assisted journey of a community service point: a clerk runs the dossier for the citizen
// sitting beside them, on one landscape screen. The clerk's side (left) is one scrolling page
// of sections typed on a hardware keyboard; the citizen's side (right) faces the citizen: the
// notice and their consent by their own card, the QR to pay by, and their rating. Everything
// lives in this component (use-assisted-journey.ts), so a staff refusal loses nothing.

export interface AssistedJourneyProps {
  readonly procedureCode: string;
  /** The booking this journey is for (the desk's list). */
  readonly appointmentId?: string;
  /** The booked citizen: the card presented must be theirs. */
  readonly expected?: Expected;
  onClose(): void;
}

export function AssistedJourney(props: AssistedJourneyProps) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const data = useQuery(trpc.catalog.get.queryOptions({ code: props.procedureCode }));
  if (data.status !== 'success')
    return (
      <div className="assisted" data-testid="assisted-journey">
        <QueryStatus state={data} />
      </div>
    );
  if (!data.data || !data.data.kioskSubmission)
    return (
      <div className="assisted" data-testid="assisted-journey">
        <p className="error-box">{t('journey.notAtKiosk')}</p>
        <button type="button" className="button assisted-button" data-testid="assisted-close" onClick={props.onClose}>
          {t('assisted.close')}
        </button>
      </div>
    );
  return <Assisted {...props} procedure={data.data} />;
}

function Assisted({ procedure, appointmentId, expected, onClose }: AssistedJourneyProps & { procedure: Procedure }) {
  const { t, i18n } = useTranslation();
  const { state, actions } = useAssistedJourney({ procedure, appointmentId, expected, onClose });
  const name = localized(procedure.name, i18n.language);
  const locked = state.identity === null || state.submitted !== null;
  const problems = state.touched === 'all' ? state.problems.length : state.problems.filter((p) => state.touched !== 'all' && state.touched.includes(p.field)).length;
  const submitError = state.errors.submit;
  const missing = submitError && 'papers' in submitError ? submitError.papers : [];
  return (
    <div className="assisted" data-testid="assisted-journey" data-session={state.sessionId ? 'open' : 'none'}>
      <div className="assisted-clerk">
        <header className="assisted-head">
          <div>
            <h1>{t('assisted.title')}</h1>
            <p className="assisted-procedure">{name}</p>
          </div>
          {!state.submitted && <CloseButton onClose={actions.close} />}
        </header>
        {state.staff && (
          <ProblemBox error={state.staff} testId="staff-problem">
            {!state.sessionId && (
              <button type="button" className="button assisted-button" data-testid="assisted-retry-start" disabled={state.busy === 'start'} onClick={() => void actions.start()}>
                {t('assisted.retry')}
              </button>
            )}
          </ProblemBox>
        )}
        {!state.sessionId && !state.staff && (state.errors.start ? <ProblemBox error={state.errors.start} testId="start-error" /> : <p role="status">{t('assisted.starting')}</p>)}
        <ApplicantSection identity={state.identity} expected={expected} reading={state.busy === 'consent'} />
        <FormSection
          fields={procedure.formFields}
          answers={state.answers}
          problemOf={(f) => shownProblem(state, f)}
          count={problems}
          locked={locked}
          onChange={actions.setAnswer}
          onLeave={actions.touch}
          onDone={() => focusSection('papers')}
        />
        <PapersSection
          papers={procedure.papers}
          pages={state.papers}
          paperAt={state.paperAt}
          scanning={state.busy === 'scan'}
          error={state.errors.papers}
          missing={missing}
          locked={locked}
          onScan={(id) => void actions.scan(id)}
          onRemove={(id, index) => void actions.removePage(id, index)}
        />
        <FeeSection
          procedure={procedure}
          quote={state.quote}
          paid={state.paid}
          vietQr={state.vietQr}
          busy={state.busy}
          error={state.errors.fee}
          locked={locked}
          onCash={() => void actions.payCash()}
          onCard={() => void actions.payCard()}
          onVietQr={() => void actions.payVietQr()}
          onMoreTime={() => void actions.extendVietQr()}
          onStopQr={() => void actions.cancelVietQr()}
        />
        <SubmitSection
          state={state}
          submitted={state.submitted}
          submitError={state.errors.submit}
          printError={state.errors.print}
          locked={state.identity === null}
          onSubmit={() => void actions.submit()}
          onPrint={() => void actions.printReceipt()}
          onPrintA4={() => void actions.printA4()}
          onDone={actions.close}
        />
      </div>
      <CitizenSide state={state} procedureName={name} expected={expected} onConsent={(v) => void actions.consentByCard(v)} onRate={(n) => void actions.rate(n)} />
    </div>
  );
}

/** Closing before submitting throws the dossier away: asked once more. */
function CloseButton({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="button assisted-button" data-testid="assisted-close" onClick={() => setAsking(true)}>
        {t('assisted.close')}
      </button>
    );
  return (
    <div className="assisted-close-ask" role="alertdialog" aria-labelledby="assisted-close-q">
      <p id="assisted-close-q">{t('assisted.closeAsk')}</p>
      <button type="button" className="button assisted-button" data-testid="assisted-close-confirm" onClick={onClose}>
        {t('assisted.closeConfirm')}
      </button>
      <button type="button" className="button primary assisted-button" data-testid="assisted-close-cancel" autoFocus onClick={() => setAsking(false)}>
        {t('assisted.closeCancel')}
      </button>
    </div>
  );
}
