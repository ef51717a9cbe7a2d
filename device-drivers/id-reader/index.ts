// Public surface of the ID-card reader device class, for the application core and the CLI.
export type { IdReader, IdReaderStatus, IdReaderError, IdReaderErrorCode, CccdIdentity, IdentitySource, Sex } from './id-reader-types';
export { parseCccdQr, formatCccdQr, type CccdQrError, type CccdQrErrorCode } from './cccd-qr';
export { parseMrz, formatCccdMrz, mrzCheckDigit, type MrzIdentity, type MrzError, type MrzErrorCode } from './mrz';
export { readMrzFromImage, type MrzOcrError, type MrzOcrResult } from './mrz-ocr';
export { readCccdQrFromImage, type QrImageError } from './qr-from-image';
export { createIdReader, type IdReaderDeps, type IdReaderHandle, type IdReaderConfigError } from './id-reader-config';
export { idReaderConfigSchema, type IdReaderConfig, type IdReaderConfigInput } from './id-reader-config-schema';
export { runIdReaderDiag, parseForCli, type IdReaderDiagTarget, type ParseCliResult } from './id-reader-diag';
export { FakeIdReader } from './fake-id-reader';
export type { ScanCard } from './mrz-scan-reader';
