import { formatVnd } from '../../common/money';
import { err, ok, type Result } from '../../common/result';

// VietQR (NAPAS 247) = EMVCo Merchant-Presented Mode TLV. Layout and vectors:
// shared/reference/domain-facts.md §1 (liopayvn/vietqr-php, NAPAS QR Switching spec v1.5.2).

export const NAPAS_GUID = 'A000000727';
export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC' | 'QRPUSH' | 'QRCASH';

export interface VietQrInput {
  /** 6-digit bank BIN, e.g. 970436 (Vietcombank). */
  readonly bankBin: string;
  /** Account (QRIBFTTA) or card (QRIBFTTC) number, up to 19 characters. */
  readonly accountNumber: string;
  readonly service: 'QRIBFTTA' | 'QRIBFTTC';
  /** Whole VND. */
  readonly amount: number;
  /** The dossier reference, put in tag 62-01 (bill number) so the bank notification carries it. */
  readonly reference?: string;
  /** Transfer message shown in the bank app (tag 62-08). ASCII only: bank apps reject tones. */
  readonly purpose?: string;
  readonly merchantName?: string;
  readonly merchantCity?: string;
}

export interface VietQrPayload {
  readonly formatVersion: string;
  readonly initiation: 'static' | 'dynamic';
  readonly guid: string;
  readonly bankBin: string;
  readonly accountNumber: string;
  /** Absent in some static merchant QRs (the QRPUSH vector has none). */
  readonly service?: string;
  readonly merchantCategory?: string;
  readonly currency: string;
  readonly amount?: number;
  readonly country: string;
  readonly merchantName?: string;
  readonly merchantCity?: string;
  readonly billNumber?: string;
  readonly storeLabel?: string;
  readonly referenceLabel?: string;
  readonly terminalLabel?: string;
  readonly purpose?: string;
  readonly crc: string;
}

export type VietQrError =
  | { readonly code: 'empty' }
  | { readonly code: 'not-ascii'; readonly index: number }
  | { readonly code: 'bad-tlv'; readonly at: number; readonly detail: string }
  | { readonly code: 'bad-crc'; readonly expected: string; readonly got: string }
  | { readonly code: 'missing-tag'; readonly tag: string }
  | { readonly code: 'not-napas'; readonly guid: string }
  | { readonly code: 'bad-value'; readonly tag: string; readonly detail: string };

/** CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor. */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= (text.charCodeAt(i) & 0xff) << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');

