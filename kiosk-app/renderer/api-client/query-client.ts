import { matchQuery, QueryClient, type QueryFilters } from '@tanstack/react-query';
import { callFailure } from './call-failure';

// The screens' server state (what they read from the api) is kept by TanStack Query, through
// tRPC's integration (trpc-react.ts). One client for the window, made at start-up (main.tsx).

/** A read is tried again once when the kiosk did not answer; a refused input never is. */
export const QUERY_RETRIES = 1;

export function createKioskQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => failures < QUERY_RETRIES && callFailure(error).code === 'network',
        // The api is the kiosk's own (loopback or IPC): it answers whether or not the kiosk
        // has a network, so a read never waits for the browser to say it is online.
        networkMode: 'always',
        // Nobody switches windows on a kiosk, and the network coming back says nothing of
        // the kiosk's own host.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
}

/**
 * The end of a citizen session: nothing read during it stays for the next citizen. Only the
 * reads named in `keep` stay (what the attract screen itself shows, the same for everyone).
 */
export function forgetSession(queryClient: QueryClient, keep: readonly QueryFilters[] = []): void {
  queryClient.removeQueries({ predicate: (query) => !keep.some((filter) => matchQuery(filter, query)) });
  queryClient.getMutationCache().clear();
}
