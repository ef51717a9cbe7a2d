import { parse as parseMrzLib } from 'mrz';
import { err, ok, type Result } from '../../common/result';
import { isoIfValid } from './dates';
import type { CccdIdentity } from './id-reader-types';

export type MrzErrorCode =
  | 'wrong-line-count'
  | 'wrong-line-length'
  | 'not-td1'
  | 'not-vietnamese-id'
  | 'bad-check-digit'
  | 'bad-id-number'
  | 'id-mismatch'
  | 'bad-date'
  | 'unparseable';

export interface MrzError {
  code: MrzErrorCode;
  /** Field names (mrz library names) that failed, e.g. ['birthDateCheckDigit']; never values. */
  fields?: string[];
  message: string;
}

export interface MrzIdentity extends CccdIdentity {
  source: 'mrz';
  /** The 9-digit document number (the last 9 digits of the ID). */
  documentNumber: string;
  /** The three lines as accepted, for the NFC chip's BAC key later. */
  lines: [string, string, string];
}

/** Accepts 3 lines, or one string with newlines; blanks and spaces are dropped (OCR adds them). */
export function parseMrz(input: string | readonly string[]): Result<MrzIdentity, MrzError> {
  const raw = typeof input === 'string' ? input.split(/\r?\n|\r/) : [...input];
  if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string')) {
    return err({ code: 'unparseable', message: 'lines must be strings' });
  }
  const lines = raw.map((l) => l.replace(/\s+/g, '').toUpperCase()).filter((l) => l !== '');
  if (lines.length !== 3) return err({ code: 'wrong-line-count', message: `${lines.length} lines, expected 3 (TD1)` });
  const bad = lines.findIndex((l) => l.length !== 30);
  if (bad >= 0) return err({ code: 'wrong-line-length', message: `line ${bad + 1} has ${lines[bad]?.length} characters, expected 30` });
  if (lines.some((l) => !/^[A-Z0-9<]{30}$/.test(l))) {
    return err({ code: 'unparseable', message: 'characters outside A-Z 0-9 <' });
  }
  const [l1, l2, l3] = lines as [string, string, string];
  if (!l1.startsWith('I')) return err({ code: 'not-td1', message: 'line 1 does not start with I (ID card)' });
  if (l1.slice(2, 5) !== 'VNM') return err({ code: 'not-vietnamese-id', message: 'issuing state is not VNM' });

  // The mrz package throws on lines it cannot classify; that is bad input, not a crash.
  let parsed: ReturnType<typeof parseMrzLib>;
  try {
    parsed = parseMrzLib([l1, l2, l3]);
  } catch (e) {
    return err({ code: 'unparseable', message: e instanceof Error ? e.message : String(e) });
  }
  if (parsed.format !== 'TD1') return err({ code: 'not-td1', message: `format ${parsed.format}` });
  const failed = parsed.details.filter((d) => !d.valid).map((d) => d.field ?? 'unknown');
  if (failed.length > 0) {
    const isCheck = failed.some((f) => /CheckDigit$/.test(f));
    return err({
      code: isCheck ? 'bad-check-digit' : 'unparseable',
      fields: failed,
      message: `invalid: ${failed.join(', ')}`,
    });
  }
  const f = parsed.fields;
  // CCCD: optional data holds the full 12-digit ID, then '<<', then its own check digit at
  // position 30. The mrz package does not check optional data, so we do.
  const idNumber = l1.slice(15, 27);
  if (!/^\d{12}$/.test(idNumber)) return err({ code: 'bad-id-number', message: 'optional data is not a 12-digit ID' });
  const idCheck = l1[29];
  if (idCheck !== String(mrzCheckDigit(idNumber))) {
    return err({ code: 'bad-check-digit', fields: ['idNumberCheckDigit'], message: 'check digit over the 12-digit ID is wrong' });
  }
  const documentNumber = f.documentNumber ?? '';
  if (documentNumber !== idNumber.slice(3)) {
    return err({ code: 'id-mismatch', message: 'document number is not the last 9 digits of the ID' });
  }
  const dob = yymmddToIso(f.birthDate ?? '', 'past');
  const expiry = yymmddToIso(f.expirationDate ?? '', 'future');
  if (!dob || !expiry) return err({ code: 'bad-date', message: 'birth or expiry date is not a date' });
  const fullName = [f.lastName, f.firstName].filter((s): s is string => !!s).join(' ').trim();
  return ok({
    idNumber,
    oldIdNumber: null,
    fullName,
    dateOfBirth: dob,
    sex: f.sex === 'male' ? 'male' : f.sex === 'female' ? 'female' : null,
    address: null,
    issueDate: null,
    expiryDate: expiry,
    source: 'mrz',
    documentNumber,
    lines: [l1, l2, l3],
  });
}

/** ICAO 9303 check digit: weights 7,3,1; A=10…Z=35; '<'=0. */
export function mrzCheckDigit(s: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : 0;
    sum += v * (weights[i % 3] ?? 1);
  }
  return sum % 10;
}

/**
 * YYMMDD → ISO. Birth dates are in the past (a two-digit year after this year's is 19xx);
 * expiry dates are taken as 20xx, which holds for every CCCD (first issued 2016).
 */
function yymmddToIso(s: string, kind: 'past' | 'future', now = new Date()): string | null {
  if (!/^\d{6}$/.test(s)) return null;
  const yy = Number(s.slice(0, 2));
  const thisYy = now.getUTCFullYear() % 100;
  const year = kind === 'future' ? 2000 + yy : yy > thisYy ? 1900 + yy : 2000 + yy;
  return isoIfValid(year, Number(s.slice(2, 4)), Number(s.slice(4, 6)));
}

/** Builds a valid TD1 CCCD MRZ for an identity (samples, simulator, tests). */
export function formatCccdMrz(id: {
  idNumber: string;
  dateOfBirth: string;
  expiryDate: string;
  sex: 'male' | 'female';
  surname: string;
  givenNames: string;
}): [string, string, string] {
  const pad = (s: string, n: number) => (s + '<'.repeat(n)).slice(0, n);
  const doc = id.idNumber.slice(3);
  const l1 = `IDVNM${doc}${mrzCheckDigit(doc)}${id.idNumber}<<${mrzCheckDigit(id.idNumber)}`;
  const yymmdd = (iso: string) => iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const dob = yymmdd(id.dateOfBirth);
  const exp = yymmdd(id.expiryDate);
  const l2start = `${dob}${mrzCheckDigit(dob)}${id.sex === 'male' ? 'M' : 'F'}${exp}${mrzCheckDigit(exp)}VNM`;
  const l2body = pad(l2start, 29);
  const composite = mrzCheckDigit(l1.slice(5, 30) + l2body.slice(0, 7) + l2body.slice(8, 15) + l2body.slice(18, 29));
  const l2 = l2body + composite;
  const name = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'D').toUpperCase().replace(/[^A-Z]+/g, '<');
  const l3 = pad(`${name(id.surname)}<<${name(id.givenNames)}`, 30);
  return [l1, l2, l3];
}
