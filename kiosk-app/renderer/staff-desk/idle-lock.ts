// The desk's idle lock as plain logic: a key, click or touch keeps the shift open; after
// `lockAfterMs` with none, the desk locks; while the staff member is active the core is told
// so at most once every `reportEveryMs` (api.staff.activity), so its own idle clock agrees.
// The timer is injected, so the tests drive time by hand.

export interface IdleTimer {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface IdleLockOptions {
  readonly lockAfterMs: number;
  readonly reportEveryMs: number;
  readonly timer: IdleTimer;
  /** Nobody touched the desk for lockAfterMs. */
  onIdle(): void;
  /** Tell the core the staff member is still here. */
  onReport(): void;
}

export interface IdleLock {
  /** Starts (or starts again, after an unlock) counting from now. */
  start(): void;
  /** A key, click or touch. */
  activity(): void;
  stop(): void;
}

export function createIdleLock(o: IdleLockOptions): IdleLock {
  let running = false;
  let lastActivity = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  let handle: unknown = null;

  const clear = () => {
    if (handle !== null) o.timer.clearTimeout(handle);
    handle = null;
  };
  const arm = () => {
    clear();
    const wait = Math.max(0, lastActivity + o.lockAfterMs - o.timer.now());
    handle = o.timer.setTimeout(check, wait);
  };
  function check() {
    handle = null;
    if (!running) return;
    if (o.timer.now() - lastActivity >= o.lockAfterMs) {
      running = false;
      o.onIdle();
    } else arm();
  }

  return {
    start() {
      running = true;
      lastActivity = o.timer.now();
      // Signing in (or unlocking) is itself news for the core: the next activity reports at once.
      lastReport = Number.NEGATIVE_INFINITY;
      arm();
    },
    activity() {
      if (!running) return;
      const now = o.timer.now();
      lastActivity = now;
      if (now - lastReport >= o.reportEveryMs) {
        lastReport = now;
        o.onReport();
      }
      // The timer already armed fires at the old deadline and re-arms itself then: no churn per key.
      if (handle === null) arm();
    },
    stop() {
      running = false;
      clear();
    },
  };
}

/** The browser's own timer. */
export const windowTimer: IdleTimer = {
  now: () => Date.now(),
  setTimeout: (run, ms) => window.setTimeout(run, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};
