// What can go wrong in one exchange with the city gateway, as values. `message` is the short
// line the sync state and the maintenance panel show (never personal data, never a token).

export type CityError =
  /** No answer: refused, reset, time-out, an upload that stalled, a request aborted by stop(). */
  | { readonly code: 'network'; readonly message: string }
  /** 401: the device token is unknown or revoked. */
  | { readonly code: 'unauthorized'; readonly message: string }
  /** Any other HTTP error answer, with the city's error code and reason; Retry-After when it sent one. */
  | {
      readonly code: 'status';
      readonly status: number;
      readonly cityCode: string;
      readonly reason: string;
      readonly details?: unknown;
      readonly retryAfterMs?: number;
      readonly message: string;
    }
  /** An answer that is not what the contract says: bad JSON, a body failing its schema, too large, another id. */
  | { readonly code: 'malformed'; readonly what: string; readonly reason: string; readonly message: string };

export type StatusError = Extract<CityError, { code: 'status' }>;

export const networkError = (detail: string): CityError => ({ code: 'network', message: `network: ${detail}` });

export const unauthorizedError: CityError = { code: 'unauthorized', message: 'unauthorized' };

export const malformedAnswer = (what: string, reason: string, message = `invalid answer: ${reason}`): CityError => ({ code: 'malformed', what, reason, message });

/** The contract's rule for status answers: retry 408, 429 and 5xx; never other 4xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether asking again later may succeed: no answer, an answer that did not parse, or a
 * retryable status. 401 and other 4xx will not change by themselves.
 */
export function isTransient(e: CityError): boolean {
  return e.code === 'network' || e.code === 'malformed' || (e.code === 'status' && isRetryableStatus(e.status));
}
