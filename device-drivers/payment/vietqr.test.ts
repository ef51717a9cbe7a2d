import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc16CcittFalse, encodeVietQr, parseVietQr, parseVietQrForCli } from './vietqr';
import { vietQrConfigSchema } from './vietqr-config';

// Vectors from shared/reference/domain-facts.md §1 (all CRC-verified there). The
// "NAPAS_EXAMPLE" strings of binhnguyenduc/vietqr-ts are deliberately absent: their CRCs
// are wrong and they nest the service code incorrectly.
const V1 = '00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA';
const V2 = '00020101021138480010A00000072701300006970403011621129950446040255204581253037045802VN5910PHUONG CAC6005HANOI62110307NPS686963045802';
const V3 = '00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E';
const V4 = '00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203';
const V5 = '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value 29B1 for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
  });
});

describe('encodeVietQr reproduces every dynamic vector byte for byte', () => {
  it.each([
    ['V1 dynamic to account, VCB', V1, { bankBin: '970436', accountNumber: '1017595600', service: 'QRIBFTTA', amount: 180000, purpose: 'thanh toan don hang' }],
    ['V3 bill NPS6869', V3, { bankBin: '970403', accountNumber: '0011012345678', service: 'QRIBFTTA', amount: 180000, reference: 'NPS6869', purpose: 'thanh toan don hang' }],
    ['V4 to card', V4, { bankBin: '970403', accountNumber: '9704031101234567', service: 'QRIBFTTC', amount: 180000, reference: 'NPS6869', purpose: 'thanh toan don hang' }],
    ['V5 VietinBank', V5, { bankBin: '970415', accountNumber: '0011001932418', service: 'QRIBFTTA', amount: 120000, purpose: 'ung ho lu lut' }],
  ] as const)('%s', (_name, vector, input) => {
    expect(encodeVietQr(input)).toBe(vector);
  });

  it('puts the dossier reference in tag 62-01 and the result parses back', () => {
    const text = encodeVietQr({ bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA', amount: 25_000, reference: 'HS2611230001', purpose: 'HS2611230001 le phi' });
    const p = parseVietQr(text);
    expect(p.ok && p.value).toMatchObject({ initiation: 'dynamic', amount: 25_000, billNumber: 'HS2611230001', guid: 'A000000727' });
  });

  it('refuses inputs a bank app would reject, before any QR is shown', () => {
    expect(() => encodeVietQr({ bankBin: '97041', accountNumber: '1', service: 'QRIBFTTA', amount: 1 })).toThrow(RangeError);
    expect(() => encodeVietQr({ bankBin: '970415', accountNumber: '1', service: 'QRIBFTTA', amount: 1.5 })).toThrow(RangeError);
    expect(() => encodeVietQr({ bankBin: '970415', accountNumber: '1', service: 'QRIBFTTA', amount: 1, purpose: 'lệ phí' })).toThrow(RangeError);
  });
});

describe('parseVietQr', () => {
  it('reads every vector, static and dynamic', () => {
    for (const v of [V1, V2, V3, V4, V5]) expect(parseVietQr(v).ok).toBe(true);
    const s = parseVietQr(V2);
    expect(s.ok && s.value).toMatchObject({
      initiation: 'static', bankBin: '970403', accountNumber: '2112995044604025',
      merchantCategory: '5812', merchantName: 'PHUONG CAC', merchantCity: 'HANOI', storeLabel: 'NPS6869',
    });
    expect(s.ok && s.value.amount).toBeUndefined();
    expect(s.ok && s.value.service).toBeUndefined(); // this static QR carries no service code
    const d = parseVietQr(V4);
    expect(d.ok && d.value).toMatchObject({ service: 'QRIBFTTC', amount: 180000, billNumber: 'NPS6869', purpose: 'thanh toan don hang', crc: 'A203' });
  });

  it('names what is wrong', () => {
    expect(parseVietQr('')).toEqual({ ok: false, error: { code: 'empty' } });
    expect(parseVietQr(V1.slice(0, -4) + '70FB')).toMatchObject({ ok: false, error: { code: 'bad-crc', expected: '70FA' } });
    expect(parseVietQr(V1.slice(0, 40))).toMatchObject({ ok: false, error: { code: 'bad-tlv' } });
    expect(parseVietQr('Nguyễn')).toMatchObject({ ok: false, error: { code: 'not-ascii' } });
    // A valid EMV QR of another scheme (GUID changed, CRC recomputed): not NAPAS.
    const other = V1.replace('A000000727', 'A000000999').slice(0, -4);
    expect(parseVietQr(other + crc16CcittFalse(other).toString(16).toUpperCase().padStart(4, '0'))).toMatchObject({ ok: false, error: { code: 'not-napas' } });
  });

  it('the rejected vietqr-ts example (nested service code, CRC B682) is refused', () => {
    // Same body with the wrong CRC quoted there; the right CRC would be different.
    expect(parseVietQr(V1.slice(0, -4) + 'B682')).toMatchObject({ ok: false, error: { code: 'bad-crc' } });
  });

  it('never throws and always gives a typed error for arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const r = parseVietQr(s);
        if (!r.ok) expect(typeof r.error.code).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('survives mutations of a valid code (fuzz): every change is caught or still consistent', () => {
    fc.assert(
      fc.property(fc.nat(V3.length - 1), fc.integer({ min: 0x20, max: 0x7e }), (i, c) => {
        const mutated = V3.slice(0, i) + String.fromCharCode(c) + V3.slice(i + 1);
        const r = parseVietQr(mutated);
        if (mutated === V3) expect(r.ok).toBe(true);
        else if (r.ok) expect(mutated.slice(-4).toUpperCase()).toBe(V3.slice(-4)); // only a CRC case change
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any valid input (property)', () => {
    const ascii = fc.stringMatching(/^[A-Za-z0-9 ]{1,25}$/).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/), fc.stringMatching(/^[0-9]{1,19}$/), fc.integer({ min: 1, max: 999_999_999 }), ascii,
        (bankBin, accountNumber, amount, reference) => {
          const r = parseVietQr(encodeVietQr({ bankBin, accountNumber, service: 'QRIBFTTA', amount, reference }));
          expect(r.ok && r.value).toMatchObject({ bankBin, accountNumber, amount, billNumber: reference });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('CLI helpers and config', () => {
  it('prints a readable summary and a JSON form', () => {
    const out = parseVietQrForCli(V5);
    expect(out.ok).toBe(true);
    expect(out.lines.join('\n')).toMatch(/970415.*0011001932418/);
    expect(parseVietQrForCli('garbage').lines[0]).toMatch(/^invalid VietQR: /);
  });

  it('validates the collection account', () => {
    expect(vietQrConfigSchema.safeParse({ bankBin: '970415', accountNumber: '113366668888', accountName: 'TT PVHCC HA NOI' }).success).toBe(true);
    expect(vietQrConfigSchema.safeParse({ bankBin: '9704', accountNumber: 'x', accountName: 'A' }).success).toBe(false);
  });
});
