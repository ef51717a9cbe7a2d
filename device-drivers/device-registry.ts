import { idReaderModule } from './id-reader/id-reader-module';
import { paymentTerminalModule } from './payment/payment-terminal-module';
import { a4PrinterModule } from './printer/a4-printer-module';
import { receiptPrinterModule } from './printer/receipt-printer-module';
import { scannerModule } from './scanner/scanner-module';

// Every device class the kiosk knows, in the order a technician reads them at start. Adding a
// device class is a folder with its module (device-module.ts) and one line here: the config,
// start-up, the status board, the maintenance panel and `kiosk diag` all loop over this list.
export const DEVICE_MODULES = [receiptPrinterModule, a4PrinterModule, scannerModule, idReaderModule, paymentTerminalModule] as const;

export type DeviceModules = typeof DEVICE_MODULES;
export type DeviceName = DeviceModules[number]['name'];
export type DeviceSection = DeviceModules[number]['section'];
export const DEVICE_NAMES = DEVICE_MODULES.map((m) => m.name) as readonly DeviceName[];
