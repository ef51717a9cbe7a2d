import { assign } from 'xstate';
import { errorOf, failed, network, valueOf } from './journey-calls';
import type { JourneyEvent } from './journey-context';
import { journeySetup } from './journey-setup';

// The form (prefilled once from the card, checked by the core before going on) and the
// papers: scanned page by page, a flagged page removed or rescanned, and no review until every
// required paper has a page that is not blank.
export const formAndPapersStates = {
  form: journeySetup.createStateConfig({
    initial: 'prefilling',
    on: { SET_ANSWER: { actions: assign({ answers: ({ context, event }) => ({ ...context.answers, [event.field]: event.value }) }) } },
    states: {
      prefilling: {
        always: { guard: ({ context }) => context.prefilled, target: 'editing' },
        invoke: {
          src: 'prefill',
          input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode }),
          onDone: {
            target: 'editing',
            actions: assign({
              prefilled: true,
              // A suggestion never replaces what the citizen already typed.
              answers: ({ context, event }) => (event.output.ok ? { ...event.output.value, ...context.answers } : context.answers),
            }),
          },
          onError: { target: 'editing', actions: assign({ prefilled: true }) },
        },
      },
      editing: { on: { NEXT: 'validating', BACK: '#journey.identify.confirm' } },
      validating: {
        invoke: {
          src: 'validate',
          input: ({ context }) => ({ procedureCode: context.procedureCode, answers: context.answers }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'editing', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { guard: ({ event }) => valueOf(event).length > 0, target: 'editing', actions: assign({ problems: ({ event }) => valueOf(event), error: null }) },
            { target: '#journey.papers', actions: assign({ problems: [], error: null }) },
          ],
          onError: { target: 'editing', actions: assign({ error: network }) },
        },
      },
    },
  }),
  papers: journeySetup.createStateConfig({
    initial: 'idle',
    states: {
      idle: {
        on: {
          SCAN: 'scanning',
          REMOVE_PAGE: 'removing',
          RESCAN_PAGE: 'rescanning',
          NEXT: [
            { guard: 'papersComplete', target: '#journey.review', actions: assign({ error: null }) },
            { actions: assign({ error: { code: 'missing-papers' } }) },
          ],
          BACK: { target: '#journey.form', actions: assign({ error: null }) },
        },
      },
      scanning: {
        entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
        invoke: {
          src: 'scan',
          input: ({ context, event }) => {
            const e = event as Extract<JourneyEvent, { type: 'SCAN' }>;
            return { sessionId: context.sessionId!, paperId: e.paperId };
          },
          onDone: [
            { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }), error: null }) },
          ],
          onError: { target: 'idle', actions: assign({ error: network }) },
        },
      },
      removing: {
        entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
        invoke: {
          src: 'removePage',
          input: ({ context, event }) => {
            const e = event as Extract<JourneyEvent, { type: 'REMOVE_PAGE' }>;
            return { sessionId: context.sessionId!, paperId: e.paperId, index: e.index };
          },
          onDone: [
            { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }) }) },
          ],
          onError: { target: 'idle', actions: assign({ error: network }) },
        },
      },
      // Rescanning a flagged page: remove it, then scan the paper again.
      rescanning: {
        entry: assign({ activePaper: ({ event }) => (event as { paperId: string }).paperId, error: null }),
        invoke: {
          src: 'removePage',
          input: ({ context, event }) => {
            const e = event as Extract<JourneyEvent, { type: 'RESCAN_PAGE' }>;
            return { sessionId: context.sessionId!, paperId: e.paperId, index: e.index };
          },
          onDone: [
            { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'rescan-scanning', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }) }) },
          ],
          onError: { target: 'idle', actions: assign({ error: network }) },
        },
      },
      'rescan-scanning': {
        invoke: {
          src: 'scan',
          input: ({ context }) => ({ sessionId: context.sessionId!, paperId: context.activePaper! }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'idle', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'idle', actions: assign({ papers: ({ context, event }) => ({ ...context.papers, [context.activePaper!]: valueOf(event) }), error: null }) },
          ],
          onError: { target: 'idle', actions: assign({ error: network }) },
        },
      },
    },
  }),
};
