import { err, ok, type Result } from '../../common/result';
import { ddmmyyyyToIso } from './dates';
import type { CccdIdentity, Sex } from './id-reader-types';

export type CccdQrErrorCode =
  | 'empty'
  | 'too-long'
  | 'wrong-field-count'
  | 'bad-id-number'
  | 'bad-old-id-number'
  | 'missing-name'
  | 'bad-date-of-birth'
  | 'bad-sex'
  | 'bad-issue-date';

export interface CccdQrError {
  code: CccdQrErrorCode;
  /** Which field failed (1-based, as on the card), when one did. Never the value itself. */
  field?: number;
  message: string;
}

/** Real codes are ~150 chars; anything past this is not a CCCD QR. */
const MAX_LENGTH = 1024;

/**
 * Parses the CCCD QR: `id|oldId|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`.
 * Tolerant of what readers and cards really send: CR/LF and control bytes around the text,
 * a missing 7th field (some cards carry 6), an empty old CMND, NFD-composed Vietnamese,
 * and trailing `|` or junk after the 7th field.
 */
export function parseCccdQr(text: string): Result<CccdIdentity, CccdQrError> {
  if (typeof text !== 'string') return err({ code: 'empty', message: 'no text' });
  if (text.length > MAX_LENGTH) return err({ code: 'too-long', message: `${text.length} characters` });
  // Readers add CR/LF, sometimes a BOM or STX/ETX; strip controls but keep the field separators.
  // eslint-disable-next-line no-control-regex
  const cleaned = text.normalize('NFC').replace(/[\u0000-\u001f\u007f\ufeff]/g, '').trim();
  if (cleaned === '') return err({ code: 'empty', message: 'no text' });
  const fields = cleaned.split('|').map((f) => f.trim());
  // Trailing separators ("…|15042021|") add empty fields that carry nothing.
  while (fields.length > 7 && fields[fields.length - 1] === '') fields.pop();
  // Some 6-field cards leave out the old-CMND field altogether (id|name|dob|…): recognise
  // that layout by a name in field 2 and a date in field 3, and realign it.
  if (fields.length === 6 && /\D/.test(fields[1] ?? '') && /^\d{8}$/.test(fields[2] ?? '')) fields.splice(1, 0, '');
  if (fields.length < 6) {
    return err({ code: 'wrong-field-count', message: `${fields.length} fields, expected 6 or 7` });
  }
  const [idNumber = '', oldId = '', name = '', dob = '', sexText = '', address = '', issue = ''] = fields;
  if (!/^\d{12}$/.test(idNumber)) return err({ code: 'bad-id-number', field: 1, message: 'not 12 digits' });
  if (oldId !== '' && !/^\d{9}$/.test(oldId)) {
    return err({ code: 'bad-old-id-number', field: 2, message: 'not empty and not 9 digits' });
  }
  const fullName = name.replace(/\s+/g, ' ');
  if (fullName === '' || /\d/.test(fullName)) return err({ code: 'missing-name', field: 3, message: 'empty or has digits' });
  const dateOfBirth = ddmmyyyyToIso(dob);
  if (!dateOfBirth) return err({ code: 'bad-date-of-birth', field: 4, message: 'not a ddmmyyyy date' });
  const sex = parseSex(sexText);
  if (sex === undefined) return err({ code: 'bad-sex', field: 5, message: 'neither Nam nor Nữ' });
  // Field 7 can be missing (6-field cards) or followed by junk; take its first 8 digits only
  // when they form a date, otherwise report it so a misread is not silently accepted.
  let issueDate: string | null = null;
  if (fields.length >= 7 && issue !== '') {
    const m = /^(\d{8})/.exec(issue);
    issueDate = m?.[1] ? ddmmyyyyToIso(m[1]) : null;
    if (!issueDate) return err({ code: 'bad-issue-date', field: 7, message: 'not a ddmmyyyy date' });
  }
  return ok({
    idNumber,
    oldIdNumber: oldId === '' ? null : oldId,
    fullName,
    dateOfBirth,
    sex,
    address: address.replace(/\s+/g, ' ') || null,
    issueDate,
    expiryDate: null,
    source: 'qr',
  });
}

function parseSex(s: string): Sex | null | undefined {
  const t = s.toLocaleLowerCase('vi');
  if (t === 'nam' || t === 'male' || t === 'm') return 'male';
  if (t === 'nữ' || t === 'nu' || t === 'female' || t === 'f') return 'female';
  if (t === '') return null;
  return undefined;
}

/** Builds the QR text for an identity (simulator, tests, sample cards). */
export function formatCccdQr(id: {
  idNumber: string;
  oldIdNumber?: string | null;
  fullName: string;
  dateOfBirth: string;
  sex: Sex;
  address: string;
  issueDate?: string | null;
}): string {
  const dmy = (iso: string) => `${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(0, 4)}`;
  const fields = [id.idNumber, id.oldIdNumber ?? '', id.fullName, dmy(id.dateOfBirth), id.sex === 'male' ? 'Nam' : 'Nữ', id.address];
  if (id.issueDate) fields.push(dmy(id.issueDate));
  return fields.join('|');
}
