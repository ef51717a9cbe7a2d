import { join } from 'node:path';
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { createIdReader, type IdReader, type IdReaderConfigInput } from '../../../device-drivers/id-reader';
import { createPaymentTerminal, type PaymentTerminal } from '../../../device-drivers/payment';
import type { ConcertTerminalSimulator } from '../../../device-drivers/simulators/concert-terminal-simulator';
import type { BarcodeReaderSimulator } from '../../../device-drivers/simulators/barcode-reader-simulator';
import type { ScannerSimulator } from '../../../device-drivers/simulators/scanner-simulator';
import { createA4Printer, createReceiptPrinter, FileA4Printer, type A4Printer, type ConfiguredReceiptPrinter } from '../../../device-drivers/printer';
import { createScanner, OcrPool, type Scanner, type ScannerConfigInput } from '../../../device-drivers/scanner';
import type { DEVICE_SECTIONS, KioskConfig } from '../config/config-schema';
import type { StatusBoard } from '../system/component-status';

// Builds every configured device, reports each one as a technician reads it at start, and
// keeps the simulators' controls for demo and training mode. A device that cannot start
// does not stop the kiosk: it is reported, and the journey tells the citizen what to do.

export interface DeviceSimulators {
  readonly receiptPrinter: ConfiguredReceiptPrinter['simulator'];
  readonly scanner: ScannerSimulator | null;
  readonly idReader: BarcodeReaderSimulator | null;
  readonly terminal: ConcertTerminalSimulator | null;
  /** Where the A4 printer's PDFs land when it is the demo's folder printer. */
  readonly a4OutDir: string | null;
}

export interface KioskDevices {
  readonly receiptPrinter: ConfiguredReceiptPrinter | null;
  readonly a4Printer: A4Printer | null;
  readonly scanner: Scanner | null;
  readonly idReader: IdReader | null;
  readonly terminal: PaymentTerminal;
  readonly ocr: OcrPool;
  readonly simulators: DeviceSimulators;
  close(): Promise<void>;
}

export interface StartDevicesDeps {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly status: StatusBoard;
  readonly report: (name: string, ok: boolean, detail: string) => void;
}

