import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { err, ok, type Result } from '../../../common/result';
import { kioskConfigSchema, type KioskConfig } from './config-schema';

export interface ConfigError {
  readonly code: 'unreadable' | 'not-json' | 'invalid';
  /** Dotted path of the bad field, e.g. "session.idleTimeoutSeconds". */
  readonly field?: string;
  readonly message: string;
}

export function parseConfig(raw: unknown, baseDir: string = process.cwd()): Result<KioskConfig, ConfigError> {
  const parsed = kioskConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].join('.') || '(root)';
    const reason = issue.code === 'unrecognized_keys' ? `unknown setting "${keys.join('", "')}"` : issue.message;
    return err({ code: 'invalid', field, message: `config: ${field}: ${reason}` });
  }
  const config = parsed.data;
  return ok({ ...config, storage: { ...config.storage, dataDir: resolve(baseDir, config.storage.dataDir) } });
}

/** Reads and validates a config file; without a path, the demo defaults. */
export function loadConfig(path?: string, overrides: { dataDir?: string } = {}): Result<KioskConfig, ConfigError> {
  let raw: unknown = {};
  let baseDir = process.cwd();
  if (path) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return err({ code: 'unreadable', message: `config ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return err({ code: 'not-json', message: `config ${path}: not valid JSON (${(e as Error).message})` });
    }
    baseDir = dirname(resolve(path));
  }
  const result = parseConfig(raw, baseDir);
  if (!result.ok || !overrides.dataDir) return result;
  return ok({ ...result.value, storage: { ...result.value.storage, dataDir: resolve(overrides.dataDir) } });
}
