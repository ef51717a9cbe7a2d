import type { Logger } from '../../../common/logger';
import type { Say } from './kiosk-boot';

// The window first, the services after it. At a cold start the citizen sees the attract screen;
// the core's start (catalogue, assistant index, outbox, sync, devices) takes a second of CPU that,
// on a two-core kiosk, would otherwise be taken from the window loading beside it. So the shell
// starts the core once the window says its attract screen is painted (the api's
// system.windowShown), or once `waitMs` has passed with no window (a headless start nobody opens,
// a session unit that comes up late): never later than that, whatever the window does.

export type WindowFirstOutcome =
  /** The window showed its attract screen within the wait. */
  | { readonly how: 'shown'; readonly afterMs: number }
  /** No window showed within the wait; the core starts without it. */
  | { readonly how: 'waited'; readonly afterMs: number }
  /** Asked not to wait (`--window-wait 0`). */
  | { readonly how: 'not-waiting'; readonly afterMs: 0 };

export interface WindowFirst {
  /** The window's attract screen is painted (any later call is ignored). */
  shown(): void;
  /** Settles when the core may start: on the first `shown()` or at the end of the wait. */
  readonly open: Promise<WindowFirstOutcome>;
}

export interface WindowFirstTimers {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: WindowFirstTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function windowFirst(waitMs: number, timers: WindowFirstTimers = realTimers): WindowFirst {
  if (waitMs <= 0) return { shown: () => undefined, open: Promise.resolve({ how: 'not-waiting', afterMs: 0 }) };
  const t0 = timers.now();
  let settle: (o: WindowFirstOutcome) => void = () => undefined;
  const open = new Promise<WindowFirstOutcome>((resolve) => (settle = resolve));
  let done = false;
  const finish = (how: 'shown' | 'waited') => {
    if (done) return;
    done = true;
    timers.clearTimeout(timer);
    settle({ how, afterMs: Math.round(timers.now() - t0) });
  };
  const timer = timers.setTimeout(() => finish('waited'), waitMs);
  return { shown: () => finish('shown'), open };
}

/**
 * Waits for the gate, then says how the services began, in the log and on the start-up line:
 * what both shells (the `kiosk` command and Electron's main) do before starting the core.
 */
export async function servicesMayStart(gate: WindowFirst, logger: Logger, say: Say): Promise<WindowFirstOutcome> {
  const opened = await gate.open;
  logger.info('window-first', { how: opened.how, afterMs: opened.afterMs });
  say('•', 'services', describeWindowFirst(opened));
  return opened;
}

/** The startup line's words for how the core's start began. */
export function describeWindowFirst(o: WindowFirstOutcome): string {
  switch (o.how) {
    case 'shown':
      return `attract screen shown after ${o.afterMs} ms; starting the services`;
    case 'waited':
      return `no window showed within ${o.afterMs} ms; starting the services without it`;
    case 'not-waiting':
      return 'starting the services at once (--window-wait 0)';
  }
}

/** How long the services wait for a window unless told otherwise: a session unit started with the core shows within it. */
export const DEFAULT_WINDOW_WAIT_SECONDS = 3;

/** `--window-wait <seconds>` (0 to 60, decimals allowed) in milliseconds; null for anything else. */
export function parseWindowWait(text: string | undefined): number | null {
  if (text === undefined) return DEFAULT_WINDOW_WAIT_SECONDS * 1000;
  if (!/^\d{1,2}(\.\d{1,3})?$/.test(text.trim())) return null;
  const seconds = Number(text);
  return seconds <= 60 ? Math.round(seconds * 1000) : null;
}
