import { err, ok } from '../../common/result';
import { parseSection, type DeviceModule, type RunningDevice } from '../device-module';
import type { ReceiptPrinterSimulator } from '../simulators/receipt-printer-simulator';
import { canPrint } from './printer-types';
import type { ConfiguredReceiptPrinter } from './receipt-printer-config';
import { normalizeReceiptPrinterConfig, receiptPrinterConfigSchema, type ParsedReceiptPrinterConfig } from './receipt-printer-config-schema';

/** A receipt printer (or a fake, in tests) as the registry runs it. */
export function runningReceiptPrinter(printer: ConfiguredReceiptPrinter): RunningDevice<ConfiguredReceiptPrinter, ReceiptPrinterSimulator> {
  return {
    driver: printer,
    simulator: printer.simulator,
    description: printer.description,
    async health() {
      const s = await printer.status();
      return { state: s.state === 'ready' ? 'ok' : 'degraded', detail: s.state, usable: canPrint(s) };
    },
    async test() {
      const before = await printer.status();
      const lines = [`Status: ${before.state}${'detail' in before ? ` (${before.detail})` : ''}`];
      if (!canPrint(before)) return { device: printer.description, ok: false, status: before.state, lines: [...lines, 'Test page not printed.'] };
      const r = await printer.test();
      if (!r.ok) return { device: printer.description, ok: false, status: r.error.status?.state ?? r.error.code, lines: [...lines, `Test page failed (${r.error.code}): ${r.error.detail}`] };
      return {
        device: printer.description,
        ok: true,
        status: r.value.statusAfter.state,
        lines: [...lines, `Test page printed: ${r.value.bytes} bytes in ${r.value.durationMs} ms.`, 'Check that every Vietnamese letter is whole and the QR scans.'],
      };
    },
    close: () => printer.close(),
  };
}

/** The thermal receipt printer (ESC/POS over serial, USB printer class or TCP 9100; the simulator in the demo). */
export const receiptPrinterModule: DeviceModule<'printer', 'receiptPrinter', ParsedReceiptPrinterConfig, ConfiguredReceiptPrinter, ReceiptPrinterSimulator> = {
  name: 'printer',
  section: 'receiptPrinter',
  withoutIt: 'no receipt printer: receipts are shown on screen',

  parseConfig: (section) => parseSection(receiptPrinterConfigSchema, normalizeReceiptPrinterConfig(section)),
  isSimulator: (c) => c.transport.kind === 'simulator',

  async start(config, ctx) {
    const { createReceiptPrinter } = await import('./receipt-printer-config');
    const made = createReceiptPrinter(config, { logger: ctx.logger, clock: ctx.clock });
    if (!made.ok) return err({ detail: `receipt printer config: ${made.error.detail}` });
    const printer = made.value;
    return ok(runningReceiptPrinter(printer));
  },

  async diag(action, config, flags, ctx) {
    const { runPrinterDiag } = await import('./printer-diag');
    const named = flags.port !== undefined || flags.tcp !== undefined || flags.usbLp !== undefined;
    const target = named
      ? { ...(flags.port ? { port: flags.port } : {}), ...(flags.tcp ? { tcp: flags.tcp } : {}), ...(flags.usbLp ? { usbLp: flags.usbLp } : {}), ...(flags.baud ? { baudRate: flags.baud } : {}) }
      : { config };
    return runPrinterDiag(action, target, 'printer', ctx);
  },
};
