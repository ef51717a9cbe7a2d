// The answers that mean the shift is no longer open for this screen: locked (idle, or by the
// staff member on another tab), the city's session over, or nobody signed in (the core
// restarted). Each puts the sign-in over the desk; the work underneath stays.

export const SHIFT_ENDED = ['shift-locked', 'session-expired', 'not-signed-in'] as const;
export type ShiftEnded = (typeof SHIFT_ENDED)[number];

/** Why the desk is covered by the sign-in: the screen's own idle lock, "Khoá màn hình", or an answer. */
export type LockReason = 'idle' | 'staff' | ShiftEnded;

/** The reason in a call's answer, if the answer says the shift is not open. */
export function shiftEndedBy(answer: unknown): ShiftEnded | null {
  if (typeof answer !== 'object' || answer === null || Reflect.get(answer, 'ok') !== false) return null;
  const error: unknown = Reflect.get(answer, 'error');
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : null;
  return (SHIFT_ENDED as readonly unknown[]).includes(code) ? (code as ShiftEnded) : null;
}

/**
 * What the core's view of the shift (staff.current) says of it for this screen. The core judges
 * the city's end of the session by its own clock (a training run's clock may not be the window's).
 */
export function shiftLapse(view: { readonly locked: boolean; readonly expired: boolean } | null): ShiftEnded | null {
  if (view === null) return 'not-signed-in';
  if (view.locked) return 'shift-locked';
  return view.expired ? 'session-expired' : null;
}
