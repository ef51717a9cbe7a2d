import { err, ok } from '../../common/result';
import { healthOf, parseSection, testReport, type DeviceModule, type RunningDevice } from '../device-module';
import type { BarcodeReaderSimulator } from '../simulators/barcode-reader-simulator';
import { idReaderConfigSchema, type IdReaderConfig } from './id-reader-config-schema';
import type { IdReader } from './id-reader-types';

/** An ID-card reader (or a fake, in tests) as the registry runs it. */
export function runningIdReader(reader: IdReader, simulator: BarcodeReaderSimulator | null, close: () => Promise<void> = () => reader.close()): RunningDevice<IdReader, BarcodeReaderSimulator> {
  return {
    driver: reader,
    simulator,
    description: reader.kind,
    async health() {
      const s = await reader.status();
      return healthOf(s.state === 'ready' || s.state === 'reading', s.state);
    },
    test: async () => testReport(reader.kind, await reader.test()),
    close,
  };
}

/** The ID-card reader: the CCCD's QR through a 2D barcode reader (serial or HID), or its MRZ from a scan. */
export const idReaderModule: DeviceModule<'idreader', 'idReader', IdReaderConfig, IdReader, BarcodeReaderSimulator> = {
  name: 'idreader',
  section: 'idReader',
  withoutIt: 'no ID-card reader: the citizen types the ID number',

  parseConfig: (section) => parseSection(idReaderConfigSchema, section),
  isSimulator: (c) => c.kind === 'simulator',

  async start(config, ctx) {
    const { createIdReader } = await import('./id-reader-config');
    const made = await createIdReader(config, { logger: ctx.logger, ocr: ctx.ocr });
    if (!made.ok) return err({ detail: `ID reader: ${made.error.detail}` });
    return ok(runningIdReader(made.value.reader, made.value.simulator ?? null, () => made.value.close()));
  },

  async diag(action, config, flags, ctx) {
    const { runIdReaderDiag } = await import('./id-reader-diag');
    return runIdReaderDiag(action, {
      ...(config ? { config } : {}),
      ...(flags.port ? { port: flags.port } : {}),
      ...(flags.baud ? { baudRate: flags.baud } : {}),
      ...(flags.listen !== undefined ? { listenMs: flags.listen * 1000 } : {}),
      logger: ctx.logger,
    });
  },
};
