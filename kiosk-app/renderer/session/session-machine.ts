import { assign, setup } from 'xstate';

// The citizen session. It starts when the attract screen is touched and ends at
// "finish" or when nobody touches the screen for the idle timeout; the last
// `warning` seconds show a countdown. Ending a session wipes everything of it.

export type Screen =
  | { readonly name: 'home' }
  | { readonly name: 'language' }
  | { readonly name: 'search' }
  | { readonly name: 'fields' }
  | { readonly name: 'field'; readonly field: string }
  | { readonly name: 'procedure'; readonly code: string }
  | { readonly name: 'journey'; readonly code: string }
  | { readonly name: 'queue' }
  | { readonly name: 'lookup' }
  | { readonly name: 'booking' }
  | { readonly name: 'assistant' }
  | { readonly name: 'maintenance' };

export interface SessionContext {
  /** Increments per session; the UI keys its whole tree on it so no state survives. */
  readonly sessionNumber: number;
  readonly stack: readonly Screen[];
  readonly endedBy: 'finish' | 'timeout' | null;
}

export type SessionEvent =
  /** `screen`: go straight there (e.g. the assistant) instead of the language choice. */
  | { type: 'START'; screen?: Screen }
  /** A touch or key press anywhere; it keeps an active session alive. */
  | { type: 'ACTIVITY' }
  /** The citizen answered the idle warning ("continue", or a tap on its backdrop). */
  | { type: 'CONTINUE' }
  | { type: 'NAVIGATE'; screen: Screen }
  | { type: 'BACK' }
  | { type: 'HOME' }
  | { type: 'FINISH' };

export interface SessionTimings {
  readonly idleTimeoutMs: number;
  readonly warningMs: number;
}

export const sessionMachine = setup({
  types: { context: {} as SessionContext, events: {} as SessionEvent },
  delays: {
    // Overridden with machine.provide() from the kiosk's configuration.
    untilWarning: 75_000,
    warning: 15_000,
  },
}).createMachine({
  id: 'session',
  context: { sessionNumber: 0, stack: [], endedBy: null },
  initial: 'attract',
  states: {
    attract: {
      on: {
        START: {
          target: 'active',
          actions: assign(({ context, event }) => ({
            sessionNumber: context.sessionNumber + 1,
            stack: [event.screen ?? ({ name: 'language' } as Screen)],
            endedBy: null,
          })),
        },
      },
    },
    active: {
      after: { untilWarning: 'warning' },
      on: {
        ACTIVITY: { target: 'active', reenter: true },
        NAVIGATE: {
          target: 'active',
          reenter: true,
          actions: assign(({ context, event }) => ({ stack: [...context.stack, event.screen] })),
        },
        BACK: {
          target: 'active',
          reenter: true,
          actions: assign(({ context }) => ({ stack: context.stack.length > 1 ? context.stack.slice(0, -1) : context.stack })),
        },
        HOME: { target: 'active', reenter: true, actions: assign({ stack: [{ name: 'home' } as Screen] }) },
        FINISH: { target: 'attract', actions: assign({ stack: [], endedBy: 'finish' }) },
      },
    },
    warning: {
      after: { warning: { target: 'attract', actions: assign({ stack: [], endedBy: 'timeout' }) } },
      on: {
        // Raw touches do not dismiss the warning: removing it at pointerdown would let the
        // same tap's click land on whatever lay beneath. Only its own click continues.
        CONTINUE: 'active',
        FINISH: { target: 'attract', actions: assign({ stack: [], endedBy: 'finish' }) },
      },
    },
  },
});

export function sessionMachineWith(timings: SessionTimings) {
  return sessionMachine.provide({
    delays: { untilWarning: timings.idleTimeoutMs - timings.warningMs, warning: timings.warningMs },
  });
}
