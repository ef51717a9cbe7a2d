import type { Result } from '../../common/result';

/**
 * Where an identity came from. 'nfc' is reserved for the chip reader (ICAO eMRTD over NFC,
 * BAC keyed from the MRZ, DG1 + DG13); no driver produces it yet. Adding it means a new
 * driver implementing IdReader and a `nfc` arm in IdReaderConfig, nothing else.
 */
export type IdentitySource = 'qr' | 'mrz' | 'typed' | 'nfc';

export type Sex = 'male' | 'female';

/** A citizen identity as the app needs it. Personal data: never log it. */
export interface CccdIdentity {
  /** 12-digit số định danh cá nhân / CCCD number. */
  idNumber: string;
  /** Old 9-digit CMND number, when the card carries one. */
  oldIdNumber: string | null;
  /** Full name, NFC-normalised, as printed (with diacritics for QR, upper ASCII for MRZ). */
  fullName: string;
  /** ISO date yyyy-mm-dd. */
  dateOfBirth: string;
  sex: Sex | null;
  /** Nơi thường trú (QR only). */
  address: string | null;
  /** ISO issue date (QR only). */
  issueDate: string | null;
  /** ISO expiry date (MRZ only). */
  expiryDate: string | null;
  source: IdentitySource;
}

export type IdReaderStatus =
  | { state: 'ready' }
  | { state: 'reading' }
  | { state: 'disconnected'; detail: string }
  | { state: 'error'; detail: string };

export type IdReaderErrorCode =
  | 'timeout'
  | 'disconnected'
  | 'unreadable-code'
  | 'rescan-needed'
  | 'busy'
  | 'closed';

export interface IdReaderError {
  code: IdReaderErrorCode;
  /** Technician-facing detail; never personal data. */
  detail: string;
}

export type IdentityListener = (identity: CccdIdentity) => void;
export type ReadErrorListener = (error: IdReaderError) => void;

export interface IdReader {
  readonly kind: string;
  status(): Promise<IdReaderStatus>;
  /** Pushes every identity read while a listener is attached; returns an unsubscribe function. */
  onIdentity(listener: IdentityListener): () => void;
  /** Bad codes scanned (wrong card, damaged QR) so the UI can say "try again". */
  onReadError(listener: ReadErrorListener): () => void;
  /** Waits for the next identity. */
  read(timeoutMs: number): Promise<Result<CccdIdentity, IdReaderError>>;
  /** True while someone waits for a card (a read or a listener): the trainer's panel and tests await it. */
  isReading(): boolean;
  /** Diagnostic self-test: opens the device and reports what it sees. */
  test(): Promise<Result<string[], IdReaderError>>;
  close(): Promise<void>;
}