function tlv(tag: string, value: string): string {
  if (value.length > 99) throw new RangeError(`VietQR tag ${tag} value longer than 99 characters`);
  return tag + String(value.length).padStart(2, '0') + value;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** Checks what encodeVietQr needs; the service calls this before showing a QR. */
export function validateVietQrInput(i: VietQrInput): Result<VietQrInput, VietQrError> {
  if (!/^\d{6}$/.test(i.bankBin)) return err({ code: 'bad-value', tag: '38.01.00', detail: 'bank BIN must be 6 digits' });
  if (!/^[0-9A-Za-z]{1,19}$/.test(i.accountNumber)) {
    return err({ code: 'bad-value', tag: '38.01.01', detail: 'account number: 1–19 letters or digits' });
  }
  if (!Number.isInteger(i.amount) || i.amount <= 0 || String(i.amount).length > 13) {
    return err({ code: 'bad-value', tag: '54', detail: 'amount must be a positive whole number of VND' });
  }
  for (const [tag, v, max] of [
    ['62.01', i.reference, 25],
    ['62.08', i.purpose, 25],
    ['59', i.merchantName, 25],
    ['60', i.merchantCity, 15],
  ] as const) {
    if (v === undefined) continue;
    if (v.length === 0 || v.length > max || !ASCII_PRINTABLE.test(v)) {
      return err({ code: 'bad-value', tag, detail: `1–${max} printable ASCII characters (no tone marks)` });
    }
  }
  return ok(i);
}

/**
 * A dynamic VietQR (tag 01 = 12) for one payment. Inputs come from validated config and a
 * computed fee; a bad one is a programming error and throws (use validateVietQrInput first).
 */
export function encodeVietQr(input: VietQrInput): string {
  const v = validateVietQrInput(input);
  if (!v.ok) throw new RangeError(`VietQR input ${v.error.code}: ${'detail' in v.error ? v.error.detail : ''}`);
  const beneficiary = tlv('00', input.bankBin) + tlv('01', input.accountNumber);
  const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', input.service);
  const additional =
    (input.reference ? tlv('01', input.reference) : '') + (input.purpose ? tlv('08', input.purpose) : '');
  const body =
    tlv('00', '01') +
    tlv('01', '12') +
    tlv('38', merchant) +
    tlv('53', '704') +
    tlv('54', String(input.amount)) +
    tlv('58', 'VN') +
    (input.merchantName ? tlv('59', input.merchantName) : '') +
    (input.merchantCity ? tlv('60', input.merchantCity) : '') +
    (additional ? tlv('62', additional) : '') +
    '6304';
  return body + hex4(crc16CcittFalse(body));
}

type Tlv = { tag: string; value: string; at: number };

function walk(text: string, offset: number): Result<Tlv[], VietQrError> {
  const out: Tlv[] = [];
  let i = 0;
  while (i < text.length) {
    if (i + 4 > text.length) return err({ code: 'bad-tlv', at: offset + i, detail: 'truncated tag/length' });
    const tag = text.slice(i, i + 2);
    const lenText = text.slice(i + 2, i + 4);
    if (!/^\d{2}$/.test(tag) || !/^\d{2}$/.test(lenText)) {
      return err({ code: 'bad-tlv', at: offset + i, detail: `tag/length must be digits, got "${tag}${lenText}"` });
    }
    const len = Number(lenText);
    if (i + 4 + len > text.length) return err({ code: 'bad-tlv', at: offset + i, detail: `tag ${tag} runs past the end` });
    out.push({ tag, value: text.slice(i + 4, i + 4 + len), at: offset + i });
    i += 4 + len;
  }
  return ok(out);
}

const get = (items: Tlv[], tag: string) => items.find((t) => t.tag === tag)?.value;

/** Reads any NAPAS VietQR (static or dynamic); checks the CRC first, then the structure. */
export function parseVietQr(input: string): Result<VietQrPayload, VietQrError> {
  const text = input.trim();
  if (text.length === 0) return err({ code: 'empty' });
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return err({ code: 'not-ascii', index: i });
  }
  const top = walk(text, 0);
  if (!top.ok) return top;
  const items = top.value;
  const last = items[items.length - 1];
  if (!last || last.tag !== '63') return err({ code: 'missing-tag', tag: '63' });
  if (!/^[0-9A-Fa-f]{4}$/.test(last.value)) return err({ code: 'bad-value', tag: '63', detail: 'CRC must be 4 hex digits' });
  const expected = hex4(crc16CcittFalse(text.slice(0, last.at + 4)));
  if (expected !== last.value.toUpperCase()) return err({ code: 'bad-crc', expected, got: last.value });

  const version = get(items, '00');
  if (version !== '01') return err(version === undefined ? { code: 'missing-tag', tag: '00' } : { code: 'bad-value', tag: '00', detail: version });
  const poi = get(items, '01');
  if (poi !== '11' && poi !== '12') return err(poi === undefined ? { code: 'missing-tag', tag: '01' } : { code: 'bad-value', tag: '01', detail: poi });
  const m = items.find((t) => t.tag === '38');
  if (!m) return err({ code: 'missing-tag', tag: '38' });
  const mItems = walk(m.value, m.at + 4);
  if (!mItems.ok) return mItems;
  const guid = get(mItems.value, '00');
  if (guid === undefined) return err({ code: 'missing-tag', tag: '38.00' });
  if (guid !== NAPAS_GUID) return err({ code: 'not-napas', guid });
  const b = mItems.value.find((t) => t.tag === '01');
  if (!b) return err({ code: 'missing-tag', tag: '38.01' });
  const bItems = walk(b.value, b.at + 4);
  if (!bItems.ok) return bItems;
  const bankBin = get(bItems.value, '00');
  const accountNumber = get(bItems.value, '01');
  if (bankBin === undefined) return err({ code: 'missing-tag', tag: '38.01.00' });
  if (!/^\d{6}$/.test(bankBin)) return err({ code: 'bad-value', tag: '38.01.00', detail: 'bank BIN must be 6 digits' });
  if (accountNumber === undefined) return err({ code: 'missing-tag', tag: '38.01.01' });
  if (accountNumber.length < 1 || accountNumber.length > 19) return err({ code: 'bad-value', tag: '38.01.01', detail: '1–19 characters' });
  const service = get(mItems.value, '02');
  // A dynamic transfer QR must say whether it pays an account or a card.
  if (service === undefined && poi === '12') return err({ code: 'missing-tag', tag: '38.02' });
  const currency = get(items, '53');
  if (currency === undefined) return err({ code: 'missing-tag', tag: '53' });
  if (currency !== '704') return err({ code: 'bad-value', tag: '53', detail: `currency ${currency} is not VND (704)` });
  const amountText = get(items, '54');
  if (amountText !== undefined && !/^\d{1,13}$/.test(amountText)) {
    return err({ code: 'bad-value', tag: '54', detail: 'amount must be whole VND' });
  }
  if (poi === '12' && amountText === undefined) return err({ code: 'missing-tag', tag: '54' });
  const country = get(items, '58');
  if (country === undefined) return err({ code: 'missing-tag', tag: '58' });
  let add: Tlv[] = [];
  const a = items.find((t) => t.tag === '62');
  if (a) {
    const aItems = walk(a.value, a.at + 4);
    if (!aItems.ok) return aItems;
    add = aItems.value;
  }
  const opt = (k: string, v: string | undefined) => (v === undefined ? {} : { [k]: v });
  return ok({
    formatVersion: version,
    initiation: poi === '12' ? 'dynamic' : 'static',
    guid,
    bankBin,
    accountNumber,
    ...opt('service', service),
    ...opt('merchantCategory', get(items, '52')),
    currency,
    ...(amountText === undefined ? {} : { amount: Number(amountText) }),
    country,
    ...opt('merchantName', get(items, '59')),
    ...opt('merchantCity', get(items, '60')),
    ...opt('billNumber', get(add, '01')),
    ...opt('storeLabel', get(add, '03')),
    ...opt('referenceLabel', get(add, '05')),
    ...opt('terminalLabel', get(add, '07')),
    ...opt('purpose', get(add, '08')),
    crc: last.value.toUpperCase(),
  } as VietQrPayload);
}

