import type { StoreKeySource } from '../../../offline-sync';
import type { KioskConfig } from './config-schema';

/**
 * The store's key source for this config. A real kiosk always names one (the loader refuses
 * it otherwise); only the demo falls back to the generated key in its own data dir.
 */
export function storeKeySource(config: KioskConfig): StoreKeySource {
  const key = config.storage.key;
  if (key && 'credential' in key) return { kind: 'credential', name: key.credential };
  if (key && 'file' in key) return { kind: 'file', path: key.file };
  return { kind: 'data-dir' };
}
