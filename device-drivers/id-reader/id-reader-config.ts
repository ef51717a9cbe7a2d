import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import type { OcrPool } from '../scanner/ocr-engine';
import { BarcodeReaderSimulator } from '../simulators/barcode-reader-simulator';
import { createNodeHidApi, type HidApi } from '../transports/hid';
import { FakeIdReader } from './fake-id-reader';
import { HidBarcodeReader } from './hid-barcode-reader';
import type { IdReader } from './id-reader-types';
import { MrzScanReader, type ScanCard } from './mrz-scan-reader';
import { SerialBarcodeReader } from './serial-barcode-reader';
import { idReaderConfigSchema, type IdReaderConfigInput } from './id-reader-config-schema';

export interface IdReaderDeps {
  logger: Logger;
  hid?: HidApi;
  ocr?: OcrPool;
  scanCard?: ScanCard;
}

export interface IdReaderHandle {
  reader: IdReader;
  /** Present for kind 'simulator': the control API (present a card, send garbage…). */
  simulator?: BarcodeReaderSimulator;
  /** Present for kind 'fake'. */
  fake?: FakeIdReader;
  close(): Promise<void>;
}

export interface IdReaderConfigError {
  code: 'bad-config' | 'missing-dependency' | 'simulator-failed';
  detail: string;
}

export async function createIdReader(config: IdReaderConfigInput, deps: IdReaderDeps): Promise<Result<IdReaderHandle, IdReaderConfigError>> {
  const parsed = idReaderConfigSchema.safeParse(config);
  if (!parsed.success) return err({ code: 'bad-config', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  const c = parsed.data;
  const logger = deps.logger.child('idreader');
  switch (c.kind) {
    case 'serial': {
      const reader = new SerialBarcodeReader({ path: c.path, baudRate: c.baudRate, logger, delays: { reconnectMs: c.reconnectMs, partialFrameMs: c.partialFrameMs } });
      await reader.start();
      return ok({ reader, close: () => reader.close() });
    }
    case 'hid': {
      const reader = new HidBarcodeReader({ vendorId: c.vendorId, productId: c.productId, mode: c.mode, hid: deps.hid ?? createNodeHidApi(), logger, reconnectMs: c.reconnectMs });
      await reader.start();
      return ok({ reader, close: () => reader.close() });
    }
    case 'simulator': {
      let simulator: BarcodeReaderSimulator;
      try {
        simulator = await BarcodeReaderSimulator.start();
      } catch (e) {
        return err({ code: 'simulator-failed', detail: e instanceof Error ? e.message : String(e) });
      }
      const reader = new SerialBarcodeReader({ path: simulator.driverPath, baudRate: c.baudRate, logger });
      await reader.start();
      return ok({ reader, simulator, close: async () => { await reader.close(); await simulator.stop(); } });
    }
    case 'mrz-scan': {
      if (!deps.scanCard || !deps.ocr) return err({ code: 'missing-dependency', detail: 'mrz-scan needs deps.scanCard and deps.ocr' });
      const reader = new MrzScanReader({ scanCard: deps.scanCard, ocr: deps.ocr, logger });
      return ok({ reader, close: () => reader.close() });
    }
    case 'fake': {
      const fake = new FakeIdReader();
      return ok({ reader: fake, fake, close: () => fake.close() });
    }
  }
}