export async function startDevices(d: StartDevicesDeps): Promise<KioskDevices> {
  const { config, logger, report, status } = d;
  const devices = config.devices;
  const closers: Array<() => Promise<void>> = [];
  const ocr = new OcrPool();
  closers.push(() => ocr.terminate());
  /** `kind: "none"`: this kiosk has no such device; the journey offers what it can do without. */
  const notFitted = (section: (typeof DEVICE_SECTIONS)[number], name: string, what: string): boolean => {
    if (devices[section].kind !== 'none') return false;
    report(name, true, `not fitted (${what})`);
    status.set(name, 'disabled', 'not fitted');
    return true;
  };

  // Receipt printer.
  let receiptPrinter: ConfiguredReceiptPrinter | null = null;
  const rp = notFitted('receiptPrinter', 'printer', 'no receipt printer: receipts are shown on screen') ? null : createReceiptPrinter(devices.receiptPrinter, { logger, clock: d.clock });
  if (rp?.ok) {
    receiptPrinter = rp.value;
    const s = await receiptPrinter.status();
    report('printer', s.state === 'ready' || s.state === 'paper-near-end', `${receiptPrinter.description}: ${s.state}`);
    status.set('printer', s.state === 'ready' ? 'ok' : 'degraded', s.state);
    closers.push(() => receiptPrinter!.close());
  } else if (rp) {
    report('printer', false, `receipt printer config: ${rp.error.detail}`);
    status.set('printer', 'down', 'bad config');
  }

  // A4 printer. The demo's cups-pdf queue needs a running CUPS scheduler; without one the
  // demo prints into a folder instead, so a newcomer's `npm start` still works end to end.
  let a4Printer: A4Printer | null = null;
  let a4OutDir: string | null = null;
  const a4 = notFitted('a4Printer', 'a4', 'no A4 printer') ? null : createA4Printer(devices.a4Printer, { logger });
  if (a4?.ok) {
    a4Printer = a4.value;
    const s = await a4Printer.status();
    if (s.state === 'no-scheduler' && devices.a4Printer.kind === 'simulator') {
      a4OutDir = join(config.storage.dataDir, 'a4-prints');
      a4Printer = new FileA4Printer(a4OutDir);
      report('a4', true, `CUPS is not running: A4 prints go to ${a4OutDir}`);
      status.set('a4', 'degraded', 'folder printer (no CUPS)');
    } else {
      report('a4', s.state === 'ready' || s.state === 'busy', `${a4Printer.description}: ${s.state}`);
      status.set('a4', s.state === 'ready' || s.state === 'busy' ? 'ok' : 'degraded', s.state);
    }
  } else if (a4) {
    report('a4', false, `A4 printer config: ${a4.error.detail}`);
    status.set('a4', 'down', 'bad config');
  }

  // Scanner.
  let scanner: Scanner | null = null;
  let scannerSim: ScannerSimulator | null = null;
  const sc = notFitted('scanner', 'scanner', 'no scanner: papers are handed in at the counter') ? null : createScanner(devices.scanner as ScannerConfigInput, { logger, ocr });
  if (sc?.ok) {
    scanner = sc.value.scanner;
    scannerSim = sc.value.simulator ?? null;
    const s = await scanner.status();
    report('scanner', s.state === 'ready', `${scanner.kind}: ${s.state}${'detail' in s ? ` (${s.detail})` : ''}`);
    status.set('scanner', s.state === 'ready' ? 'ok' : 'degraded', s.state);
    closers.push(() => scanner!.close());
  } else if (sc) {
    report('scanner', false, `scanner config: ${sc.error.detail}`);
    status.set('scanner', 'down', 'bad config');
  }

  // ID-card reader.
  let idReader: IdReader | null = null;
  let idSim: BarcodeReaderSimulator | null = null;
  const id = notFitted('idReader', 'idreader', 'no ID-card reader: the citizen types the ID number') ? null : await createIdReader(devices.idReader as IdReaderConfigInput, { logger, ocr });
  if (id?.ok) {
    idReader = id.value.reader;
    idSim = id.value.simulator ?? null;
    const s = await idReader.status();
    report('idreader', s.state === 'ready', `${idReader.kind}: ${s.state}`);
    status.set('idreader', s.state === 'ready' ? 'ok' : 'degraded', s.state);
    closers.push(() => id.value.close());
  } else if (id) {
    report('idreader', false, `ID reader: ${id.error.detail}`);
    status.set('idreader', 'down', id.error.code);
  }

  // Card terminal.
  let created: Awaited<ReturnType<typeof createPaymentTerminal>>;
  try {
    created = await createPaymentTerminal(devices.paymentTerminal, { logger, clock: d.clock });
  } catch (e) {
    report('terminal', false, `payment terminal config: ${(e as Error).message.split('\n')[0]}`);
    status.set('terminal', 'down', 'bad config');
    created = await createPaymentTerminal({ kind: 'none' });
  }
  const terminal = created.terminal;
  if (terminal.kind === 'none') {
    report('terminal', true, 'no card terminal: fees are paid by VietQR or at the counter');
    status.set('terminal', 'disabled', 'none');
  } else {
    const test = await terminal.test();
    report('terminal', test.ok, `${terminal.kind}: ${test.ok ? 'ready' : test.error.code}`);
    status.set('terminal', test.ok ? 'ok' : 'degraded', test.ok ? 'ready' : test.error.code);
  }
  closers.push(() => terminal.close());

  return {
    receiptPrinter,
    a4Printer,
    scanner,
    idReader,
    terminal,
    ocr,
    simulators: { receiptPrinter: receiptPrinter?.simulator ?? null, scanner: scannerSim, idReader: idSim, terminal: created.simulator ?? null, a4OutDir },
    close: async () => {
      for (const close of closers.reverse()) await close().catch((e: unknown) => logger.warn('device-close-failed', { message: String(e) }));
    },
  };
}
