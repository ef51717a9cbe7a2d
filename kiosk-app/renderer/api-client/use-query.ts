import { useEffect, useState } from 'react';

export type QueryState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly data: T };

/** Runs an api call when its key changes; stale answers (from an older key) are dropped. */
export function useQuery<T>(key: string, run: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<{ key: string; value: QueryState<T> }>({ key, value: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    setState((s) => (s.key === key && s.value.status === 'ready' ? s : { key, value: { status: 'loading' } }));
    run().then(
      (data) => live && setState({ key, value: { status: 'ready', data } }),
      (e: unknown) => live && setState({ key, value: { status: 'error', message: e instanceof Error ? e.message : String(e) } }),
    );
    return () => {
      live = false;
    };
    // `run` is recreated each render; the key says when to run again.
  }, [key]);
  return state.key === key ? state.value : { status: 'loading' };
}
