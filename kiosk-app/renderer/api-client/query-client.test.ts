import { onlineManager, QueryObserver } from '@tanstack/react-query';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskBridge } from '../../api/ipc-bridge';
import type { AppRouter } from '../../api/router';
import { ipcLink } from './ipc-link';
import { createKioskQueryClient, forgetSession, QUERY_RETRIES } from './query-client';

// The window's one QueryClient: a read is not tried forever, a refused input not at all, the
// kiosk's own api is asked whether or not the browser thinks it is online, and nothing a
// citizen's screens read outlives their session.

/** The api over the IPC link, answered by `answer` (as main does), counting the calls. */
function kioskWith(answer: (path: string) => Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string; code: string } }>) {
  const calls: string[] = [];
  const bridge: KioskBridge = {
    invoke: (op) => {
      calls.push(op.path);
      return answer(op.path);
    },
    subscribe: () => () => undefined,
  };
  const queryClient = createKioskQueryClient();
  // No wait between tries in a test; the policy (how many, on what) is the client's own.
  queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, retryDelay: 0 } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: createTRPCClient<AppRouter>({ links: [ipcLink(bridge)] }), queryClient });
  return { calls, queryClient, trpc };
}

const info = { kioskId: 'k-1', kioskName: 'Kiosk 1', mode: 'demo', defaultLanguage: 'vi', orientation: 'portrait', idleTimeoutSeconds: 90, warningSeconds: 15 };

interface ReadResult {
  readonly status: 'pending' | 'error' | 'success';
  readonly fetchStatus: 'fetching' | 'paused' | 'idle';
  readonly data: unknown;
  readonly error: unknown;
}

/** Reads as a screen does (an observer), until the read settles, retries included. */
async function read(observer: { getCurrentResult(): ReadResult; subscribe(listener: () => void): () => void }): Promise<ReadResult> {
  let unsubscribe = () => {};
  const settled = new Promise<ReadResult>((done) => {
    const check = () => {
      const r = observer.getCurrentResult();
      if (r.status !== 'pending' && r.fetchStatus === 'idle') done(r);
    };
    unsubscribe = observer.subscribe(check);
    check();
  });
  try {
    return await settled;
  } finally {
    unsubscribe();
  }
}

afterEach(() => onlineManager.setOnline(true));

describe('the kiosk query client', () => {
  it('tries a read again once when the kiosk did not answer, then shows the failure', async () => {
    const { calls, queryClient, trpc } = kioskWith(() => Promise.reject(new Error('bridge gone')));
    const r = await read(new QueryObserver(queryClient, trpc.catalog.fields.queryOptions()));
    expect(r.status).toBe('error');
    expect(r.error).toBeInstanceOf(TRPCClientError);
    expect(calls).toHaveLength(1 + QUERY_RETRIES);
    expect(QUERY_RETRIES).toBeLessThanOrEqual(2);
  });

  it('never tries a refused input again: asking the same would be refused the same', async () => {
    const { calls, queryClient, trpc } = kioskWith(() => Promise.resolve({ ok: false, error: { message: 'Invalid input', code: 'BAD_REQUEST' } }));
    const r = await read(new QueryObserver(queryClient, trpc.catalog.get.queryOptions({ code: '1.001193' })));
    expect(r.status).toBe('error');
    expect(calls).toEqual(['catalog.get']);
  });

  it('asks its own api even when the browser says it is offline (the host is on this machine)', async () => {
    onlineManager.setOnline(false);
    const { queryClient, trpc } = kioskWith(() => Promise.resolve({ ok: true, data: info }));
    const r = await read(new QueryObserver(queryClient, trpc.system.info.queryOptions()));
    expect(r.status).toBe('success');
    expect(r.data).toEqual(info);
  });

  it('forgets everything a session read, except what is kept for the attract screen', async () => {
    const { queryClient, trpc } = kioskWith((path) => Promise.resolve({ ok: true, data: path === 'system.info' ? info : [{ code: 'ho-tich' }] }));
    await read(new QueryObserver(queryClient, trpc.system.info.queryOptions()));
    await read(new QueryObserver(queryClient, trpc.catalog.fields.queryOptions()));
    await read(new QueryObserver(queryClient, trpc.catalog.byField.queryOptions({ field: 'ho-tich' })));
    queryClient.getMutationCache().build(queryClient, { mutationKey: ['journey', 'typed'] });
    expect(queryClient.getQueryCache().getAll()).toHaveLength(3);

    forgetSession(queryClient, [trpc.system.info.queryFilter()]);

    expect(queryClient.getQueryData(trpc.system.info.queryKey())).toEqual(info);
    expect(queryClient.getQueryData(trpc.catalog.fields.queryKey())).toBeUndefined();
    expect(queryClient.getQueryCache().getAll().map((q) => q.queryKey[0])).toEqual([['system', 'info']]);
    expect(queryClient.getMutationCache().getAll()).toEqual([]);

    forgetSession(queryClient);
    expect(queryClient.getQueryCache().getAll()).toEqual([]);
  });

  it('does not refetch because the window regained focus', () => {
    const queries = createKioskQueryClient().getDefaultOptions().queries;
    expect(queries?.refetchOnWindowFocus).toBe(false);
  });
});
