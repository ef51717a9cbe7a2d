import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../api/router';

// tRPC's TanStack Query integration: a screen reads with
//   const trpc = useTRPC();
//   const procedure = useQuery(trpc.catalog.get.queryOptions({ code }));
// typed by the router, keyed by procedure and input, kept in the window's one QueryClient
// (query-client.ts). The provider is set up once, in main.tsx, over the `api` client.
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