/** What `kiosk parse vietqr TEXT [--json]` prints; never throws. */
export function parseVietQrForCli(text: string): { ok: boolean; json: unknown; lines: string[] } {
  const r = parseVietQr(text);
  if (!r.ok) {
    const e = r.error;
    const detail = Object.entries(e)
      .filter(([k]) => k !== 'code')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(' ');
    return { ok: false, json: { ok: false, error: e }, lines: [`invalid VietQR: ${e.code}${detail ? ` (${detail})` : ''}`] };
  }
  const p = r.value;
  const lines = [
    `VietQR ${p.initiation}${p.service ? ` (${p.service})` : ''}, CRC ${p.crc} OK`,
    `bank BIN ${p.bankBin}, account ${p.accountNumber}`,
    `amount ${p.amount === undefined ? '(payer enters it)' : formatVnd(p.amount, 'en')}`,
  ];
  if (p.merchantName) lines.push(`merchant ${p.merchantName}${p.merchantCity ? `, ${p.merchantCity}` : ''}`);
  if (p.billNumber) lines.push(`bill number ${p.billNumber}`);
  if (p.storeLabel) lines.push(`store ${p.storeLabel}`);
  if (p.referenceLabel) lines.push(`reference ${p.referenceLabel}`);
  if (p.purpose) lines.push(`purpose ${p.purpose}`);
  return { ok: true, json: { ok: true, payload: p }, lines };
}
