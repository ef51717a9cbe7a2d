// The only IPC channels between the preload and main. Shared by both so neither can drift.
export const IPC_INVOKE = 'kiosk:invoke';
export const IPC_SUBSCRIBE = 'kiosk:subscribe';
export const IPC_UNSUBSCRIBE = 'kiosk:unsubscribe';
export const IPC_EVENT = 'kiosk:event';

/** The custom protocol the renderer is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';

/**
 * Whether a URL is on our app:// origin. Node's URL gives every non-special scheme the
 * opaque origin "null" (Chromium knows app:// is standard only because we registered it),
 * so comparing `.origin` would refuse our own pages: compare scheme and host instead.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === new URL(APP_ORIGIN).host && u.username === '' && u.password === '' && u.port === '';
  } catch {
    return false;
  }
}
