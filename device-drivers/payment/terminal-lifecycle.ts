import { createActor, setup, type Actor } from 'xstate';
import type { PaymentTerminalStatus } from './payment-terminal-types';

// The terminal's lifecycle as an explicit machine, so the status a technician sees can only
// change along these arrows. The link-layer exchange itself is a linear walk of named steps
// (concert-serial-terminal.ts), which reads better as code than as a chart.

export type TransactionEnd = 'ok' | 'no-answer' | 'protocol' | 'link-lost';

export type LifecycleEvent =
  | { type: 'OPENED' }
  | { type: 'OPEN_FAILED' }
  | { type: 'CLOSED' }
  | { type: 'BEGIN' }
  | { type: 'END'; end: TransactionEnd };

export interface LifecycleDelays {
  /** How long an 'error' status stays before the next transaction may clear it by itself. */
  readonly errorHoldMs: number;
}

export const terminalLifecycleMachine = setup({
  types: { events: {} as LifecycleEvent },
  delays: { errorHold: 5_000 },
}).createMachine({
  id: 'payment-terminal',
  initial: 'disconnected',
  states: {
    disconnected: { on: { OPENED: 'ready', OPEN_FAILED: 'disconnected' } },
    ready: { on: { BEGIN: 'busy', CLOSED: 'disconnected' } },
    busy: {
      on: {
        CLOSED: 'disconnected',
        END: [
          { guard: ({ event }) => event.end === 'no-answer', target: 'notResponding' },
          { guard: ({ event }) => event.end === 'protocol', target: 'error' },
          { guard: ({ event }) => event.end === 'link-lost', target: 'disconnected' },
          { target: 'ready' },
        ],
      },
    },
    notResponding: { on: { BEGIN: 'busy', CLOSED: 'disconnected' } },
    error: { on: { BEGIN: 'busy', CLOSED: 'disconnected' }, after: { errorHold: 'ready' } },
  },
});

const STATUS: Record<string, PaymentTerminalStatus> = {
  disconnected: 'disconnected',
  ready: 'ready',
  busy: 'busy',
  notResponding: 'not-responding',
  error: 'error',
};

export type LifecycleActor = Actor<typeof terminalLifecycleMachine>;

export function startLifecycle(delays: Partial<LifecycleDelays> = {}): LifecycleActor {
  const machine =
    delays.errorHoldMs === undefined
      ? terminalLifecycleMachine
      : terminalLifecycleMachine.provide({ delays: { errorHold: delays.errorHoldMs } });
  return createActor(machine).start();
}

export function statusOf(actor: LifecycleActor): PaymentTerminalStatus {
  return STATUS[String(actor.getSnapshot().value)] ?? 'error';
}
