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
  const { config, logger, status } = d;
  const devices = config.devices;
  const ocr = new OcrPool();

  // The devices start at once (each one waits on its own port, socket or scheduler), and
  // their lines are reported afterwards in a fixed order, so a technician reads the same
  // start-up every time.
  type Line = readonly [name: string, ok: boolean, detail: string];
  const lines = new Map<string, Line[]>();
  const reporterFor = (name: string) => {
    const own: Line[] = [];
    lines.set(name, own);
    return (n: string, ok: boolean, detail: string) => void own.push([n, ok, detail]);
  };

  /** `kind: "none"`: this kiosk has no such device; the journey offers what it can do without. */
  const notFitted = (report: ReturnType<typeof reporterFor>, section: (typeof DEVICE_SECTIONS)[number], name: string, what: string): boolean => {
    if (devices[section].kind !== 'none') return false;
    report(name, true, `not fitted (${what})`);
    status.set(name, 'disabled', 'not fitted');
    return true;
  };

  const startReceiptPrinter = async (): Promise<ConfiguredReceiptPrinter | null> => {
    const report = reporterFor('printer');
    const rp = notFitted(report, 'receiptPrinter', 'printer', 'no receipt printer: receipts are shown on screen') ? null : createReceiptPrinter(devices.receiptPrinter, { logger, clock: d.clock });
    if (rp?.ok) {
      const printer = rp.value;
      const s = await printer.status();
      report('printer', s.state === 'ready' || s.state === 'paper-near-end', `${printer.description}: ${s.state}`);
      status.set('printer', s.state === 'ready' ? 'ok' : 'degraded', s.state);
      return printer;
    }
    if (rp) {
      report('printer', false, `receipt printer config: ${rp.error.detail}`);
      status.set('printer', 'down', 'bad config');
    }
    return null;
  };

  // The demo's cups-pdf queue needs a running CUPS scheduler; without one the demo prints
  // into a folder instead, so a newcomer's `npm start` still works end to end.
  const startA4Printer = async (): Promise<{ printer: A4Printer | null; outDir: string | null }> => {
    const report = reporterFor('a4');
    const a4 = notFitted(report, 'a4Printer', 'a4', 'no A4 printer') ? null : createA4Printer(devices.a4Printer, { logger });
    if (a4?.ok) {
      const s = await a4.value.status();
      if (s.state === 'no-scheduler' && devices.a4Printer.kind === 'simulator') {
        const outDir = join(config.storage.dataDir, 'a4-prints');
        report('a4', true, `CUPS is not running: A4 prints go to ${outDir}`);
        status.set('a4', 'degraded', 'folder printer (no CUPS)');
        return { printer: new FileA4Printer(outDir), outDir };
      }
      report('a4', s.state === 'ready' || s.state === 'busy', `${a4.value.description}: ${s.state}`);
      status.set('a4', s.state === 'ready' || s.state === 'busy' ? 'ok' : 'degraded', s.state);
      return { printer: a4.value, outDir: null };
    }
    if (a4) {
      report('a4', false, `A4 printer config: ${a4.error.detail}`);
      status.set('a4', 'down', 'bad config');
    }
    return { printer: null, outDir: null };
  };

  const startScanner = async (): Promise<{ scanner: Scanner | null; simulator: ScannerSimulator | null }> => {
    const report = reporterFor('scanner');
    const sc = notFitted(report, 'scanner', 'scanner', 'no scanner: papers are handed in at the counter') ? null : createScanner(devices.scanner as ScannerConfigInput, { logger, ocr });
    if (sc?.ok) {
      const scanner = sc.value.scanner;
      const s = await scanner.status();
      report('scanner', s.state === 'ready', `${scanner.kind}: ${s.state}${'detail' in s ? ` (${s.detail})` : ''}`);
      status.set('scanner', s.state === 'ready' ? 'ok' : 'degraded', s.state);
      return { scanner, simulator: sc.value.simulator ?? null };
    }
    if (sc) {
      report('scanner', false, `scanner config: ${sc.error.detail}`);
      status.set('scanner', 'down', 'bad config');
    }
    return { scanner: null, simulator: null };
  };

  const startIdReader = async (): Promise<{ reader: IdReader | null; simulator: BarcodeReaderSimulator | null; close: (() => Promise<void>) | null }> => {
    const report = reporterFor('idreader');
    const id = notFitted(report, 'idReader', 'idreader', 'no ID-card reader: the citizen types the ID number') ? null : await createIdReader(devices.idReader as IdReaderConfigInput, { logger, ocr });
    if (id?.ok) {
      const reader = id.value.reader;
      const s = await reader.status();
      report('idreader', s.state === 'ready', `${reader.kind}: ${s.state}`);
      status.set('idreader', s.state === 'ready' ? 'ok' : 'degraded', s.state);
      return { reader, simulator: id.value.simulator ?? null, close: () => id.value.close() };
    }
    if (id) {
      report('idreader', false, `ID reader: ${id.error.detail}`);
      status.set('idreader', 'down', id.error.code);
    }
    return { reader: null, simulator: null, close: null };
  };

  const startTerminal = async (): Promise<Awaited<ReturnType<typeof createPaymentTerminal>>> => {
    const report = reporterFor('terminal');
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
    return created;
  };

  const [receiptPrinter, a4, sc, id, created] = await Promise.all([startReceiptPrinter(), startA4Printer(), startScanner(), startIdReader(), startTerminal()]);
  for (const name of ['printer', 'a4', 'scanner', 'idreader', 'terminal']) for (const line of lines.get(name) ?? []) d.report(...line);

  // Closed in the reverse of the order they are reported in.
  const closers: Array<() => Promise<void>> = [() => ocr.terminate()];
  if (receiptPrinter) closers.push(() => receiptPrinter.close());
  if (sc.scanner) closers.push(() => sc.scanner!.close());
  if (id.close) closers.push(id.close);
  closers.push(() => created.terminal.close());

  return {
    receiptPrinter,
    a4Printer: a4.printer,
    scanner: sc.scanner,
    idReader: id.reader,
    terminal: created.terminal,
    ocr,
    simulators: { receiptPrinter: receiptPrinter?.simulator ?? null, scanner: sc.simulator, idReader: id.simulator, terminal: created.simulator ?? null, a4OutDir: a4.outDir },
    close: async () => {
      for (const close of closers.reverse()) await close().catch((e: unknown) => logger.warn('device-close-failed', { message: String(e) }));
    },
  };
}
