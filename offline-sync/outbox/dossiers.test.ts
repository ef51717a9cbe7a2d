// Dossiers in the outbox: refused input, durable across a reopen, found by either code.
import { describe, it, expect } from 'vitest';
import { openKioskStore, type KioskStore } from '../store/store';
import { Outbox } from './outbox';
import { outboxPerTest } from '../test-support/outbox-per-test';
import { sampleDossier, SAMPLE_ID_NUMBER } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';

let store: KioskStore;
let ob: Outbox;
let dir: string;
const logger = createMemoryLogger();
outboxPerTest((o) => ({ store, outbox: ob, dir } = o), logger);

describe('outbox: dossiers', () => {
  it('rejects bad input with field paths only, never the value', () => {
    const r = ob.submitDossier(sampleDossier(1, 100, { applicant: { ...sampleDossier().applicant, idNumber: '12345' } }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-input');
      expect(r.error.message).toContain('applicant.idNumber');
      expect(r.error.message).not.toContain('12345');
    }
    expect(ob.stats().pending).toBe(0);
  });

  it('survives a reopen: the submitted dossier is there, pending, with its attachments readable', () => {
    const r = ob.submitDossier(sampleDossier(3, 10_000));
    if (!r.ok) throw new Error(r.error.message);
    store.close();
    const again = openKioskStore({ dataDir: dir });
    if (!again.ok) throw new Error(again.error.message);
    store = again.value;
    const ob2 = new Outbox(store);
    expect(ob2.getDossier(r.value.id)).toMatchObject({ delivery: 'pending', attachments: 3, localRef: r.value.localRef });
    for (const a of ob2.attachmentsFor(r.value.id, null)) expect(ob2.readAttachment(a).length).toBe(10_000);
    expect(logger.lines.join('')).not.toContain(SAMPLE_ID_NUMBER);
  });

  it('finds a dossier by the printed local reference (as typed) and, once acked, by the city receipt code', () => {
    const r = ob.submitDossier(sampleDossier(1));
    if (!r.ok) throw new Error(r.error.message);
    const typed = r.value.localRef.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    expect(ob.findDossierByReceiptCode(typed)?.id).toBe(r.value.id);
    expect(ob.localStatus(r.value.id)).toMatchObject({ phase: 'waiting-to-send', printedCode: r.value.localRef });
    ob.recordDossierAck(r.value.id, { receiptCode: 'H26.99-261123-0042', receivedAt: new Date().toISOString(), appointmentDate: '2026-11-30', status: 'received', statusCode: 2 });
    expect(ob.findDossierByReceiptCode('H26.99-261123-0042')?.id).toBe(r.value.id);
    expect(ob.findDossierByReceiptCode(r.value.localRef)?.id).toBe(r.value.id);
    expect(ob.localStatus(r.value.localRef)).toMatchObject({ phase: 'sent', printedCode: 'H26.99-261123-0042', cityStatus: 'received' });
    expect(ob.findDossierByReceiptCode('K-00000-00000')).toBeNull();
  });

  it('parks a dossier whose staff session the city refused, and re-stamps it at that staff member\'s next sign-in', () => {
    const assisted = (staffId: string, staffSessionId: string, over = {}) => {
      const r = ob.submitDossier(sampleDossier(1, 100, { channel: 'community', onBehalfOf: { staffId, staffSessionId, consentRef: 'consent-0001' }, ...over }));
      if (!r.ok) throw new Error(r.error.message);
      return r.value.id;
    };
    // A payment settled before its dossier waits on that dossier's message.
    const a = ob.reserveId();
    const pay = ob.recordPaymentIntent({ dossierId: a, method: 'cash', amount: 50_000 });
    if (!pay.ok) throw new Error('intent');
    expect(ob.recordPaymentOutcome(pay.value.paymentId, { status: 'approved' }).ok).toBe(true);
    assisted('P001', 'session-old', { id: a, fee: { amount: 50_000, paymentId: pay.value.paymentId } });
    const b = assisted('P002', 'session-b');
    const c = assisted('P001', 'session-old');
    // The city's answers, recorded as the worker records a refusal.
    ob.markRejected(a, 'staff_session_invalid', 'expired: The staff session has expired.');
    ob.markRejected(b, 'staff_session_invalid', 'other_device: Another device started this session.');
    ob.markRejected(c, 'invalid', 'procedureCode unknown');
    expect(ob.dossiers.parkedForStaffSession().map((p) => [p.id, p.staffId])).toEqual([[a, 'P001'], [b, 'P002']]);
    expect(ob.dossiers.parkedForStaffSession('P001')).toEqual([{ id: a, staffId: 'P001', localRef: ob.getDossier(a)!.localRef }]);
    expect(ob.dueMessages(Date.now())).toEqual([]); // the payment keeps waiting: not due, not lost
    expect(ob.stats()).toMatchObject({ parked: 3, blocked: 1 });

    expect(ob.dossiers.restampStaffSession({ staffId: 'P001', staffSessionId: 'session-new' })).toEqual({ ok: true, value: 1 });
    expect(ob.dossierPayload(a)?.onBehalfOf).toEqual({ staffId: 'P001', staffSessionId: 'session-new', consentRef: 'consent-0001' });
    expect(ob.getMessage(a)).toMatchObject({ state: 'pending', nextAttemptAt: 0, rejectCode: null, rejectReason: null });
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([a]);
    // Another staff member's dossier, and one refused for another reason, are left as they were.
    expect(ob.getMessage(b)).toMatchObject({ state: 'rejected', rejectCode: 'staff_session_invalid' });
    expect(ob.dossierPayload(b)?.onBehalfOf?.staffSessionId).toBe('session-b');
    expect(ob.getMessage(c)).toMatchObject({ state: 'rejected', rejectCode: 'invalid' });
    expect(ob.dossierPayload(c)?.onBehalfOf?.staffSessionId).toBe('session-old');
    expect(ob.dossiers.parkedForStaffSession('P001')).toEqual([]);
    // Once the city has the dossier, its payment goes.
    ob.markAcked(a);
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([pay.value.paymentId]);
    expect(ob.dossiers.restampStaffSession({ staffId: 'P001', staffSessionId: 'session-new' })).toEqual({ ok: true, value: 0 });
    expect(ob.dossiers.restampStaffSession({ staffId: '', staffSessionId: 'x' }).ok).toBe(false);
  });

  it('refuses an assisted dossier without its staff session', () => {
    const r = ob.submitDossier(sampleDossier(1, 100, { onBehalfOf: { staffId: 'P001', consentRef: 'c1' } as never }));
    expect(r.ok || r.error.message).toContain('onBehalfOf.staffSessionId');
  });
});
