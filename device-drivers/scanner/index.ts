// Public surface of the scanner device class, for the application core and the CLI.
export type { Scanner, ScannerStatus, ScannerError, ScannerErrorCode, ScanOptions, ScannedDocument, ScannedPage, PageReadability, ScanSource, ScanMode } from './scanner-types';
export { createScanner, type ScannerDeps, type ScannerHandle } from './scanner-config';
export { scannerConfigSchema, type ScannerConfig, type ScannerConfigInput } from './scanner-config-schema';
export { runScannerDiag, type ScannerDiagTarget } from './scanner-diag';
export { SaneScanner } from './sane-scanner';
export { DEFAULT_READABILITY, type ReadabilityPolicy } from './scanner-types';
export { FakeScanner } from './fake-scanner';
export { OcrPool, OcrEngine, DEFAULT_TESSDATA, type OcrError } from './ocr-engine';
export { analysePage, BLANK_INK_THRESHOLD } from './page-analysis';
export { createScanMachine, DEFAULT_SCAN_DELAYS, type ScanMachineDelays, type ScanEvent } from './scan-machine';
