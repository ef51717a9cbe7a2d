import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** SANE_Status values (sane/sane.h). scanimage exits with the status of the failing call. */
export const SANE_STATUS = {
  GOOD: 0,
  UNSUPPORTED: 1,
  CANCELLED: 2,
  DEVICE_BUSY: 3,
  INVAL: 4,
  EOF: 5,
  JAMMED: 6,
  NO_DOCS: 7,
  COVER_OPEN: 8,
  IO_ERROR: 9,
  NO_MEM: 10,
  ACCESS_DENIED: 11,
} as const;

export type SaneCondition =
  | 'ok'
  | 'jammed'
  | 'no-docs'
  | 'cover-open'
  | 'busy'
  | 'io-error'
  | 'invalid'
  | 'access-denied'
  | 'no-device'
  | 'no-memory'
  | 'cancelled'
  | 'timeout'
  | 'not-installed'
  | 'unknown';

export interface ScanimageRun {
  condition: SaneCondition;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface SaneEnv {
  /** Directory with dll.conf (+ backend confs). Restricting it makes `scanimage -L` take ms, not seconds. */
  configDir?: string;
  scanimagePath?: string;
}

/**
 * Runs scanimage (execFile, never a shell) and classifies the outcome. In batch (ADF) mode
 * scanimage exits 0 even when the feeder reports jam / no docs, so stderr is read as well.
 */
export function runScanimage(args: readonly string[], env: SaneEnv, timeoutMs: number, cwd?: string): Promise<ScanimageRun> {
  const started = Date.now();
  const childEnv = { ...process.env };
  if (env.configDir) childEnv.SANE_CONFIG_DIR = env.configDir;
  return new Promise((resolve) => {
    // Set once scanimage has printed its outcome (the batch summary, or a fatal sane_start /
    // sane_read status such as a jam) but not exited: some backends (SANE's own test backend
    // among them, about one run in 40 here) hang in their close. The outcome is known by then,
    // so it is stopped and the printed outcome kept.
    let hungAfterOutcome = false;
    const child = execFile(
      env.scanimagePath ?? 'scanimage',
      [...args],
      { env: childEnv, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024, cwd, encoding: 'utf8' },
      (error, stdout, stderr) => {
        clearTimeout(closeTimer);
        const ms = Date.now() - started;
        const e = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
        let exitCode: number | null = 0;
        let condition: SaneCondition = classifyStderr(stderr) ?? 'ok';
        if (e && !hungAfterOutcome) {
          if (e.code === 'ENOENT') condition = 'not-installed';
          else if (e.killed) condition = 'timeout';
          else {
            exitCode = typeof e.code === 'number' ? e.code : null;
            condition = classifyStderr(stderr) ?? classifyExit(exitCode);
          }
          if (condition === 'not-installed' || condition === 'timeout') exitCode = null;
        }
        resolve({ condition, exitCode, stdout, stderr, ms });
      },
    );
    let closeTimer: NodeJS.Timeout | undefined;
    let seen = '';
    child.stderr?.on('data', (chunk: string | Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (closeTimer || !PRINTED_OUTCOME.test(seen)) return;
      closeTimer = setTimeout(() => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        hungAfterOutcome = true;
        child.kill('SIGKILL');
        // A helper process of the backend may still hold the pipes: stop waiting for them.
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, BATCH_CLOSE_GRACE_MS);
    });
  });
}

/** How long scanimage may take to exit after it printed its outcome. */
const BATCH_CLOSE_GRACE_MS = 2000;
/** What scanimage prints last: the batch summary, or the status that ends the scan. */
const PRINTED_OUTCOME = /Batch terminated|scanimage: sane_(?:start|read): /;

function classifyExit(code: number | null): SaneCondition {
  switch (code) {
    case SANE_STATUS.JAMMED: return 'jammed';
    case SANE_STATUS.NO_DOCS: return 'no-docs';
    case SANE_STATUS.COVER_OPEN: return 'cover-open';
    case SANE_STATUS.DEVICE_BUSY: return 'busy';
    case SANE_STATUS.IO_ERROR: return 'io-error';
    case SANE_STATUS.INVAL: return 'invalid';
    case SANE_STATUS.ACCESS_DENIED: return 'access-denied';
    case SANE_STATUS.NO_MEM: return 'no-memory';
    case SANE_STATUS.CANCELLED: return 'cancelled';
    default: return 'unknown';
  }
}

/** sane_strstatus() texts as scanimage prints them. */
function classifyStderr(stderr: string): SaneCondition | null {
  if (/Document feeder jammed/i.test(stderr)) return 'jammed';
  if (/Scanner cover is open/i.test(stderr)) return 'cover-open';
  if (/Device busy/i.test(stderr)) return 'busy';
  if (/Error during device I\/O/i.test(stderr)) return 'io-error';
  if (/open of device .* failed/i.test(stderr)) return 'no-device';
  if (/no SANE devices found/i.test(stderr)) return 'no-device';
  if (/Access to resource has been denied/i.test(stderr)) return 'access-denied';
  // "out of documents" is how an ADF batch ends normally; the caller decides whether it was an error.
  if (/Document feeder out of documents/i.test(stderr)) return 'no-docs';
  return null;
}

export interface SaneDevice {
  name: string;
  vendor: string;
  model: string;
  type: string;
}

export async function listSaneDevices(env: SaneEnv, timeoutMs = 10_000): Promise<{ devices: SaneDevice[]; run: ScanimageRun }> {
  const run = await runScanimage(['-f', '%d|%v|%m|%t%n'], env, timeoutMs);
  const devices = run.stdout
    .split('\n')
    .map((l) => l.split('|'))
    .filter((p) => p.length === 4 && p[0])
    .map(([name = '', vendor = '', model = '', type = '']) => ({ name, vendor, model, type }));
  return { devices, run };
}

/**
 * A SANE config dir that loads only the `test` backend. On Debian the test backend is
 * commented out in /etc/sane.d/dll.conf, and probing every backend takes ~3.4 s.
 */
export function ensureTestBackendConfigDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const dll = join(dir, 'dll.conf');
  if (!existsSync(dll)) writeFileSync(dll, 'test\n');
  const conf = join(dir, 'test.conf');
  if (!existsSync(conf) && existsSync('/etc/sane.d/test.conf')) copyFileSync('/etc/sane.d/test.conf', conf);
  return dir;
}
