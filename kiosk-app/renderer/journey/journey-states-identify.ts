import { assign } from 'xstate';
import { errorOf, failed, network, valueOf } from './journey-calls';
import { journeySetup } from './journey-setup';

// The journey's first steps: the core's session started, consent given (or declined), then
// the citizen identified: the CCCD's QR at the reader, the MRZ from a scan of the card's back,
// or the ID number typed, and confirmed.
export const identifyStates = {
  starting: journeySetup.createStateConfig({
    invoke: {
      src: 'startSession',
      onDone: [
        { guard: ({ event }) => failed(event), target: 'fatal', actions: assign({ error: ({ event }) => errorOf(event) }) },
        { target: 'consent', actions: assign({ sessionId: ({ event }) => valueOf(event).sessionId }) },
      ],
      onError: { target: 'fatal', actions: assign({ error: network }) },
    },
  }),
  fatal: journeySetup.createStateConfig({ on: { RETRY: { target: 'starting', actions: assign({ error: null }) } } }),
  consent: journeySetup.createStateConfig({
    on: { AGREE: 'giving-consent', DECLINE: 'declined' },
  }),
  'giving-consent': journeySetup.createStateConfig({
    invoke: {
      src: 'consent',
      input: ({ context }) => ({ sessionId: context.sessionId! }),
      onDone: [
        { guard: ({ event }) => failed(event), target: 'consent', actions: assign({ error: ({ event }) => errorOf(event) }) },
        { target: 'identify', actions: assign({ error: null }) },
      ],
      onError: { target: 'consent', actions: assign({ error: network }) },
    },
  }),
  declined: journeySetup.createStateConfig({ on: { DONE: 'ended' } }),
  identify: journeySetup.createStateConfig({
    initial: 'choose',
    on: { SET_TYPED: { actions: assign({ typed: ({ context, event }) => ({ ...context.typed, [event.field]: event.value }) }) } },
    states: {
      choose: {
        on: {
          READ_CARD: { target: 'reading-card', actions: assign({ error: null }) },
          READ_MRZ: { target: 'mrz-ready', actions: assign({ error: null }) },
          TYPE_ID: { target: 'typing', actions: assign({ error: null }) },
          BACK: { target: '#journey.consent', actions: assign({ error: null }) },
        },
      },
      'reading-card': {
        invoke: {
          src: 'readCard',
          input: ({ context }) => ({ sessionId: context.sessionId! }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'choose', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
          ],
          onError: { target: 'choose', actions: assign({ error: network }) },
        },
        on: { CANCEL: 'cancelling-card', BACK: 'cancelling-card', TYPE_ID: 'cancelling-card-to-typing' },
      },
      // The reader is told to stop waiting, so a card held later does not fill this session.
      'cancelling-card': {
        invoke: { src: 'cancelCardRead', input: ({ context }) => ({ sessionId: context.sessionId! }), onDone: 'choose', onError: 'choose' },
      },
      'cancelling-card-to-typing': {
        invoke: { src: 'cancelCardRead', input: ({ context }) => ({ sessionId: context.sessionId! }), onDone: 'typing', onError: 'typing' },
      },
      // The citizen lays the card's back on the glass first, then asks for the scan.
      'mrz-ready': { on: { CONFIRM: 'reading-mrz', CANCEL: 'choose', BACK: 'choose', TYPE_ID: 'typing' } },
      'reading-mrz': {
        invoke: {
          src: 'readMrz',
          input: ({ context }) => ({ sessionId: context.sessionId! }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'mrz-ready', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
          ],
          onError: { target: 'mrz-ready', actions: assign({ error: network }) },
        },
      },
      typing: {
        on: { SAVE_TYPED: 'saving-typed', CANCEL: 'choose', BACK: 'choose' },
      },
      'saving-typed': {
        invoke: {
          src: 'typedIdentity',
          input: ({ context }) => ({ sessionId: context.sessionId!, identity: context.typed }),
          onDone: [
            { guard: ({ event }) => failed(event), target: 'typing', actions: assign({ error: ({ event }) => errorOf(event) }) },
            { target: 'confirm', actions: assign({ identity: ({ event }) => valueOf(event), error: null }) },
          ],
          onError: { target: 'typing', actions: assign({ error: network }) },
        },
      },
      confirm: { on: { CONFIRM: '#journey.form', BACK: 'choose' } },
    },
  }),
};
