import { setup } from 'xstate';
import { journeyActors } from './journey-calls';
import type { JourneyContext, JourneyEvent, JourneyInput } from './journey-context';

// The journey machine's setup: its types, actors, delays and named guards. Each phase's states
// (journey-states-*.ts) are made from it, so they are checked as parts of the one machine.
export const journeySetup = setup({
  types: { context: {} as JourneyContext, events: {} as JourneyEvent, input: {} as JourneyInput },
  actors: journeyActors,
  delays: {
    /** The thank-you screen, before the session ends by itself. */
    thanks: 6_000,
  },
  guards: {
    noFeeToPay: ({ context }) => !context.quote || !context.quote.payableAtKiosk || context.quote.amount === 0 || context.paid !== null,
    papersComplete: ({ context }) => context.requiredPapers.every((id) => (context.papers[id] ?? []).some((p) => !p.blank)),
  },
});
