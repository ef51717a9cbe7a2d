import type { KioskConfig } from '../core/config/config-schema';
import { BOOT_INFO_META } from './boot-contract';

/** What the renderer needs to know of this kiosk (no secrets): system.info's answer, from the configuration alone. */
export function systemInfoOf(c: KioskConfig) {
  return {
    kioskId: c.kiosk.id,
    kioskName: c.kiosk.name,
    mode: c.kiosk.mode,
    defaultLanguage: c.ui.defaultLanguage,
    orientation: c.ui.orientation,
    idleTimeoutSeconds: c.session.idleTimeoutSeconds,
    warningSeconds: c.session.warningSeconds,
    /** Community points and buses: the staff desk's point and how soon an idle shift locks. */
    pointCode: c.community.pointCode,
    staffLockMinutes: c.community.lockAfterMinutes,
    /** Whether citizens here may book a slot at a community point (the home screen's button). */
    booking: c.booking.points.length > 0,
  };
}

export type SystemInfo = ReturnType<typeof systemInfoOf>;

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The page with system.info's answer in a <meta> of its head: the window draws the attract
 * screen from it at once, with no round trip before the first paint (a cold start's last
 * 60–140 ms here). A page without it (or with one the renderer cannot read) asks the api.
 */
export function withBootInfo(html: string, info: SystemInfo): string {
  const meta = `<meta name="${BOOT_INFO_META}" content="${escapeAttribute(JSON.stringify(info))}" />`;
  return html.includes('</head>') ? html.replace('</head>', `  ${meta}\n  </head>`) : html;
}
