import { err, ok, type Result } from '../../common/result';

// Ingenico Telium "Concert" protocol E: pure frame encoding and decoding, no I/O.
// Layout from Ousret/pyTeliumManager (telium/payment.py, constant.py), summarised in
// shared/reference/domain-facts.md §4.
//
// Amounts: the 8-digit amount field is in the currency's minor unit. VND has no minor unit
// (ISO 4217 exponent 0), so the field carries whole đồng: 50 000 VND is "00050000" — the
// vector in domain-facts.md encodes exactly that. The field therefore caps a single
// transaction at 99 999 999 VND, far above any administrative fee.

export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;

export const VND_NUMERIC = '704';
export const REQUEST_DATA_LENGTH = 34;
/** Whole frames (STX + data + ETX + LRC) of the two reply sizes. */
export const REPLY_FRAME_SHORT = 28;
export const REPLY_FRAME_LONG = 83;
export const MAX_AMOUNT = 99_999_999;

/** '0' debit (sale), '1' credit, '2' refund, '4' auto — as pyTeliumManager names them. */
export type ConcertMode = '0' | '1' | '2' | '4';
export type ConcertReplyStatus = 'approved' | 'declined' | 'not-completed';

export interface ConcertRequest {
  /** Checkout number 0–99 printed on the terminal's journal. */
  readonly posNumber: number;
  /** Whole VND. */
  readonly amount: number;
  readonly mode: ConcertMode;
  /** true: long (83-byte) reply with the card report; false: short (28-byte) reply. */
  readonly longReply: boolean;
  /** Up to 10 printable ASCII chars; we put a tag of the payment id here. */
  readonly privateData?: string;
  readonly currency?: string;
  /** 'A010': the terminal answers after the transaction (what a sale needs). */
  readonly delay?: 'A010' | 'A011';
  readonly authorization?: 'B010' | 'B011';
}

export interface ConcertReply {
  readonly posNumber: number;
  readonly status: ConcertReplyStatus;
  /** The raw status digit: 0 OK, 7 rejected, 9 not verified / not completed. */
  readonly statusDigit: string;
  readonly amount: number;
  readonly mode: string;
  readonly currency: string;
  readonly privateData: string;
  /** First 6 / last 4 of the card number at most; the full number never leaves this module. */
  readonly maskedPan?: string;
}

export type ConcertFrameError =
  | { readonly code: 'bad-length'; readonly length: number }
  | { readonly code: 'bad-framing'; readonly detail: string }
  | { readonly code: 'bad-lrc'; readonly expected: number; readonly got: number }
  | { readonly code: 'bad-field'; readonly field: string; readonly detail: string };

/** XOR of every byte given (callers pass data + ETX). */
export function lrc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

const PRINTABLE = /^[\x20-\x7e]*$/;

/** The 34 data characters of a request; validated so a bad amount can never reach the wire. */
export function encodeRequestData(req: ConcertRequest): Result<string, ConcertFrameError> {
  if (!Number.isInteger(req.posNumber) || req.posNumber < 0 || req.posNumber > 99) {
    return err({ code: 'bad-field', field: 'posNumber', detail: 'must be an integer 0–99' });
  }
  if (!Number.isInteger(req.amount) || req.amount <= 0 || req.amount > MAX_AMOUNT) {
    return err({ code: 'bad-field', field: 'amount', detail: `must be whole VND 1–${MAX_AMOUNT}` });
  }
  const priv = req.privateData ?? '';
  if (priv.length > 10 || !PRINTABLE.test(priv)) {
    return err({ code: 'bad-field', field: 'privateData', detail: 'at most 10 printable ASCII characters' });
  }
  const currency = req.currency ?? VND_NUMERIC;
  if (!/^\d{3}$/.test(currency)) return err({ code: 'bad-field', field: 'currency', detail: '3 digits' });
  const data =
    String(req.posNumber).padStart(2, '0') +
    String(req.amount).padStart(8, '0') +
    (req.longReply ? '1' : '0') +
    req.mode +
    '1' + // payment type: card
    currency +
    priv.padEnd(10, ' ') +
    (req.delay ?? 'A010') +
    (req.authorization ?? 'B010');
  return ok(data);
}

/** STX data ETX LRC for any printable data. */
export function frame(data: string): Buffer {
  const body = Buffer.from(data + String.fromCharCode(ETX), 'latin1');
  return Buffer.concat([Buffer.from([STX]), body, Buffer.from([lrc(body)])]);
}

export function encodeRequest(req: ConcertRequest): Result<Buffer, ConcertFrameError> {
  const data = encodeRequestData(req);
  return data.ok ? ok(frame(data.value)) : data;
}

/** Checks STX … ETX LRC and returns the data characters. */
export function unframe(bytes: Uint8Array): Result<string, ConcertFrameError> {
  if (bytes.length < 3) return err({ code: 'bad-length', length: bytes.length });
  if (bytes[0] !== STX) return err({ code: 'bad-framing', detail: 'first byte is not STX' });
  if (bytes[bytes.length - 2] !== ETX) return err({ code: 'bad-framing', detail: 'byte before LRC is not ETX' });
  const body = bytes.subarray(1, bytes.length - 1);
  const expected = lrc(body);
  const got = bytes[bytes.length - 1] ?? -1;
  if (expected !== got) return err({ code: 'bad-lrc', expected, got });
  const data = Buffer.from(bytes.subarray(1, bytes.length - 2)).toString('latin1');
  if (!PRINTABLE.test(data)) return err({ code: 'bad-framing', detail: 'control or non-ASCII byte inside data' });
  return ok(data);
}

