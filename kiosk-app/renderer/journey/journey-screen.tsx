import { useQuery } from '@tanstack/react-query';
import { useSelector } from '@xstate/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../api/types';
import { api } from '../api-client/api-client';
import { useTRPC } from '../api-client/trpc-react';
import { QueryStatus } from '../components/query-status';
import { useSession } from '../session/session-context';
import { DeclinedStep, FatalStep, RatingStep, ThanksStep } from './closing-steps';
import { ConsentStep } from './consent-step';
import { CardFailedStep, FeeChooseStep, CardPayStep, StaffStep, VietQrStep, VietQrTimeoutStep } from './fee-steps';
import { FormStep } from './form-step';
import { CardWaitStep, ConfirmIdentityStep, IdentifyChooseStep, MrzStep, TypingStep } from './identify-steps';
import type { JourneyEvent } from './journey-context';
import { useJourneyKeeper } from './journey-keeper';
import { isWaitingOnDevice, stepOf, type JourneyActor, type JourneySnapshot } from './journey-machine';
import { PapersStep } from './papers-step';
import { ReceiptStep, SubmitFailedStep, SubmittingStep } from './receipt-steps';
import { ReviewStep } from './review-step';
import './journey.css';

// The citizen's dossier journey for one procedure. The state lives in the journey keeper's
// actor, so covering this screen (the language choice) and coming back loses nothing.

export interface StepProps {
  readonly state: JourneySnapshot;
  send(event: JourneyEvent): void;
  readonly procedure: Procedure;
  /** Demo and training mode: the simulators can be driven from the screen. */
  readonly demo: { idReader: boolean; scanner: boolean } | null;
}

type DemoInfo = StepProps['demo'];

/** At most one "still here" to the core this often; its session outlives the screen's idle limit by 30 s. */
const STILL_HERE_EVERY_MS = 15_000;

export function JourneyScreen({ code }: { code: string }) {
  const trpc = useTRPC();
  const data = useQuery(trpc.catalog.get.queryOptions({ code }));
  // The demo controls are a training aid: not knowing of them is no reason to wait or fail.
  const demo = useQuery(trpc.demo.available.queryOptions(undefined, { retry: false }));
  if (data.status !== 'success' || demo.status === 'pending')
    return (
      <main className="screen journey" data-testid="journey-loading">
        <QueryStatus state={data.status !== 'success' ? data : demo} />
      </main>
    );
  const p = data.data;
  if (!p || !p.kioskSubmission) return <NotAtKiosk />;
  const d: DemoInfo = demo.data ? { idReader: demo.data.idReader, scanner: demo.data.scanner } : null;
  return <Journey procedure={p} demo={d} />;
}

function NotAtKiosk() {
  const { t } = useTranslation();
  return (
    <main className="screen journey" data-testid="journey-not-at-kiosk">
      <p className="error-box">{t('journey.notAtKiosk')}</p>
    </main>
  );
}

function Journey({ procedure, demo }: { procedure: Procedure; demo: DemoInfo }) {
  const keeper = useJourneyKeeper();
  const session = useSession();
  const required = procedure.papers.filter((p) => p.required && p.scan).map((p) => p.id);
  const [actor] = useState<JourneyActor>(() => keeper.actorFor(procedure.code, required));
  const state = useSelector(actor, (s) => s);
  const waiting = isWaitingOnDevice(state);

  useEffect(() => {
    keeper.setVisible(true);
    return () => keeper.setVisible(false);
  }, [keeper]);

  // A citizen paying at the terminal or in their bank app is not touching the screen. (The
  // controls object is new at every render, and each keep-alive renders: hold it in a ref.)
  const keepAlive = useRef(session.keepAlive);
  keepAlive.current = session.keepAlive;
  useEffect(() => {
    if (!waiting) return;
    keepAlive.current?.();
    const id = setInterval(() => keepAlive.current?.(), 5000);
    return () => clearInterval(id);
  }, [waiting]);

  // One notion of "the citizen is still here": a touch keeps the core's session alive too,
  // not only the screen's (the core wipes a session it has not heard of for a while).
  useEffect(() => {
    let last = 0;
    const seen = () => {
      const sessionId = actor.getSnapshot().context.sessionId;
      const now = Date.now();
      if (!sessionId || now - last < STILL_HERE_EVERY_MS) return;
      last = now;
      void api.journey.stillHere.mutate({ sessionId }).catch(() => undefined);
    };
    window.addEventListener('pointerdown', seen, true);
    window.addEventListener('keydown', seen, true);
    return () => {
      window.removeEventListener('pointerdown', seen, true);
      window.removeEventListener('keydown', seen, true);
    };
  }, [actor]);

  // The end of the journey is the end of the session: everything is wiped.
  const ended = state.status === 'done';
  useEffect(() => {
    if (ended) session.finish();
  }, [ended, session]);

  // Each step starts at its top, so its title is what the citizen sees first.
  const step = stepOf(state);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [step]);

  const props: StepProps = { state, send: actor.send.bind(actor), procedure, demo };
  switch (step) {
    case 'starting':
      return state.matches('fatal') ? <FatalStep {...props} /> : <SubmittingLike />;
    case 'consent':
      return <ConsentStep {...props} />;
    case 'declined':
      return <DeclinedStep {...props} />;
    case 'identify':
      return <IdentifyChooseStep {...props} />;
    case 'card-wait':
      return <CardWaitStep {...props} />;
    case 'mrz':
      return <MrzStep {...props} />;
    case 'typing':
      return <TypingStep {...props} />;
    case 'confirm':
      return <ConfirmIdentityStep {...props} />;
    case 'form':
      return <FormStep {...props} />;
    case 'papers':
      return <PapersStep {...props} />;
    case 'review':
      return <ReviewStep {...props} />;
    case 'fee':
      return <FeeChooseStep {...props} />;
    case 'card-pay':
      return <CardPayStep {...props} />;
    case 'card-failed':
      return <CardFailedStep {...props} />;
    case 'vietqr':
      return <VietQrStep {...props} />;
    case 'vietqr-timeout':
      return <VietQrTimeoutStep {...props} />;
    case 'staff':
      return <StaffStep {...props} />;
    case 'submitting':
      return <SubmittingStep {...props} />;
    case 'submit-failed':
      return <SubmitFailedStep {...props} />;
    case 'receipt':
      return <ReceiptStep {...props} />;
    case 'rating':
      return <RatingStep {...props} />;
    default:
      return <ThanksStep {...props} />;
  }
}

function SubmittingLike() {
  const { t } = useTranslation();
  return (
    <main className="screen journey" data-testid="journey-starting">
      <p role="status">{t('common.loading')}</p>
    </main>
  );
}
