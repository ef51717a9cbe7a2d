import { BOOT_INFO_META } from '../../api/boot-contract';
import type { ApiOutputs } from './api-types';

type SystemInfo = ApiOutputs['system']['info'];

const MODES: readonly string[] = ['kiosk', 'community', 'bus'] satisfies readonly SystemInfo['mode'][];
const ORIENTATIONS: readonly string[] = ['auto', 'portrait', 'landscape'] satisfies readonly SystemInfo['orientation'][];

function isSystemInfo(v: unknown): v is SystemInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o['kioskId'] === 'string' &&
    typeof o['kioskName'] === 'string' &&
    typeof o['defaultLanguage'] === 'string' &&
    typeof o['mode'] === 'string' && MODES.includes(o['mode']) &&
    typeof o['orientation'] === 'string' && ORIENTATIONS.includes(o['orientation']) &&
    typeof o['idleTimeoutSeconds'] === 'number' &&
    typeof o['warningSeconds'] === 'number' &&
    typeof o['pointCode'] === 'string' &&
    typeof o['staffLockMinutes'] === 'number' &&
    typeof o['booking'] === 'boolean'
  );
}

/**
 * system.info's answer as the host wrote it into the page (api/system-info.ts), or undefined
 * when the page has none or one that does not read: then the window asks the api as before.
 */
export function bootInfoOf(content: string | null | undefined): SystemInfo | undefined {
  if (!content) return undefined;
  try {
    const v: unknown = JSON.parse(content);
    return isSystemInfo(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The boot info of the page this window loaded. */
export function bootInfoOfPage(doc: Document = document): SystemInfo | undefined {
  return bootInfoOf(doc.querySelector(`meta[name="${BOOT_INFO_META}"]`)?.getAttribute('content'));
}
