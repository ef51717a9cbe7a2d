import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink } from '@trpc/client';
import type { AppRouter } from '../../api/router';
import type { KioskBridge } from '../../api/ipc-bridge';
import { authenticatedWebSocket, takeHostToken } from './host-token';
import { ipcLink } from './ipc-link';

// One client, two transports: the renderer code is the same under Electron and Chromium.
function createApiClient() {
  const bridge = (window as unknown as { kioskBridge?: KioskBridge }).kioskBridge;
  if (bridge) return createTRPCClient<AppRouter>({ links: [ipcLink(bridge)] });
  // Over loopback every call carries the host's per-boot token (host/host-token.ts).
  const token = takeHostToken();
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/trpc-ws`;
  const wsClient = createWSClient({ url: wsUrl, WebSocket: authenticatedWebSocket(token), retryDelayMs: (attempt) => Math.min(5000, 250 * 2 ** attempt) });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({ url: `${location.origin}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) }),
      }),
    ],
  });
}

export const api = createApiClient();
export type Api = typeof api;