export function decodeRequest(bytes: Uint8Array): Result<ConcertRequest, ConcertFrameError> {
  const u = unframe(bytes);
  if (!u.ok) return u;
  const d = u.value;
  if (d.length !== REQUEST_DATA_LENGTH) return err({ code: 'bad-length', length: bytes.length });
  const pos = d.slice(0, 2);
  const amount = d.slice(2, 10);
  if (!/^\d{2}$/.test(pos)) return err({ code: 'bad-field', field: 'posNumber', detail: pos });
  if (!/^\d{8}$/.test(amount)) return err({ code: 'bad-field', field: 'amount', detail: amount });
  const flag = d[10];
  const mode = d[11];
  if (flag !== '0' && flag !== '1') return err({ code: 'bad-field', field: 'answerFlag', detail: String(flag) });
  if (mode !== '0' && mode !== '1' && mode !== '2' && mode !== '4') {
    return err({ code: 'bad-field', field: 'mode', detail: String(mode) });
  }
  const delay = d.slice(26, 30);
  const auth = d.slice(30, 34);
  if (delay !== 'A010' && delay !== 'A011') return err({ code: 'bad-field', field: 'delay', detail: delay });
  if (auth !== 'B010' && auth !== 'B011') return err({ code: 'bad-field', field: 'authorization', detail: auth });
  return ok({
    posNumber: Number(pos),
    amount: Number(amount),
    longReply: flag === '1',
    mode,
    currency: d.slice(13, 16),
    privateData: d.slice(16, 26).trimEnd(),
    delay,
    authorization: auth,
  });
}

export interface ReplyFields {
  readonly posNumber: number;
  readonly statusDigit: '0' | '7' | '9';
  readonly amount: number;
  readonly mode: string;
  readonly currency?: string;
  readonly privateData?: string;
  /** 55-char card report (long reply); the simulator puts a test card number first. */
  readonly report?: string;
}

/** Used by the simulator: builds a 28- or 83-byte reply. */
export function encodeReply(r: ReplyFields): Buffer {
  const head =
    String(r.posNumber).padStart(2, '0') + r.statusDigit + String(r.amount).padStart(8, '0') + r.mode;
  const tail = (r.currency ?? VND_NUMERIC) + (r.privateData ?? '').padEnd(10, ' ').slice(0, 10);
  const data = r.report === undefined ? head + tail : head + r.report.padEnd(55, ' ').slice(0, 55) + tail;
  return frame(data);
}

/** Keeps the first 6 and last 4 digits of a 12–19 digit card number; anything else is dropped. */
export function maskPan(pan: string): string | undefined {
  if (!/^\d{12,19}$/.test(pan)) return undefined;
  return pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
}

export function decodeReply(bytes: Uint8Array): Result<ConcertReply, ConcertFrameError> {
  if (bytes.length !== REPLY_FRAME_SHORT && bytes.length !== REPLY_FRAME_LONG) {
    return err({ code: 'bad-length', length: bytes.length });
  }
  const u = unframe(bytes);
  if (!u.ok) return u;
  const d = u.value;
  const pos = d.slice(0, 2);
  const statusDigit = d[2] ?? '';
  const amount = d.slice(3, 11);
  const mode = d[11] ?? '';
  if (!/^\d{2}$/.test(pos)) return err({ code: 'bad-field', field: 'posNumber', detail: pos });
  if (!/^\d{8}$/.test(amount)) return err({ code: 'bad-field', field: 'amount', detail: amount });
  const status: ConcertReplyStatus | undefined =
    statusDigit === '0' ? 'approved' : statusDigit === '7' ? 'declined' : statusDigit === '9' ? 'not-completed' : undefined;
  if (!status) return err({ code: 'bad-field', field: 'status', detail: statusDigit });
  const long = bytes.length === REPLY_FRAME_LONG;
  const rest = long ? d.slice(67) : d.slice(12);
  const currency = rest.slice(0, 3);
  if (!/^\d{3}$/.test(currency)) return err({ code: 'bad-field', field: 'currency', detail: currency });
  // The card report's first word is the card number (pyTeliumManager); mask it at once.
  const panWord = long ? (d.slice(12, 67).trim().split(' ')[0] ?? '') : '';
  const maskedPan = panWord ? maskPan(panWord) : undefined;
  return ok({
    posNumber: Number(pos),
    status,
    statusDigit,
    amount: Number(amount),
    mode,
    currency,
    privateData: rest.slice(3, 13).trimEnd(),
    ...(maskedPan ? { maskedPan } : {}),
  });
}

/** A frame's expected total length from what the terminal was asked for. */
export function replyFrameLength(longReply: boolean): number {
  return longReply ? REPLY_FRAME_LONG : REPLY_FRAME_SHORT;
}
