// The outbox-backed ledger behaves like the core's InMemoryPaymentLedger, and survives a restart.
import { describe, it, expect } from 'vitest';
import { openKioskStore, Outbox } from '../../../offline-sync';
import { tempDir } from '../../../offline-sync/test-support/fixtures';
import { newId } from '../../../common/ids';
import { OutboxPaymentLedger } from './outbox-payment-ledger';

function ledgerAt(dir: string) {
  const s = openKioskStore({ dataDir: dir });
  if (!s.ok) throw new Error(s.error.message);
  const outbox = new Outbox(s.value);
  return { outbox, ledger: new OutboxPaymentLedger(outbox), close: () => s.value.close() };
}

describe('OutboxPaymentLedger', () => {
  it('keeps an in-flight sale across a restart and resolves it once', () => {
    const dir = tempDir('ledger');
    const dossierId = newId();
    const paymentId = newId();
    const a = ledgerAt(dir);
    const createdAt = new Date('2026-11-23T02:00:00Z');
    expect(a.ledger.recordIntent({ paymentId, dossierId, method: 'vietqr', amount: 50_000, createdAt, reference: 'KQR-12345' }).ok).toBe(true);
    // A retried identical write is harmless; a different one is refused.
    expect(a.ledger.recordIntent({ paymentId, dossierId, method: 'vietqr', amount: 50_000, createdAt }).ok).toBe(true);
    expect(a.ledger.recordIntent({ paymentId, dossierId, method: 'card', amount: 1, createdAt })).toMatchObject({ ok: false, error: { code: 'duplicate' } });
    a.close(); // the kiosk dies before the outcome

    const b = ledgerAt(dir);
    expect(b.ledger.listUnresolved()).toEqual([{ paymentId, dossierId, method: 'vietqr', amount: 50_000, createdAt, reference: 'KQR-12345', state: 'in-flight' }]);
    expect(b.ledger.byReference('KQR-12345')?.paymentId).toBe(paymentId);
    expect(b.ledger.recordOutcome(paymentId, { status: 'unknown' }).ok).toBe(true);
    expect(b.ledger.listUnresolved()[0]?.state).toBe('unknown');
    expect(b.ledger.recordOutcome(paymentId, { status: 'approved', terminalRef: 'FT123', paidAt: new Date('2026-11-23T02:01:00Z') }).ok).toBe(true);
    expect(b.ledger.recordOutcome(paymentId, { status: 'approved' }).ok).toBe(true);
    expect(b.ledger.recordOutcome(paymentId, { status: 'declined' })).toMatchObject({ ok: false, error: { code: 'already-final', status: 'approved' } });
    expect(b.ledger.listUnresolved()).toEqual([]);
    expect(b.ledger.forDossier(dossierId)).toMatchObject([{ paymentId, outcome: { status: 'approved', terminalRef: 'FT123', paidAt: new Date('2026-11-23T02:01:00Z') } }]);
    b.close();
  });

  it('refuses an unmasked card number and unknown payments', () => {
    const { ledger, close } = ledgerAt(tempDir('ledger2'));
    const paymentId = newId();
    expect(ledger.recordOutcome(paymentId, { status: 'approved' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    ledger.recordIntent({ paymentId, dossierId: newId(), method: 'card', amount: 1000, createdAt: new Date() });
    expect(ledger.recordOutcome(paymentId, { status: 'approved', maskedPan: '4111111111111111' })).toEqual({ ok: false, error: { code: 'unmasked-pan' } });
    expect(ledger.recordOutcome(paymentId, { status: 'approved', maskedPan: '411111******1111' }).ok).toBe(true);
    close();
  });

  it('a payment approved after the citizen left is "paid, no dossier" with what they entered, across a restart, until staff settle it', () => {
    const dir = tempDir('ledger3');
    const dossierId = newId();
    const paymentId = newId();
    const a = ledgerAt(dir);
    a.ledger.recordIntent({ paymentId, dossierId, method: 'vietqr', amount: 8_000, createdAt: new Date('2026-12-05T02:00:00Z'), reference: 'ABCDEF123456' });
    const draft = { applicant: { idNumber: '001090123456', fullName: 'Phạm Thị Mai', dateOfBirth: '1950-09-02', phone: '0912000555' }, form: { documentName: 'Sổ hộ khẩu' }, lang: 'vi', papers: 1 };
    expect(a.outbox.savePaymentDraft({ dossierId, procedureCode: '2.000815', draft }).ok).toBe(true);
    // Paid but not yet approved: not listed (it is an unknown payment, a different list).
    expect(a.outbox.paidNotSubmitted()).toEqual([]);
    a.ledger.recordOutcome(paymentId, { status: 'unknown' });
    a.close(); // the kiosk restarts while the citizen is still in their bank app

    const b = ledgerAt(dir);
    b.ledger.recordOutcome(paymentId, { status: 'approved', terminalRef: 'FT26339', paidAt: new Date('2026-12-05T02:02:30Z') });
    expect(b.outbox.stats()).toMatchObject({ paidNotSubmitted: 1, unresolvedPayments: 0 });
    expect(b.outbox.paidNotSubmitted()).toMatchObject([{ payment: { id: paymentId, amount: 8_000, reference: 'ABCDEF123456', outcome: 'approved' }, procedureCode: '2.000815', draft }]);
    // Once the dossier is submitted (the citizen was still there), it is an ordinary paid dossier.
    const other = newId();
    const otherPay = newId();
    b.ledger.recordIntent({ paymentId: otherPay, dossierId: other, method: 'card', amount: 2_000, createdAt: new Date() });
    b.ledger.recordOutcome(otherPay, { status: 'approved' });
    expect(b.outbox.stats().paidNotSubmitted).toBe(2);
    expect(b.outbox.settlePaidNotSubmitted(otherPay).ok).toBe(true); // a payment with no draft row
    expect(b.outbox.settlePaidNotSubmitted(paymentId).ok).toBe(true);
    expect(b.outbox.settlePaidNotSubmitted(newId())).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(b.outbox.paidNotSubmitted()).toEqual([]);
    expect(b.outbox.stats().paidNotSubmitted).toBe(0);
    b.close();
  });
});
