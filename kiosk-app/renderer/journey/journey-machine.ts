import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { initialJourneyContext } from './journey-context';
import { journeySetup } from './journey-setup';
import { formAndPapersStates } from './journey-states-form-papers';
import { identifyStates } from './journey-states-identify';
import { paymentStates } from './journey-states-payment';
import { receiptStates } from './journey-states-receipt';

// The dossier journey, step by step: consent → identify → form → papers → review → fee →
// submit → receipt → rating → end. The machine holds everything the citizen entered, so
// going back and forth loses nothing; every device or network call is an invoked actor the
// screen provides (the api in the kiosk, fakes in tests), and every wait is a named delay.
// The machine is put together here from its phases (journey-states-*.ts), all made from one
// setup (journey-setup.ts); its context and events are in journey-context.ts, its calls in
// journey-calls.ts. What a state means for the screen is answered below.

export const journeyMachine = journeySetup.createMachine({
  id: 'journey',
  context: ({ input }) => initialJourneyContext(input),
  initial: 'starting',
  states: { ...identifyStates, ...formAndPapersStates, ...paymentStates, ...receiptStates },
});

export type JourneyMachine = typeof journeyMachine;
export type JourneyActor = ActorRefFrom<JourneyMachine>;
export type JourneySnapshot = SnapshotFrom<JourneyMachine>;

/** The screen a state shows (one per step; failure screens are their own). */
export function stepOf(s: JourneySnapshot): string {
  if (s.matches('starting') || s.matches('fatal')) return 'starting';
  if (s.matches('consent') || s.matches('giving-consent')) return 'consent';
  if (s.matches('declined')) return 'declined';
  if (s.matches({ identify: 'reading-card' }) || s.matches({ identify: 'cancelling-card' }) || s.matches({ identify: 'cancelling-card-to-typing' })) return 'card-wait';
  if (s.matches({ identify: 'reading-mrz' }) || s.matches({ identify: 'mrz-ready' })) return 'mrz';
  if (s.matches({ identify: 'typing' }) || s.matches({ identify: 'saving-typed' })) return 'typing';
  if (s.matches({ identify: 'confirm' })) return 'confirm';
  if (s.matches('identify')) return 'identify';
  if (s.matches('form')) return 'form';
  if (s.matches('papers')) return 'papers';
  if (s.matches('review')) return 'review';
  if (s.matches({ fee: 'card' })) return 'card-pay';
  if (s.matches({ fee: 'card-failed' })) return 'card-failed';
  if (s.matches({ fee: 'vietqr-starting' }) || s.matches({ fee: 'vietqr-waiting' }) || s.matches({ fee: 'vietqr-extending' }) || s.matches({ fee: 'vietqr-cancelling' })) return 'vietqr';
  if (s.matches({ fee: 'vietqr-timeout' })) return 'vietqr-timeout';
  if (s.matches({ fee: 'staff-needed' })) return 'staff';
  if (s.matches('fee')) return 'fee';
  if (s.matches('submitting')) return 'submitting';
  if (s.matches('submit-failed')) return 'submit-failed';
  if (s.matches('receipt')) return 'receipt';
  if (s.matches('rating')) return 'rating';
  return 'thanks';
}

/** States the citizen waits in without touching the screen (the idle timer must not run). */
export function isWaitingOnDevice(s: JourneySnapshot): boolean {
  return s.matches({ fee: 'card' }) || s.matches({ fee: 'vietqr-waiting' }) || s.matches({ fee: 'vietqr-extending' }) || s.matches({ identify: 'reading-mrz' }) || s.matches({ papers: 'scanning' }) || s.matches({ papers: 'rescan-scanning' }) || s.matches('submitting') || s.matches({ receipt: 'printing' }) || s.matches({ receipt: 'printing-a4' });
}

/** Once submitted, the journey cannot be undone by "back". */
export function isSubmitted(s: JourneySnapshot): boolean {
  return s.context.submitted !== null;
}

/**
 * Where leaving the journey by "back" would lose what cannot be redone: a submitted
 * dossier's receipt, or a payment in flight or of unknown outcome (the money may have moved).
 */
export function isBackLocked(s: JourneySnapshot): boolean {
  return isSubmitted(s) || s.matches('submitting') || s.matches({ fee: 'card' }) || s.matches({ fee: 'staff-needed' }) || s.matches({ fee: 'vietqr-timeout' });
}
