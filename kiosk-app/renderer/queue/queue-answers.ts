import type { ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import type { CallFailure } from '../api-client/call-failure';
import { useErrorText } from '../i18n/error-text';

// What the queue's calls answer, as the queue's screens use it (read from the router, never
// written out again), and the plain sentence for a refusal.

type QueueOut = ApiOutputs['queue'];
export type Field = ValueOf<QueueOut['options']>['fields'][number];
export type Identification = ValueOf<QueueOut['identifyTyped']>;
export type Ticket = ValueOf<QueueOut['take']>;
export type TakeError = ErrorOf<QueueOut['take']> | CallFailure;

/** The plain sentence for a refusal or failure (i18n/error-text.ts, the queue's area). */
export function useRefusalText(): (e: TakeError) => string {
  const errorText = useErrorText('queue');
  return (e) => errorText(e).what;
}
