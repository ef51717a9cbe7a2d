import { z } from 'zod';
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

const usbId = z.number().int().min(0).max(0xffff);

/**
 * ID-card reader configuration. `nfc` is reserved for the chip reader (a later issue): add
 * `{ kind: 'nfc', … }` here and a driver implementing IdReader with source 'nfc'.
 */
export const idReaderConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('serial'),
    /** From config, not SerialPort.list(): list() does not see PTYs and needs udevadm. */
    path: z.string().min(1),
    baudRate: z.number().int().positive().default(9600),
    reconnectMs: z.number().int().positive().default(2000),
    partialFrameMs: z.number().int().positive().default(500),
  }),
  z.object({
    kind: z.literal('hid'),
    vendorId: usbId,
    productId: usbId,
    mode: z.enum(['keyboard-wedge', 'hid-pos']).default('hid-pos'),
    reconnectMs: z.number().int().positive().default(3000),
  }),
  /** Demo/training: a simulated reader on a socat PTY pair, driven by the real serial driver. */
  z.object({ kind: z.literal('simulator'), baudRate: z.number().int().positive().default(9600) }),
  /** MRZ from a scan of the card's back (needs deps.scanCard and deps.ocr). */
  z.object({ kind: z.literal('mrz-scan') }),
  z.object({ kind: z.literal('fake') }),
]);

export type IdReaderConfig = z.output<typeof idReaderConfigSchema>;
export type IdReaderConfigInput = z.input<typeof idReaderConfigSchema>;

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
