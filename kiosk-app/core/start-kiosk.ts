import { mkdirSync } from 'node:fs';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { loadAssistant } from './assistant';
import { loadCatalog } from './catalog/catalog-loader';
import type { KioskConfig } from './config/config-schema';
import { createKioskCore, type KioskCore } from './kiosk-core';
import { StatusBoard } from './system/component-status';

// The composition root shared by both shells (the `kiosk start` host and Electron main):
// it builds every service from the configuration and reports each one as it starts.

export interface StartedComponent {
  readonly name: string;
  readonly detail: string;
}

export interface RunningKiosk {
  readonly core: KioskCore;
  close(): Promise<void>;
}

export interface StartError {
  readonly component: string;
  readonly message: string;
}

export async function startKiosk(options: {
  config: KioskConfig;
  clock: Clock;
  logger: Logger;
  onStarted?: (c: StartedComponent) => void;
}): Promise<Result<RunningKiosk, StartError>> {
  const { config, logger } = options;
  const started = (name: string, detail: string) => options.onStarted?.({ name, detail });
  const closers: Array<() => Promise<void>> = [];
  const status = new StatusBoard();

  try {
    mkdirSync(config.storage.dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return err({ component: 'storage', message: `cannot create data dir ${config.storage.dataDir}: ${(e as Error).message}` });
  }

  const catalog = loadCatalog();
  if (!catalog.ok) return err({ component: 'catalog', message: catalog.error.message });
  started('catalog', `${catalog.value.procedures.length} procedures, version ${catalog.value.version}`);
  status.set('catalog', 'ok', `${catalog.value.procedures.length} procedures`);

  const online = config.assistant.onlineModel;
  const assistant = loadAssistant({ catalog: catalog.value, clock: options.clock, logger, ...(online ? { onlineModel: online } : {}) });
  if (!assistant.ok) return err({ component: 'assistant', message: assistant.error.message });
  started('assistant', `offline, 6 languages${online ? `; online model ${online.model} at ${new URL(online.baseUrl).host}` : ''}`);

  const core = createKioskCore({ config, catalog: catalog.value, clock: options.clock, logger, status, assistant: assistant.value });
  return ok({
    core,
    close: async () => {
      for (const close of closers.reverse()) await close().catch((e: unknown) => logger.warn('close-failed', { message: String(e) }));
    },
  });
}
