import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/catalog-loader';
import { normalizePhone, validateForm } from './form-validation';

const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue');
const fieldsOf = (code: string) => catalog.value.procedures.find((p) => p.code === code)!.formFields;

describe('e-form validation', () => {
  const birth = fieldsOf('1.001193');
  const good = {
    childName: 'Nguyễn Minh An',
    childDateOfBirth: '2026-11-20',
    childSex: 'Nam',
    birthPlace: 'Bệnh viện Phụ sản Hà Nội',
    motherName: 'Trần Thị Hòa',
    relation: 'me',
    phone: '0912 345 678',
  };

  it('accepts a complete birth registration', () => {
    expect(validateForm(birth, good, '2026-11-23')).toEqual([]);
  });

  it('names each missing required field, and not the optional ones', () => {
    const problems = validateForm(birth, { ...good, childName: '  ', motherName: '' }, '2026-11-23');
    expect(problems).toEqual([
      { field: 'childName', code: 'required' },
      { field: 'motherName', code: 'required' },
    ]);
  });

  it('refuses an impossible or future date of birth, a bad phone and an unknown option', () => {
    expect(validateForm(birth, { ...good, childDateOfBirth: '2026-02-30' }, '2026-11-23')).toEqual([{ field: 'childDateOfBirth', code: 'not-a-date' }]);
    expect(validateForm(birth, { ...good, childDateOfBirth: '2027-01-01' }, '2026-11-23')).toEqual([{ field: 'childDateOfBirth', code: 'date-in-future' }]);
    expect(validateForm(birth, { ...good, phone: '12345' }, '2026-11-23')).toEqual([{ field: 'phone', code: 'bad-phone' }]);
    expect(validateForm(birth, { ...good, childSex: 'X' }, '2026-11-23')).toEqual([{ field: 'childSex', code: 'not-an-option' }]);
  });

  it('checks numbers against their bounds and ID numbers for 12 digits', () => {
    const copies = fieldsOf('2.000815');
    expect(validateForm(copies, { documentName: 'Bằng tốt nghiệp', copies: '0', phone: '0912345678' }, '2026-11-23')).toEqual([{ field: 'copies', code: 'too-small', min: 1 }]);
    expect(validateForm(copies, { documentName: 'Bằng', copies: 'ba', phone: '0912345678' }, '2026-11-23')).toEqual([{ field: 'copies', code: 'not-a-number' }]);
    const marriage = fieldsOf('1.000894');
    expect(validateForm(marriage, { partnerName: 'Lê Văn B', partnerIdNumber: '00109012345', partnerDateOfBirth: '1990-01-01', phone: '0912345678' }, '2026-11-23')).toEqual([{ field: 'partnerIdNumber', code: 'bad-id-number' }]);
  });

  it('normalises Vietnamese phone numbers', () => {
    expect(normalizePhone('+84 912 345 678')).toBe('0912345678');
    expect(normalizePhone('0912.345.678')).toBe('0912345678');
    expect(normalizePhone('912345678')).toBeNull();
  });
});
