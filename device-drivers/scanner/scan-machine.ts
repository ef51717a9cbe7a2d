import { assign, fromPromise, setup } from 'xstate';
import type { ScannedDocument, ScanOptions, Scanner, ScannerError } from './scanner-types';

export interface ScanMachineDelays {
  /** How long a fault screen (jam, no paper, cover open) waits for "retry" before giving up. */
  faultTimeoutMs: number;
  /** How long a finished document is offered ("add pages / done") before the machine settles. */
  reviewTimeoutMs: number;
}

export const DEFAULT_SCAN_DELAYS: ScanMachineDelays = { faultTimeoutMs: 120_000, reviewTimeoutMs: 300_000 };

type Fault = 'jammed' | 'no-paper' | 'cover-open';
const isFault = (e: ScannerError): e is ScannerError & { code: Fault } => e.code === 'jammed' || e.code === 'no-paper' || e.code === 'cover-open';

export type ScanEvent = { type: 'SCAN'; options: ScanOptions } | { type: 'RETRY' } | { type: 'CANCEL' } | { type: 'ACCEPT' };

export interface ScanContext {
  options: ScanOptions | null;
  document: ScannedDocument | null;
  error: ScannerError | null;
  attempts: number;
}

/**
 * One document's scan, as the citizen lives it: idle → scanning → review (the pages, with
 * a readability warning if OCR found a page hard to read) → accepted; or a fault the citizen
 * can fix (jam, no paper, cover open) with RETRY, or a failure that needs staff. Fault and
 * review screens time out (delays injected, so tests take milliseconds).
 */
export function createScanMachine(scanner: Scanner, delays: Partial<ScanMachineDelays> = {}) {
  const d = { ...DEFAULT_SCAN_DELAYS, ...delays };
  return setup({
    types: { context: {} as ScanContext, events: {} as ScanEvent },
    actors: {
      scan: fromPromise(async ({ input }: { input: ScanOptions }) => {
        const r = await scanner.scan(input);
        if (!r.ok) throw r.error;
        return r.value;
      }),
    },
    delays: { FAULT_TIMEOUT: d.faultTimeoutMs, REVIEW_TIMEOUT: d.reviewTimeoutMs },
    guards: {
      isFault: ({ event }) => isFault((event as unknown as { error: ScannerError }).error),
    },
  }).createMachine({
    id: 'scan',
    context: { options: null, document: null, error: null, attempts: 0 },
    initial: 'idle',
    states: {
      idle: { on: { SCAN: { target: 'scanning', actions: assign({ options: ({ event }) => event.options, error: null, document: null, attempts: 0 }) } } },
      scanning: {
        entry: assign({ attempts: ({ context }) => context.attempts + 1 }),
        invoke: {
          src: 'scan',
          input: ({ context }) => context.options!,
          onDone: { target: 'review', actions: assign({ document: ({ event }) => event.output }) },
          onError: [
            { guard: 'isFault', target: 'fault', actions: assign({ error: ({ event }) => event.error as ScannerError }) },
            { target: 'failed', actions: assign({ error: ({ event }) => event.error as ScannerError }) },
          ],
        },
      },
      fault: {
        on: { RETRY: 'scanning', CANCEL: 'cancelled' },
        after: { FAULT_TIMEOUT: 'cancelled' },
      },
      review: {
        on: { ACCEPT: 'accepted', RETRY: 'scanning', CANCEL: 'cancelled' },
        after: { REVIEW_TIMEOUT: 'cancelled' },
      },
      failed: { on: { RETRY: 'scanning', CANCEL: 'cancelled' } },
      accepted: { type: 'final' },
      cancelled: { type: 'final' },
    },
  });
}
