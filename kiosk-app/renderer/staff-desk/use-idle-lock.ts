import { useEffect, useRef } from 'react';
import { createIdleLock, windowTimer, type IdleTimer } from './idle-lock';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The desk's idle lock (idle-lock.ts) over the document's keys, clicks and touches: counts
 * while `running`, calls `onIdle` after `lockAfterMs` without any, and `onReport` at most every
 * `reportEveryMs` while the staff member works.
 */
export function useIdleLock(o: { running: boolean; lockAfterMs: number; reportEveryMs: number; onIdle(): void; onReport(): void; timer?: IdleTimer }): void {
  const latest = useRef(o);
  latest.current = o;
  const { running, lockAfterMs, reportEveryMs, timer = windowTimer } = o;
  useEffect(() => {
    if (!running) return;
    const lock = createIdleLock({ lockAfterMs, reportEveryMs, timer, onIdle: () => latest.current.onIdle(), onReport: () => latest.current.onReport() });
    lock.start();
    const onActivity = () => lock.activity();
    ACTIVITY_EVENTS.forEach((e) => document.addEventListener(e, onActivity, { capture: true, passive: true }));
    return () => {
      lock.stop();
      ACTIVITY_EVENTS.forEach((e) => document.removeEventListener(e, onActivity, { capture: true }));
    };
  }, [running, lockAfterMs, reportEveryMs, timer]);
}
