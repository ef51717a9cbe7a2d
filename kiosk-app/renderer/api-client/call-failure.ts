import { TRPCClientError } from '@trpc/client';

// A call that throws instead of answering a Result: either the kiosk's own checks refused
// what the screen sent (zod, answered as BAD_REQUEST), or the kiosk did not answer at all.
// The two need different words: "check what you entered" is not "wait and try again".

export type CallFailure = { readonly code: 'invalid-input' } | { readonly code: 'network' };

/** A thrown call as the Result error a screen handles (`settle`, the journey's actors). */
export interface Unanswered {
  readonly ok: false;
  readonly error: CallFailure;
}
/** A Result-answering call as a screen handles it: the api's own answer, or the failure its throw became. */
export type Settled<R> = R | Unanswered;

export function callFailure(e: unknown): CallFailure {
  const data = e instanceof TRPCClientError ? (e.data as { code?: unknown } | null | undefined) : undefined;
  return data?.code === 'BAD_REQUEST' ? { code: 'invalid-input' } : { code: 'network' };
}

/** A Result-answering call whose throw becomes the Result's typed error. */
export function settle<R>(call: Promise<R>): Promise<Settled<R>> {
  return call.catch((e: unknown): Unanswered => ({ ok: false, error: callFailure(e) }));
}

/**
 * Only a refusal of the input becomes a Result (invalid-input); any other throw goes on, for
 * a caller that tells "the kiosk did not answer" its own way (the journey machine's onError).
 */
export function settleRefusal<R>(call: Promise<R>): Promise<Settled<R>> {
  return call.catch((e: unknown): Unanswered => {
    const failure = callFailure(e);
    if (failure.code === 'invalid-input') return { ok: false, error: failure };
    throw e;
  });
}
