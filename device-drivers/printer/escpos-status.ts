import { err, ok, type Result } from '../../common/result';
import type { PrinterStatus } from './printer-types';

/**
 * ESC/POS real-time status, DLE EOT n (10 04 n). The printer answers one byte per request,
 * even while offline. In every reply bit 1 and bit 4 are 1 and bits 0 and 7 are 0; those fixed
 * bits are how a garbled byte (line noise, stray data) is told apart from a status.
 *   n=1 printer:        bit 3 offline
 *   n=2 offline cause:  bit 2 cover open, bit 3 feed button, bit 5 stopped by paper end, bit 6 error
 *   n=3 error cause:    bit 2 autocutter, bit 3 unrecoverable, bit 5 auto-recoverable (head hot)
 *   n=4 paper sensor:   bits 2+3 roll near end, bits 5+6 roll end
 */
export type StatusRequest = 1 | 2 | 3 | 4;

export const STATUS_REQUESTS: readonly StatusRequest[] = [1, 2, 3, 4];

export function dleEot(n: StatusRequest): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

export type StatusParseErrorCode = 'bad-request' | 'no-reply' | 'not-a-byte' | 'bad-fixed-bits' | 'extra-bytes';

export interface StatusParseError {
  code: StatusParseErrorCode;
  detail: string;
}

export type StatusBits =
  | { n: 1; offline: boolean; drawerPin3High: boolean; waitingForRecovery: boolean }
  | { n: 2; coverOpen: boolean; feedButton: boolean; paperEndStop: boolean; error: boolean }
  | { n: 3; cutterError: boolean; unrecoverable: boolean; autoRecoverable: boolean }
  | { n: 4; nearEnd: boolean; paperEnd: boolean };

const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

const bit = (b: number, i: number): boolean => ((b >> i) & 1) === 1;

/** String(x) can throw (objects without a prototype); error messages must not. */
function show(x: unknown): string {
  try {
    return typeof x === 'number' ? String(x) : typeof x === 'string' ? JSON.stringify(x) : typeof x;
  } catch {
    return typeof x;
  }
}

/** Parses one status reply byte for request n. Never throws. */
export function parseStatusByte(n: unknown, byte: unknown): Result<StatusBits, StatusParseError> {
  if (n !== 1 && n !== 2 && n !== 3 && n !== 4) return err({ code: 'bad-request', detail: `DLE EOT n must be 1..4, got ${show(n)}` });
  if (typeof byte !== 'number' || !Number.isInteger(byte) || byte < 0 || byte > 255) {
    return err({ code: 'not-a-byte', detail: `status reply is not a byte: ${show(byte)}` });
  }
  if ((byte & FIXED_MASK) !== FIXED_VALUE) {
    return err({ code: 'bad-fixed-bits', detail: `status byte 0x${byte.toString(16).padStart(2, '0')} for n=${n} has wrong fixed bits` });
  }
  switch (n) {
    case 1:
      return ok({ n, offline: bit(byte, 3), drawerPin3High: bit(byte, 2), waitingForRecovery: bit(byte, 5) || bit(byte, 6) });
    case 2:
      return ok({ n, coverOpen: bit(byte, 2), feedButton: bit(byte, 3), paperEndStop: bit(byte, 5), error: bit(byte, 6) });
    case 3:
      return ok({ n, cutterError: bit(byte, 2), unrecoverable: bit(byte, 3), autoRecoverable: bit(byte, 5) });
    case 4:
      // Either bit of a pair is taken as the sensor firing: printers differ in which one they set.
      return ok({ n, nearEnd: bit(byte, 2) || bit(byte, 3), paperEnd: bit(byte, 5) || bit(byte, 6) });
  }
}

/** Parses the bytes read after a DLE EOT request: exactly one byte is expected. */
export function parseStatusReply(n: unknown, reply: Uint8Array): Result<StatusBits, StatusParseError> {
  if (reply.length === 0) return err({ code: 'no-reply', detail: `no reply to DLE EOT ${show(n)}` });
  if (reply.length > 1) return err({ code: 'extra-bytes', detail: `${reply.length} bytes in reply to DLE EOT ${show(n)}` });
  return parseStatusByte(n, reply[0]);
}

export interface StatusReplies {
  printer: Extract<StatusBits, { n: 1 }>;
  offlineCause?: Extract<StatusBits, { n: 2 }>;
  errorCause?: Extract<StatusBits, { n: 3 }>;
  paper?: Extract<StatusBits, { n: 4 }>;
}

/** Folds the replies into the status union, most serious first. */
export function deriveStatus(r: StatusReplies): PrinterStatus {
  const c = r.offlineCause;
  if (c?.coverOpen) return { state: 'cover-open' };
  if (c?.paperEndStop || r.paper?.paperEnd) return { state: 'paper-out' };
  if (c?.error || r.errorCause?.unrecoverable || r.errorCause?.cutterError) {
    const e = r.errorCause;
    const what = e?.cutterError ? 'autocutter error' : e?.unrecoverable ? 'unrecoverable error' : e?.autoRecoverable ? 'head overheated' : 'printer error';
    return { state: 'error', detail: what };
  }
  if (r.printer.offline) return { state: 'offline', detail: c?.feedButton ? 'paper being fed by the button' : 'printer reports offline' };
  if (r.paper?.nearEnd) return { state: 'paper-near-end' };
  return { state: 'ready', confirmed: true };
}

/**
 * The reply bytes a printer in a given state sends (used by the simulator and the tests, so
 * the driver's parser and the simulator agree on one table).
 */
export type SimulatedCondition = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error';

export function statusByteFor(condition: SimulatedCondition, n: StatusRequest): number {
  let b = FIXED_VALUE;
  const set = (i: number) => (b |= 1 << i);
  const offline = condition !== 'ready' && condition !== 'paper-near-end';
  switch (n) {
    case 1:
      if (offline) set(3);
      break;
    case 2:
      if (condition === 'cover-open') set(2);
      if (condition === 'paper-out') set(5);
      if (condition === 'error') set(6);
      break;
    case 3:
      if (condition === 'error') set(3);
      break;
    case 4:
      if (condition === 'paper-near-end' || condition === 'paper-out') {
        set(2);
        set(3);
      }
      if (condition === 'paper-out') {
        set(5);
        set(6);
      }
      break;
  }
  return b;
}
