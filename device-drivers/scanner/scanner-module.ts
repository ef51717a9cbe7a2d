import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok } from '../../common/result';
import { problemsOf, type DeviceModule, type RunningDevice } from '../device-module';
import type { ScannerSimulator } from '../simulators/scanner-simulator';
import { scannerConfigSchema, type ScannerConfig } from './scanner-config-schema';
import type { Scanner } from './scanner-types';

/** A scanner (or a fake, in tests) as the registry runs it; a test scan goes to a folder in `privateDir`, deleted at once. */
export function runningScanner(scanner: Scanner, simulator: ScannerSimulator | null, privateDir: string): RunningDevice<Scanner, ScannerSimulator> {
  return {
    driver: scanner,
    simulator,
    description: scanner.kind,
    async health() {
      const s = await scanner.status();
      const usable = s.state === 'ready' || s.state === 'scanning';
      return { state: usable ? 'ok' : 'degraded', detail: `${s.state}${'detail' in s ? ` (${s.detail})` : ''}`, usable };
    },
    async test() {
      // The test image may show whatever lies on the glass (a citizen's paper left behind).
      const dir = await mkdtemp(join(privateDir, 'maintenance-scan-'));
      try {
        const r = await scanner.test(dir);
        if (!r.ok) return { device: scanner.kind, ok: false, status: r.error.code, lines: [`Test scan failed (${r.error.code}): ${r.error.detail}`] };
        return { device: scanner.kind, ok: true, status: 'ready', lines: r.value };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    close: () => scanner.close(),
  };
}

/** The document scanner (SANE; the demo runs real scanimage on SANE's test backend). */
export const scannerModule: DeviceModule<'scanner', 'scanner', ScannerConfig, Scanner, ScannerSimulator> = {
  name: 'scanner',
  section: 'scanner',
  withoutIt: 'no scanner: papers are handed in at the counter',

  parseConfig(section) {
    const r = scannerConfigSchema.safeParse(section);
    return r.success ? ok(r.data) : err(problemsOf(r.error.issues));
  },
  isSimulator: (c) => c.kind === 'simulator',

  async start(config, ctx) {
    const { createScanner } = await import('./scanner-config');
    const made = createScanner(config, { logger: ctx.logger, ocr: ctx.ocr });
    if (!made.ok) return err({ detail: `scanner config: ${made.error.detail}` });
    return ok(runningScanner(made.value.scanner, made.value.simulator ?? null, ctx.dataDir));
  },

  async diag(action, config, flags, ctx) {
    const { runScannerDiag } = await import('./scanner-diag');
    return runScannerDiag(action, { ...(config ? { config } : {}), ...(flags.device ? { device: flags.device } : {}), logger: ctx.logger });
  },
};
