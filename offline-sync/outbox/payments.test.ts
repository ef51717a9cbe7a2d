// Payments in the outbox: found again after a crash, sent only after their dossier, never a full card number.
import { describe, it, expect } from 'vitest';
import type { Outbox } from './outbox';
import { outboxPerTest } from '../test-support/outbox-per-test';
import { sampleDossier } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';
import { newId } from '../../common/ids';

let ob: Outbox;
const logger = createMemoryLogger();
outboxPerTest((o) => (ob = o.outbox), logger);

describe('outbox: payments', () => {
  it('keeps a card sale findable when the outcome never came, and sends the payment only after its dossier', () => {
    const dossierId = ob.reserveId();
    const intent = ob.recordPaymentIntent({ dossierId, method: 'card', amount: 50_000 });
    if (!intent.ok) throw new Error(intent.error.message);
    // The kiosk "dies" here; on restart, the sale is unknown and must be reconciled.
    expect(ob.markInterruptedPaymentsUnknown()).toBe(1);
    expect(ob.unresolvedPayments().map((p) => p.id)).toEqual([intent.value.paymentId]);
    expect(ob.stats().unresolvedPayments).toBe(1);
    const out = ob.recordPaymentOutcome(intent.value.paymentId, { status: 'approved', approvalCode: 'A1', maskedPan: '970436******1234' });
    expect(out.ok).toBe(true);
    expect(ob.recordPaymentOutcome(intent.value.paymentId, { status: 'declined' }).ok).toBe(false);
    expect(ob.getMessage(intent.value.paymentId)).toBeNull(); // no dossier yet: nothing to send
    const d = ob.submitDossier(sampleDossier(1, 100, { id: dossierId, fee: { amount: 50_000, paymentId: intent.value.paymentId } }));
    expect(d.ok).toBe(true);
    expect(ob.dueMessages(Date.now()).map((m) => m.kind)).toEqual(['dossier']); // payment waits for the dossier
    ob.markAcked(dossierId);
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([intent.value.paymentId]);
  });

  it('refuses a full card number where a masked PAN belongs', () => {
    const intent = ob.recordPaymentIntent({ dossierId: newId(), method: 'card', amount: 1000 });
    if (!intent.ok) throw new Error('intent');
    const r = ob.recordPaymentOutcome(intent.value.paymentId, { status: 'approved', maskedPan: '4111111111111111' });
    expect(r.ok || r.error.code).toBe('invalid-input');
  });
});
