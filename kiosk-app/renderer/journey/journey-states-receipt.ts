import { assign } from 'xstate';
import { errorOf, failed, network, valueOf } from './journey-calls';
import { journeySetup } from './journey-setup';

// After the fee: the dossier submitted (a failure keeps everything and can be retried), the
// receipt printed (or the A4 one, or its QR on screen), the rating, and the thank-you.
export const receiptStates = {
  submitting: journeySetup.createStateConfig({
    invoke: {
      src: 'submit',
      input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
      onDone: [
        { guard: ({ event }) => failed(event), target: 'submit-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
        { target: 'receipt', actions: assign({ submitted: ({ event }) => valueOf(event), error: null }) },
      ],
      onError: { target: 'submit-failed', actions: assign({ error: network }) },
    },
  }),
  'submit-failed': journeySetup.createStateConfig({
    on: {
      RETRY: 'submitting',
      EDIT_FORM: { target: 'form', actions: assign({ error: null }) },
      EDIT_PAPERS: { target: 'papers', actions: assign({ error: null }) },
    },
  }),
  receipt: journeySetup.createStateConfig({
    initial: 'printing',
    states: {
      printing: {
        invoke: {
          src: 'printReceipt',
          input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'printed', actions: assign({ printed: ({ event }) => valueOf(event), thermal: true, error: null }) },
          ],
          onError: { target: 'print-failed', actions: assign({ error: network }) },
        },
      },
      printed: { on: { PRINT_A4: { guard: ({ context }) => context.a4 !== 'printed', target: 'printing-a4' }, NEXT: '#journey.rating' } },
      // The thermal printer failed: the A4 receipt or the code on screen instead.
      'print-failed': { on: { RETRY: 'printing', PRINT_A4: 'printing-a4', SHOW_QR: 'on-screen', NEXT: '#journey.rating' } },
      'printing-a4': {
        entry: assign({ a4: 'printing' }),
        invoke: {
          src: 'printReceiptA4',
          input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId, answers: context.answers }),
          onDone: [
            // The thermal receipt printed earlier stays the citizen's receipt either way.
            { guard: ({ event, context }) => failed(event) && context.printed !== null, target: 'printed', actions: assign({ a4: 'failed', error: ({ event }) => errorOf(event) }) },
            { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ a4: 'failed', error: ({ event }) => errorOf(event) }) },
            { target: 'printed', actions: assign({ a4: 'printed', printed: ({ context, event }) => context.printed ?? valueOf(event), error: null }) },
          ],
          onError: [
            { guard: ({ context }) => context.printed !== null, target: 'printed', actions: assign({ a4: 'failed', error: network }) },
            { target: 'print-failed', actions: assign({ a4: 'failed', error: network }) },
          ],
        },
      },
      'on-screen': {
        invoke: {
          src: 'receiptOnScreen',
          input: ({ context }) => ({ sessionId: context.sessionId!, dossierId: context.submitted!.dossierId }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'print-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'showing-qr', actions: assign({ onScreen: ({ event }) => valueOf(event) }) },
          ],
          onError: { target: 'print-failed', actions: assign({ error: network }) },
        },
      },
      'showing-qr': { on: { RETRY: 'printing', PRINT_A4: 'printing-a4', NEXT: '#journey.rating' } },
    },
  }),
  rating: journeySetup.createStateConfig({
    initial: 'choosing',
    on: {
      RATE: { actions: assign({ rating: ({ context, event }) => ({ ...context.rating, score: Math.min(5, Math.max(1, Math.round(event.score))) }) }) },
      TOGGLE_REASON: {
        actions: assign({
          rating: ({ context, event }) => ({
            ...context.rating,
            reasons: context.rating.reasons.includes(event.reason) ? context.rating.reasons.filter((r) => r !== event.reason) : [...context.rating.reasons, event.reason],
          }),
        }),
      },
    },
    states: {
      choosing: {
        on: {
          SEND_RATING: { guard: ({ context }) => context.rating.score !== null, target: 'sending' },
          SKIP: '#journey.thanks',
        },
      },
      sending: {
        invoke: {
          src: 'rate',
          input: ({ context }) => ({ score: context.rating.score!, reasons: context.rating.reasons, procedureCode: context.procedureCode }),
          // A rating that could not be kept is not worth keeping the citizen for.
          onDone: '#journey.thanks',
          onError: '#journey.thanks',
        },
      },
    },
  }),
  thanks: journeySetup.createStateConfig({
    after: { thanks: 'ended' },
    on: { DONE: 'ended' },
  }),
  ended: journeySetup.createStateConfig({ type: 'final' }),
};
