// How a caller over loopback proves it is the kiosk's window (see host/host-token.ts):
// `Authorization: Bearer <token>` on HTTP, and on a WebSocket, which a browser cannot give
// headers, the subprotocols [HOST_WS_PROTOCOL, HOST_WS_TOKEN_PREFIX + token].
export const HOST_WS_PROTOCOL = 'kiosk-api';
export const HOST_WS_TOKEN_PREFIX = 'bearer.';
/** The fragment parameter the window's URL carries the token in. */
export const HOST_TOKEN_FRAGMENT = 'token';
