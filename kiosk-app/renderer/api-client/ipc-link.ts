import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { KioskBridge } from '../../api/ipc-bridge';
import type { AppRouter } from '../../api/router';

/** Transport 1: the api over Electron IPC through the preload bridge. */
export function ipcLink(bridge: KioskBridge): TRPCLink<AppRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        if (op.type === 'subscription') {
          return bridge.subscribe({ path: op.path, input: op.input }, (e) => {
            if (e.type === 'data') observer.next({ result: { type: 'data', data: e.data } });
            else if (e.type === 'error') observer.error(clientError(e.error));
            else observer.complete();
          });
        }
        let cancelled = false;
        bridge
          .invoke({ type: op.type, path: op.path, input: op.input })
          .then((r) => {
            if (cancelled) return;
            if (r.ok) {
              observer.next({ result: { type: 'data', data: r.data } });
              observer.complete();
            } else {
              observer.error(clientError(r.error));
            }
          })
          .catch((e: unknown) => observer.error(TRPCClientError.from(e instanceof Error ? e : new Error(String(e)))));
        return () => {
          cancelled = true;
        };
      });
}

/** The main process's refusal as the client error HTTP would give, its code kept (a BAD_REQUEST is the citizen's input, not the network). */
function clientError(error: { message: string; code: string }): TRPCClientError<AppRouter> {
  const number = TRPC_ERROR_CODES_BY_KEY[error.code as TRPC_ERROR_CODE_KEY] ?? TRPC_ERROR_CODES_BY_KEY.INTERNAL_SERVER_ERROR;
  return TRPCClientError.from({ error: { message: error.message, code: number, data: { code: error.code } } });
}
