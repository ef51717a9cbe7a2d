import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { createSimulatedScanner, type ScannerSimulator } from '../simulators/scanner-simulator';
import { FakeScanner } from './fake-scanner';
import type { OcrPool } from './ocr-engine';
import { scannerConfigSchema, type ScannerConfigInput } from './scanner-config-schema';
import { SaneScanner } from './sane-scanner';
import type { Scanner } from './scanner-types';

export interface ScannerDeps {
  logger: Logger;
  /** Needed for the readability check; share the pool with the MRZ reader. */
  ocr?: OcrPool | null;
}

export interface ScannerHandle {
  scanner: Scanner;
  /** Present for kind 'simulator': jam / no paper / cover open, feeder and glass contents. */
  simulator?: ScannerSimulator;
  fake?: FakeScanner;
}

export function createScanner(config: ScannerConfigInput, deps: ScannerDeps): Result<ScannerHandle, { code: 'bad-config'; detail: string }> {
  const parsed = scannerConfigSchema.safeParse(config);
  if (!parsed.success) return err({ code: 'bad-config', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const c = parsed.data;
  const logger = deps.logger.child('scanner');
  switch (c.kind) {
    case 'sane':
      return ok({
        scanner: new SaneScanner({
          device: c.device,
          env: c.saneConfigDir ? { configDir: c.saneConfigDir } : {},
          sourceNames: c.sourceNames,
          modeNames: c.modeNames,
          pageSizeMm: c.pageSizeMm,
          extraArgs: c.extraArgs,
          timeoutMs: c.timeoutMs,
          logger,
          ocr: deps.ocr ?? null,
          readability: c.readability,
        }),
      });
    case 'simulator': {
      const { scanner, control } = createSimulatedScanner({ saneConfigDir: c.saneConfigDir, logger, ocr: deps.ocr ?? null, readability: c.readability, readDelayUs: c.readDelayUs, autoRefill: c.autoRefill });
      return ok({ scanner, simulator: control });
    }
    case 'fake': {
      const fake = new FakeScanner();
      return ok({ scanner: fake, fake });
    }
  }
}
