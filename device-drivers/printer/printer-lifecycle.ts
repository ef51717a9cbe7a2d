import { assign, createActor, fromPromise, setup, type Actor } from 'xstate';
import { canPrint, type PrinterStatus, type ReceiptPrinter } from './printer-types';

/**
 * The receipt printer's lifecycle as the kiosk sees it: checked at start, then watched.
 * While it can print it is polled slowly; while it needs a technician (paper out, cover open,
 * offline, unplugged) it is polled fast, so "ready again" shows up seconds after the fix.
 * A print, or any caller, can ask for an immediate check (CHECK).
 */
export interface PrinterLifecycleDelays {
  /** Poll interval while the printer can print. */
  pollMs: number;
  /** Poll interval while it cannot. */
  pollDownMs: number;
}

export const DEFAULT_PRINTER_DELAYS: PrinterLifecycleDelays = { pollMs: 15_000, pollDownMs: 2_000 };

type Ctx = { status: PrinterStatus | null };
type Ev = { type: 'CHECK' };

export function printerLifecycleMachine(printer: ReceiptPrinter) {
  return setup({
    types: { context: {} as Ctx, events: {} as Ev },
    actors: { readStatus: fromPromise(() => printer.status()) },
    delays: { poll: DEFAULT_PRINTER_DELAYS.pollMs, pollDown: DEFAULT_PRINTER_DELAYS.pollDownMs },
    guards: { usable: ({ context }) => context.status !== null && canPrint(context.status) },
  }).createMachine({
    id: 'receipt-printer',
    context: { status: null },
    initial: 'checking',
    states: {
      checking: {
        invoke: {
          src: 'readStatus',
          onDone: { target: 'settled', actions: assign({ status: ({ event }) => event.output }) },
          onError: { target: 'down', actions: assign({ status: ({ event }) => ({ state: 'error', detail: String(event.error) }) as PrinterStatus }) },
        },
      },
      settled: { always: [{ guard: 'usable', target: 'up' }, { target: 'down' }] },
      up: { on: { CHECK: 'checking' }, after: { poll: 'checking' } },
      down: { on: { CHECK: 'checking' }, after: { pollDown: 'checking' } },
    },
  });
}

export type PrinterLifecycleActor = Actor<ReturnType<typeof printerLifecycleMachine>>;

export interface PrinterMonitor {
  /** Last status read, null before the first answer. */
  current(): PrinterStatus | null;
  /** Called on every change of state (not on every poll). */
  onStatus(listener: (s: PrinterStatus) => void): () => void;
  check(): void;
  stop(): void;
}

export function startPrinterMonitor(printer: ReceiptPrinter, delays: Partial<PrinterLifecycleDelays> = {}): PrinterMonitor {
  const d = { ...DEFAULT_PRINTER_DELAYS, ...delays };
  const actor = createActor(printerLifecycleMachine(printer).provide({ delays: { poll: d.pollMs, pollDown: d.pollDownMs } })).start();
  const listeners = new Set<(s: PrinterStatus) => void>();
  let last: string | null = null;
  const sub = actor.subscribe((snap) => {
    const s = snap.context.status;
    if (!s) return;
    const key = JSON.stringify(s);
    if (key === last) return;
    last = key;
    for (const l of listeners) l(s);
  });
  return {
    current: () => actor.getSnapshot().context.status,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    check: () => actor.send({ type: 'CHECK' }),
    stop() {
      sub.unsubscribe();
      actor.stop();
    },
  };
}
