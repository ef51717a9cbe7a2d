// The host's per-boot token reaches the window in its URL's fragment (#token=…), which a
// browser never sends to a server. It is kept for this tab only and the fragment is removed,
// so it is not on screen, in history or in a screenshot of the address.

import { HOST_TOKEN_FRAGMENT, HOST_WS_PROTOCOL, HOST_WS_TOKEN_PREFIX } from '../../api/host-auth-protocol';

const KEY = 'kiosk-host-token';
const FRAGMENT = new RegExp(`(?:^#|&)${HOST_TOKEN_FRAGMENT}=([A-Za-z0-9_-]{16,128})(?:&|$)`);

export function takeHostToken(): string | null {
  const m = FRAGMENT.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, m[1]!);
    history.replaceState(history.state, '', location.pathname + location.search);
    return m[1]!;
  }
  return sessionStorage.getItem(KEY);
}

/** A WebSocket that presents the token as a subprotocol (a browser cannot set headers on one). */
export function authenticatedWebSocket(token: string | null): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL) {
      super(url, token ? [HOST_WS_PROTOCOL, HOST_WS_TOKEN_PREFIX + token] : [HOST_WS_PROTOCOL]);
    }
  };
}
