// The only IPC channels between the preload and main. Shared by both so neither can drift.
export const IPC_INVOKE = 'kiosk:invoke';
export const IPC_SUBSCRIBE = 'kiosk:subscribe';
export const IPC_UNSUBSCRIBE = 'kiosk:unsubscribe';
export const IPC_EVENT = 'kiosk:event';

/** The custom protocol the renderer is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';
