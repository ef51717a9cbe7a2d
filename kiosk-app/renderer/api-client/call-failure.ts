import { TRPCClientError } from '@trpc/client';

// A call that throws instead of answering a Result: either the kiosk's own checks refused
// what the screen sent (zod, answered as BAD_REQUEST), or the kiosk did not answer at all.
// The two need different words: "check what you entered" is not "wait and try again".

export type CallFailure = { readonly code: 'invalid-input' } | { readonly code: 'network' };

export function callFailure(e: unknown): CallFailure {
  const data = e instanceof TRPCClientError ? (e.data as { code?: unknown } | null | undefined) : undefined;
  return data?.code === 'BAD_REQUEST' ? { code: 'invalid-input' } : { code: 'network' };
}

/** A Result-answering call whose throw becomes the Result's typed error. */
export function settle<R>(call: Promise<R>): Promise<R | { readonly ok: false; readonly error: CallFailure }> {
  return call.catch((e: unknown) => ({ ok: false as const, error: callFailure(e) }));
}
