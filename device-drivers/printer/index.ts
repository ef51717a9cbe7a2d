// The printer API the application core uses. Everything else in this folder is internal.
export type {
  A4Printer,
  A4PrinterError,
  A4PrinterStatus,
  A4PrintReport,
  Align,
  PaperWidth,
  PrinterError,
  PrinterErrorCode,
  PrinterStatus,
  PrintReport,
  ReceiptBlock,
  ReceiptDocument,
  ReceiptPrinter,
  TextMode,
  TextSize,
} from './printer-types';
export { canPrint } from './printer-types';
export { createReceiptPrinter, type ConfiguredReceiptPrinter, type ReceiptPrinterDeps } from './receipt-printer-config';
export { normalizeReceiptPrinterConfig, parseReceiptPrinterConfig, receiptPrinterConfigSchema, type ReceiptPrinterConfig } from './receipt-printer-config-schema';
export { A4_DEMO_QUEUE, a4PrinterConfigSchema, createA4Printer, FileA4Printer, normalizeA4PrinterConfig, type A4PrinterConfig } from './a4-printer';
export {
  bookingSlip,
  dossierReceipt,
  maskedPan,
  paymentSlip,
  queueTicket,
  testPage,
  type BookingSlipData,
  type DossierReceiptData,
  type PaymentSlipData,
  type QueueTicketData,
} from './receipt-documents';
export { a4TestPagePdf, procedureGuidePdf, receptionReceiptPdf, shiftReportPdf, type ShiftReportData, type ProcedureGuideData, type ReceptionReceiptData, type ReceivedPaper } from './a4-documents';
export { runPrinterDiag, type DiagTarget } from './printer-diag';
export { startPrinterMonitor, type PrinterMonitor, type PrinterLifecycleDelays } from './printer-lifecycle';
export { FakeA4Printer, FakeReceiptPrinter } from './fake-printers';
export {
  startReceiptPrinterSimulator,
  ReceiptPrinterSimulator,
  type ReceiptPrinterSimulatorControl,
  type RunningReceiptPrinterSimulator,
  type SimulatedJob,
} from '../simulators/receipt-printer-simulator';
