import { assign } from 'xstate';
import { errorOf, failed, network, valueOf } from './journey-calls';
import { journeySetup } from './journey-setup';

// Review (the fee quoted from the answers and pages) and the fee paid: by card at the
// terminal or by VietQR transfer, with every outcome after which money may have moved sent to
// staff rather than offered again.

/** Card outcomes after which the money may have moved: never offer to pay again. */
const UNRESOLVED = ['unknown-outcome', 'earlier-payment-unresolved', 'vietqr-amount-mismatch'];

export const paymentStates = {
  review: journeySetup.createStateConfig({
    initial: 'quoting',
    states: {
      quoting: {
        invoke: {
          src: 'quote',
          input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'ready', actions: assign({ quote: null, error: ({ event }) => errorOf(event) }) },
            { target: 'ready', actions: assign({ quote: ({ event }) => valueOf(event), error: null }) },
          ],
          onError: { target: 'ready', actions: assign({ error: network }) },
        },
      },
      ready: {
        on: {
          CONFIRM: { guard: ({ context }) => context.quote !== null, target: '#journey.fee' },
          RETRY: 'quoting',
          EDIT_FORM: '#journey.form',
          EDIT_PAPERS: '#journey.papers',
          BACK: '#journey.papers',
        },
      },
    },
  }),
  fee: journeySetup.createStateConfig({
    initial: 'deciding',
    states: {
      deciding: { always: [{ guard: 'noFeeToPay', target: '#journey.submitting' }, { target: 'choose' }] },
      choose: {
        on: {
          PAY_CARD: { target: 'card', actions: assign({ error: null }) },
          PAY_VIETQR: { target: 'vietqr-starting', actions: assign({ error: null }) },
          BACK: { target: '#journey.review', actions: assign({ error: null }) },
        },
      },
      card: {
        invoke: {
          src: 'payByCard',
          input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
          onDone: [
            { guard: ({ event }) => failed(event) && errorOf(event).code === 'already-paid', target: '#journey.submitting', actions: assign({ paid: ({ context }) => ({ method: 'card' as const, amount: context.quote?.amount ?? 0 }), error: null }) },
            { guard: ({ event }) => failed(event) && UNRESOLVED.includes(errorOf(event).code), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { guard: ({ event }) => failed(event), target: 'card-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'card' as const, amount: valueOf(event).amount }), error: null }) },
          ],
          // The answer was lost on the way: the terminal may have charged. Staff check.
          onError: { target: 'staff-needed', actions: assign({ error: { code: 'unknown-outcome' } }) },
        },
      },
      // Declined, timed out or terminal unreachable: nothing was charged; try again or VietQR.
      'card-failed': {
        on: {
          RETRY: { target: 'card', actions: assign({ error: null }) },
          PAY_CARD: { target: 'card', actions: assign({ error: null }) },
          PAY_VIETQR: { target: 'vietqr-starting', actions: assign({ error: null }) },
          BACK: { target: 'choose', actions: assign({ error: null }) },
        },
      },
      'vietqr-starting': {
        invoke: {
          src: 'startVietQr',
          input: ({ context }) => ({ sessionId: context.sessionId!, procedureCode: context.procedureCode, answers: context.answers }),
          onDone: [
            { guard: ({ event }) => failed(event) && UNRESOLVED.includes(errorOf(event).code), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { guard: ({ event }) => failed(event), target: 'card-failed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'vietqr-waiting', actions: assign({ vietQr: ({ event }) => valueOf(event), error: null }) },
          ],
          onError: { target: 'choose', actions: assign({ error: network }) },
        },
      },
      'vietqr-waiting': {
        invoke: {
          src: 'awaitVietQr',
          input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
          onDone: [
            { guard: ({ event }) => failed(event) && errorOf(event).code === 'vietqr-timeout', target: 'vietqr-timeout', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { guard: ({ event }) => failed(event) && errorOf(event).code === 'cancelled', target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
            { guard: ({ event }) => failed(event), target: 'staff-needed', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: '#journey.submitting', actions: assign({ paid: ({ event }) => ({ method: 'vietqr' as const, amount: valueOf(event).amount }), error: null }) },
          ],
          onError: { target: 'vietqr-timeout', actions: assign({ error: network }) },
        },
        // Leaving the QR is allowed; the transfer may still arrive, so card is then refused
        // by the kiosk (earlier payment unresolved) and the citizen is sent to staff.
        on: { BACK: 'choose', EXTEND: 'vietqr-extending', CANCEL: 'vietqr-cancelling' },
      },
      // "Thêm thời gian": the deadline moves (up to a limit), then the kiosk waits again.
      'vietqr-extending': {
        invoke: {
          src: 'extendVietQr',
          input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
          onDone: [
            { guard: ({ event }) => !failed(event), target: 'vietqr-waiting', actions: assign({ vietQr: ({ context, event }) => ({ ...context.vietQr!, expiresAt: valueOf(event).expiresAt }), error: null }) },
            { target: 'vietqr-waiting', actions: assign({ error: ({ event }) => errorOf(event) }) },
          ],
          onError: { target: 'vietqr-waiting' },
        },
      },
      'vietqr-cancelling': {
        invoke: {
          src: 'cancelVietQr',
          input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
          onDone: { target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
          onError: { target: 'vietqr-timeout', actions: assign({ error: { code: 'vietqr-cancelled' } }) },
        },
      },
      // The kiosk stopped waiting, or the citizen did. The money may have left their account:
      // a slip with the reference and amount is printed, and a transfer that still arrives
      // while they are here is taken and the dossier submitted. Or: more time, or staff.
      'vietqr-timeout': {
        entry: assign({ noticePrinted: null }),
        invoke: [
          {
            src: 'watchPayment',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: { guard: ({ event }) => !failed(event) && valueOf(event).status === 'approved', target: '#journey.submitting', actions: assign({ paid: ({ context }) => ({ method: 'vietqr' as const, amount: context.vietQr!.amount }), error: null }) },
          },
          {
            src: 'printPaymentNotice',
            input: ({ context }) => ({ sessionId: context.sessionId!, paymentId: context.vietQr!.paymentId }),
            onDone: { actions: assign({ noticePrinted: ({ event }) => !failed(event) }) },
            onError: { actions: assign({ noticePrinted: false }) },
          },
        ],
        on: {
          WAIT_AGAIN: { target: 'vietqr-extending', actions: assign({ error: null }) },
          SUBMIT_TO_CHECK: '#journey.submitting',
        },
      },
      'staff-needed': { on: { SUBMIT_TO_CHECK: '#journey.submitting' } },
    },
  }),
};
