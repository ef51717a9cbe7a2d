import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { ReceiptPrinterSimulator } from '../simulators/receipt-printer-simulator';
import { parseReceiptPrinterConfig, type ConfigError } from './receipt-printer-config-schema';
import { bitmapToPng } from './bitmap';
import { serialChannel, tcpChannel, usbLpChannel, type ByteChannel } from './byte-channel';
import { EscPosReceiptPrinter } from './escpos-printer';
import type { ReceiptPrinter } from './printer-types';

export interface ReceiptPrinterDeps {
  logger: Logger;
  clock?: Clock;
}

/** The driver, plus the simulator's control panel when the transport is the simulator. */
export type ConfiguredReceiptPrinter = ReceiptPrinter & { readonly simulator: ReceiptPrinterSimulator | null };

export function createReceiptPrinter(config: unknown, deps: ReceiptPrinterDeps): Result<ConfiguredReceiptPrinter, ConfigError> {
  const parsed = parseReceiptPrinterConfig(config);
  if (!parsed.ok) return parsed;
  const c = parsed.value;
  let simulator: ReceiptPrinterSimulator | null = null;
  let channel: ByteChannel;
  switch (c.transport.kind) {
    case 'serial':
      channel = serialChannel(c.transport.path, c.transport.baudRate);
      break;
    case 'usb-lp':
      channel = usbLpChannel(c.transport.path, c.transport.bidirectional ?? c.transport.path.startsWith('/dev/usb/lp'));
      break;
    case 'tcp':
      channel = tcpChannel(c.transport.host, c.transport.port);
      break;
    case 'simulator':
      simulator = new ReceiptPrinterSimulator(c.paperWidth);
      channel = simulatorChannel(simulator, c.transport.outDir);
      break;
  }
  const printer = new EscPosReceiptPrinter(channel, {
    model: c.model,
    paperWidth: c.paperWidth,
    textMode: c.textMode,
    codeTable: c.codeTable,
    qr: c.qr,
    compactRaster: c.compactRaster,
    statusTimeoutMs: c.statusTimeoutMs,
    writeTimeoutMs: c.writeTimeoutMs,
    probeEveryBytes: c.probeEveryBytes,
    logger: deps.logger.child('receipt-printer'),
    clock: deps.clock,
  });
  return ok(Object.assign(printer, { simulator }));
}

/** The real TCP driver path against an in-process simulator, started on first use. */
function simulatorChannel(sim: ReceiptPrinterSimulator, outDir: string | undefined): ByteChannel {
  let server: { close(): Promise<void> } | null = null;
  let inner: ByteChannel | null = null;
  return {
    description: 'simulator (loopback TCP)',
    canRead: true,
    async open() {
      if (!inner) {
        if (outDir) {
          mkdirSync(outDir, { recursive: true });
          sim.onJob((j) => writeFileSync(join(outDir, `job-${j.index}.png`), bitmapToPng(j.bitmap)));
        }
        const srv = await sim.listenTcp(0);
        server = srv;
        inner = tcpChannel(srv.host, srv.port);
      }
      return inner.open();
    },
    write: (b, t) => (inner ? inner.write(b, t) : Promise.resolve(err({ code: 'closed', detail: 'simulator not started' }))),
    request: (b, n, t) => (inner ? inner.request(b, n, t) : Promise.resolve(err({ code: 'closed', detail: 'simulator not started' }))),
    async close() {
      await inner?.close();
      await server?.close();
      inner = null;
      server = null;
    },
  };
}
