import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCccdQr, parseCccdQr } from './cccd-qr';
import { formatCccdMrz, mrzCheckDigit, parseMrz } from './mrz';

const SAMPLE = '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021';

describe('parseCccdQr', () => {
  it('parses the 7-field synthetic vector from domain-facts §2', () => {
    const r = parseCccdQr(SAMPLE);
    expect(r).toEqual({
      ok: true,
      value: {
        idNumber: '001090123456',
        oldIdNumber: '012345678',
        fullName: 'Nguyễn Văn A',
        dateOfBirth: '1990-01-01',
        sex: 'male',
        address: 'Số 1 Phố X, Phường Y, Hà Nội',
        issueDate: '2021-04-15',
        expiryDate: null,
        source: 'qr',
      },
    });
  });

  it('accepts an empty old CMND, Nữ, and CR/LF plus trailing separators from the reader', () => {
    const r = parseCccdQr('\u0002079195001234||Trần Thị Bình|29021996|Nữ|Quận 1, TP HCM|01072021|\r\n');
    expect(r.ok && r.value).toMatchObject({ oldIdNumber: null, sex: 'female', dateOfBirth: '1996-02-29', issueDate: '2021-07-01' });
  });

  it('accepts 6-field cards without the issue date and without the old CMND field', () => {
    const noIssue = parseCccdQr('001090123456|012345678|Nguyễn Văn A|01011990|Nam|Hà Nội');
    expect(noIssue.ok && noIssue.value.issueDate).toBeNull();
    const noCmnd = parseCccdQr('001090123456|Nguyễn Văn A|01011990|Nam|Hà Nội|15042021');
    expect(noCmnd.ok && noCmnd.value).toMatchObject({ oldIdNumber: null, fullName: 'Nguyễn Văn A', issueDate: '2021-04-15' });
  });

  it('normalises NFD text to NFC so names compare equal to typed ones', () => {
    const r = parseCccdQr(SAMPLE.normalize('NFD'));
    expect(r.ok && r.value.fullName).toBe('Nguyễn Văn A'.normalize('NFC'));
    expect(r.ok && r.value.fullName.length).toBe('Nguyễn Văn A'.normalize('NFC').length);
  });

  it.each([
    ['', 'empty'],
    ['\r\n', 'empty'],
    ['hello world', 'wrong-field-count'],
    ['00109012345|012345678|A|01011990|Nam|X|15042021', 'bad-id-number'],
    ['001090123456|12345|A|01011990|Nam|X|15042021', 'bad-old-id-number'],
    ['001090123456|012345678||01011990|Nam|X|15042021', 'missing-name'],
    ['001090123456|012345678|A|31021990|Nam|X|15042021', 'bad-date-of-birth'],
    ['001090123456|012345678|A|01011990|Khác|X|15042021', 'bad-sex'],
    ['001090123456|012345678|A|01011990|Nam|X|1504', 'bad-issue-date'],
    ['https://example.com/not-a-cccd', 'wrong-field-count'],
  ])('rejects %j with %s', (text, code) => {
    const r = parseCccdQr(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });

  it('round-trips generated identities', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{12}$/),
        fc.option(fc.stringMatching(/^\d{9}$/), { nil: null }),
        fc.constantFrom('Nguyễn Văn A', 'Lê Thị Ánh Tuyết', 'Đặng Quốc Bảo'),
        fc.date({ min: new Date('1920-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }),
        fc.constantFrom('male' as const, 'female' as const),
        (idNumber, oldIdNumber, fullName, dob, sex) => {
          const dateOfBirth = dob.toISOString().slice(0, 10);
          const text = formatCccdQr({ idNumber, oldIdNumber, fullName, dateOfBirth, sex, address: 'Hà Nội', issueDate: '2021-04-15' });
          const r = parseCccdQr(text);
          expect(r.ok && r.value).toMatchObject({ idNumber, oldIdNumber, fullName, dateOfBirth, sex });
        },
      ),
    );
  });

  it('never throws and always returns a typed error or a well-formed identity (fuzz)', () => {
    const codes = new Set(['empty', 'too-long', 'wrong-field-count', 'bad-id-number', 'bad-old-id-number', 'missing-name', 'bad-date-of-birth', 'bad-sex', 'bad-issue-date']);
    const fieldish = fc.oneof(fc.string(), fc.stringMatching(/^\d{0,13}$/), fc.constantFrom('Nam', 'Nữ', '01011990', ''));
    const arb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.array(fieldish, { maxLength: 10 }).map((a) => a.join('|')),
      fc.tuple(fc.constant(SAMPLE), fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
      fc.tuple(fc.nat(SAMPLE.length), fc.string()).map(([i, b]) => SAMPLE.slice(0, i) + b),
    );
    fc.assert(
      fc.property(arb, (text) => {
        const r = parseCccdQr(text);
        if (r.ok) {
          expect(r.value.idNumber).toMatch(/^\d{12}$/);
          expect(r.value.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else expect(codes.has(r.error.code)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

const VECTOR = ['IDVNM0901234562001090123456<<3', '9001011M3001019VNM<<<<<<<<<<<4', 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<'];
const PUBLIC_MOCK_L12 = ['IDVNM0930470641001093047064<<2', '9301054M3301052VNM<<<<<<<<<<<8'];

describe('parseMrz', () => {
  it('parses the synthetic TD1 vector from domain-facts §2', () => {
    const r = parseMrz(VECTOR);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      idNumber: '001090123456',
      documentNumber: '090123456',
      fullName: 'NGUYEN VAN A',
      dateOfBirth: '1990-01-01',
      expiryDate: '2030-01-01',
      sex: 'male',
      source: 'mrz',
    });
  });

  it('parses the public mock (lines 1–2 from domain-facts) with a name line', () => {
    const r = parseMrz([...PUBLIC_MOCK_L12, 'TRAN<<THI<B<<<<<<<<<<<<<<<<<<<']);
    expect(r.ok && r.value).toMatchObject({ idNumber: '001093047064', dateOfBirth: '1993-01-05', expiryDate: '2033-01-05' });
  });

  it('accepts one newline-separated string with OCR spaces', () => {
    expect(parseMrz(VECTOR.join('\r\n').replace('NGUYEN', 'NGU YEN')).ok).toBe(true);
  });

  it('rejects any single wrong check digit (every check digit must hold)', () => {
    // Positions of: document no. check (15), ID check (30) on line 1; DOB (7), expiry (15), composite (30) on line 2.
    const spots: Array<[number, number]> = [[0, 14], [0, 29], [1, 6], [1, 14], [1, 29]];
    for (const [line, pos] of spots) {
      const lines = [...VECTOR];
      const l = lines[line]!;
      const wrong = String((Number(l[pos]) + 1) % 10);
      lines[line] = l.slice(0, pos) + wrong + l.slice(pos + 1);
      const r = parseMrz(lines);
      expect(r.ok, `line ${line + 1} pos ${pos + 1}`).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad-check-digit');
    }
  });

  it.each([
    [['IDVNM'], 'wrong-line-count'],
    [[VECTOR[0]!, VECTOR[1]!, 'NGUYEN<<VAN<A'], 'wrong-line-length'],
    [[VECTOR[0]!.replace('VNM', 'UTO'), VECTOR[1]!, VECTOR[2]!], 'not-vietnamese-id'],
    [[VECTOR[0]!.replace('ID', 'P<'), VECTOR[1]!, VECTOR[2]!], 'not-td1'],
    [[VECTOR[0]!, VECTOR[1]!, VECTOR[2]!.replace('N', 'n').replace('A', 'é')], 'unparseable'],
  ])('rejects %j with %s', (lines, code) => {
    const r = parseMrz(lines);
    expect(r.ok ? 'ok' : r.error.code).toBe(code);
  });

  it('rejects a document number that is not the tail of the 12-digit ID', () => {
    const [l1, l2, l3] = formatCccdMrz({ idNumber: '001090123456', dateOfBirth: '1990-01-01', expiryDate: '2030-01-01', sex: 'male', surname: 'A', givenNames: 'B' });
    const doc = '090123457';
    const forged = `IDVNM${doc}${mrzCheckDigit(doc)}${l1.slice(15)}`;
    const r = parseMrz([forged, l2, l3]);
    expect(r.ok ? 'ok' : r.error.code).toMatch(/id-mismatch|bad-check-digit/);
  });

  it('formatCccdMrz reproduces the domain-facts vector', () => {
    expect(formatCccdMrz({ idNumber: '001090123456', dateOfBirth: '1990-01-01', expiryDate: '2030-01-01', sex: 'male', surname: 'Nguyễn', givenNames: 'Văn A' })).toEqual(VECTOR);
  });

  it('never throws on arbitrary or mutated input, and accepts only check-digit-valid MRZs (fuzz)', () => {
    const codes = new Set(['wrong-line-count', 'wrong-line-length', 'not-td1', 'not-vietnamese-id', 'bad-check-digit', 'bad-id-number', 'id-mismatch', 'bad-date', 'unparseable']);
    const mrzChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<'.split(''));
    const mutated = fc.tuple(fc.nat(2), fc.nat(29), mrzChar).map(([line, pos, c]) => {
      const lines = [...VECTOR];
      lines[line] = lines[line]!.slice(0, pos) + c + lines[line]!.slice(pos + 1);
      return lines;
    });
    const arb = fc.oneof(
      fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 5 }),
      fc.array(fc.array(mrzChar, { minLength: 30, maxLength: 30 }).map((a) => a.join('')), { minLength: 3, maxLength: 3 }),
      fc.array(fc.constant('IDVNM').chain((p) => fc.array(mrzChar, { minLength: 25, maxLength: 25 }).map((a) => p + a.join(''))), { minLength: 3, maxLength: 3 }),
      mutated,
    );
    fc.assert(
      fc.property(arb, (lines) => {
        const r = parseMrz(lines);
        if (r.ok) {
          // Anything accepted must re-encode to exactly the same three lines' check digits.
          const [l1, l2] = r.value.lines;
          expect(String(mrzCheckDigit(l1.slice(5, 14)))).toBe(l1[14]);
          expect(String(mrzCheckDigit(l1.slice(15, 27)))).toBe(l1[29]);
          expect(String(mrzCheckDigit(l2.slice(0, 6)))).toBe(l2[6]);
        } else expect(codes.has(r.error.code)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
