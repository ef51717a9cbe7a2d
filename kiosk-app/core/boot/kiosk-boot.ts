import { err, ok, type Result } from '../../../common/result';
import { describeConfig, loadConfig } from '../config/config-loader';
import type { KioskConfig } from '../config/config-schema';
import { openKioskLog, type KioskLog } from '../logging/kiosk-log';
import { preparePrivateDataDir } from '../system/private-data-dir';

// What both shells (the `kiosk start` host and Electron main) do before anything else, once:
// the configuration, fail-closed; the data dir made private; the kiosk's log opened. Each
// says its one start-up line through `say`, so a technician reads the same lines in both.

export type Say = (mark: '✔' | '✖' | '•', name: string, detail: string) => void;

export interface BootOptions {
  readonly configPath?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly demo: boolean;
  readonly say: Say;
}

export interface Booted {
  readonly config: KioskConfig;
  readonly log: KioskLog;
}

/** The configuration alone, validated (no file touched): a shell that hands over (to Electron) needs only this. */
export function readKioskConfig(o: BootOptions): Result<KioskConfig, { exitCode: number }> {
  const config = loadConfig(o.configPath, { ...(o.dataDir ? { dataDir: o.dataDir } : {}), demo: o.demo });
  if (!config.ok) {
    o.say('✖', 'config', config.error.message);
    return err({ exitCode: 2 });
  }
  return ok(config.value);
}

/** The data dir made private (umask, 0700, its own TMPDIR) and the log opened, for a config already read. */
export async function bootKiosk(o: BootOptions, config: KioskConfig): Promise<Result<Booted, { exitCode: number }>> {
  try {
    preparePrivateDataDir(config.storage.dataDir);
  } catch (e) {
    o.say('✖', 'storage', `cannot prepare data dir ${config.storage.dataDir}: ${(e as Error).message}`);
    return err({ exitCode: 1 });
  }
  o.say('✔', 'config', describeConfig(o.configPath, config));
  const log = await openKioskLog({ dataDir: config.storage.dataDir, ...config.logging });
  return ok({ config, log });
}
