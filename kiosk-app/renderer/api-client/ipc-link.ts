import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
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
            else if (e.type === 'error') observer.error(TRPCClientError.from(new Error(e.error.message)));
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
              observer.error(TRPCClientError.from(new Error(r.error.message)));
            }
          })
          .catch((e: unknown) => observer.error(TRPCClientError.from(e instanceof Error ? e : new Error(String(e)))));
        return () => {
          cancelled = true;
        };
      });
}
