import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { err, ok, type Result } from '../../../common/result';
import { asksForSimulator } from '../../../device-drivers/device-module';
import { DEVICE_MODULES } from '../../../device-drivers/device-registry';
import { kioskConfigSchema, type KioskConfig } from './config-schema';

export interface ConfigError {
  readonly code: 'unreadable' | 'not-json' | 'invalid' | 'incomplete';
  /** Dotted path of the bad field, e.g. "session.idleTimeoutSeconds". */
  readonly field?: string;
  readonly message: string;
}

export interface ParseOptions {
  /** `kiosk start --demo`: simulators, the embedded city sandbox and the demo PIN. */
  readonly demo?: boolean;
  /** `--data-dir`: replaces the file's storage.dataDir. */
  readonly dataDir?: string;
}

type RawObject = Record<string, unknown>;
const isObject = (v: unknown): v is RawObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const section = (raw: RawObject, key: string): RawObject => (isObject(raw[key]) ? raw[key] : {});

/**
 * Outside the demo nothing is assumed: a device the file does not name is not fitted (never
 * a simulator), and VietQR is off until the centre's own account is configured.
 */
function withRealKioskDefaults(raw: RawObject): RawObject {
  const devices = { ...section(raw, 'devices') };
  for (const { section: name } of DEVICE_MODULES) devices[name] ??= { kind: 'none' };
  devices['vietQr'] ??= { enabled: false };
  // The demo's community points are not a real kiosk's: booking is offered where the file names points.
  const booking = { ...section(raw, 'booking') };
  booking['points'] ??= [];
  return { ...raw, devices, booking };
}

/** What a real kiosk cannot run without: each missing field, and what to put there. */
function realKioskGaps(config: KioskConfig, raw: RawObject): Array<{ field: string; need: string }> {
  const gaps: Array<{ field: string; need: string }> = [];
  const gap = (field: string, need: string) => gaps.push({ field, need });
  const kiosk = section(raw, 'kiosk');
  if (kiosk['id'] === undefined) gap('kiosk.id', "this kiosk's id, as the city enrolled it");
  if (kiosk['name'] === undefined) gap('kiosk.name', 'printed on every receipt');
  if (config.kiosk.mode !== 'kiosk' && section(raw, 'community')['pointCode'] === undefined) gap('community.pointCode', 'the code of the community point (or bus) this device serves, as the city enrolled it');
  if (config.city.kind !== 'remote') gap('city', 'kind "remote" with baseUrl, deviceId and deviceToken: the embedded sandbox keeps dossiers on this machine');
  if (!config.maintenance.pinHash) gap('maintenance.pinHash', 'make one with: kiosk hash-pin');
  if (!config.storage.key) gap('storage.key', '{"credential": "store-key"} from systemd, or {"file": "/etc/hanoi-kiosk/store.key"} outside the data dir');
  for (const module of DEVICE_MODULES) {
    const section = config.devices[module.section];
    if (section.kind !== 'none' && asksForSimulator(module, section)) gap(`devices.${module.section}`, 'the simulator runs only in the demo: name the real device, or "none"');
  }
  const vietQr = section(section(raw, 'devices'), 'vietQr');
  if (config.devices.vietQr.enabled && ['bankBin', 'accountNumber', 'accountName'].some((k) => vietQr[k] === undefined)) {
    gap('devices.vietQr', 'the centre\'s bankBin, accountNumber and accountName, or "enabled": false');
  }
  return gaps;
}

export function parseConfig(raw: unknown, baseDir: string = process.cwd(), options: ParseOptions = {}): Result<KioskConfig, ConfigError> {
  const input = raw ?? {};
  if (!isObject(input)) return err({ code: 'invalid', field: '(root)', message: 'config: the file must hold one JSON object' });
  if ('demo' in input) {
    return err({ code: 'invalid', field: 'demo', message: 'config: demo: the demo is started with "kiosk start --demo", not by the file' });
  }
  const demo = options.demo === true;
  const parsed = kioskConfigSchema.safeParse({ ...(demo ? input : withRealKioskDefaults(input)), demo });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const field = [...issue.path, ...keys.slice(0, 1)].join('.') || '(root)';
    const reason = issue.code === 'unrecognized_keys' ? `unknown setting "${keys.join('", "')}"` : issue.message;
    return err({ code: 'invalid', field, message: `config: ${field}: ${reason}` });
  }
  const config = parsed.data;
  if (!demo) {
    const gaps = realKioskGaps(config, input);
    if (gaps.length > 0) {
      return err({
        code: 'incomplete',
        field: gaps[0]!.field,
        message: `config: a real kiosk needs ${gaps.map((g) => `${g.field} (${g.need})`).join('; ')}. Add them, or run the demo with --demo.`,
      });
    }
  }
  const dataDir = options.dataDir ? resolve(options.dataDir) : resolve(baseDir, config.storage.dataDir);
  // The key must live off the data dir it protects: a copy of that folder must not carry it.
  const key = config.storage.key;
  if (key && 'file' in key) {
    const rel = relative(dataDir, resolve(key.file));
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
      return err({ code: 'invalid', field: 'storage.key.file', message: `config: storage.key.file: ${key.file} is inside the data dir ${dataDir}; keep the key elsewhere (e.g. /etc/hanoi-kiosk/store.key)` });
    }
  }
  return ok({ ...config, storage: { ...config.storage, dataDir } });
}

/** Reads and validates a config file; without a path, only the demo can start. */
export function loadConfig(path?: string, overrides: { dataDir?: string; demo?: boolean } = {}): Result<KioskConfig, ConfigError> {
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
  } else if (!overrides.demo) {
    return err({ code: 'incomplete', message: 'config: no configuration given: pass --config FILE (a real kiosk), or --demo for the demo' });
  }
  return parseConfig(raw, baseDir, { demo: overrides.demo === true, ...(overrides.dataDir ? { dataDir: overrides.dataDir } : {}) });
}

/** The config's start-up line: which file, whether this is the demo, which kiosk. */
export function describeConfig(path: string | undefined, config: KioskConfig): string {
  return `${path ?? 'built-in defaults'}${config.demo ? ', DEMO (simulated devices, sandbox city)' : ''} (kiosk ${config.kiosk.id})`;
}
