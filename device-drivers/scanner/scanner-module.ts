import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok } from '../../common/result';
import { healthOf, parseSection, testReport, type DeviceModule, type RunningDevice } from '../device-module';
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
      return healthOf(s.state === 'ready' || s.state === 'scanning', `${s.state}${'detail' in s ? ` (${s.detail})` : ''}`);
    },
    async test() {
      // The test image may show whatever lies on the glass (a citizen's paper left behind).
      const dir = await mkdtemp(join(privateDir, 'maintenance-scan-'));
      try {
        return testReport(scanner.kind, await scanner.test(dir), 'Test scan failed');
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

  parseConfig: (section) => parseSection(scannerConfigSchema, section),
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
