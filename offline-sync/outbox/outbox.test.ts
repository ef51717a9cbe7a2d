import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openKioskStore, type KioskStore } from '../store/store';
import { Outbox } from './outbox';
import { localRefFromId, normalizeLocalRef } from './local-ref';
import { tempDir, sampleDossier, SAMPLE_ID_NUMBER } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';
import { newId } from '../../common/ids';

let store: KioskStore;
let ob: Outbox;
let dir: string;
const logger = createMemoryLogger();
beforeEach(() => {
  dir = tempDir('outbox');
  const r = openKioskStore({ dataDir: dir });
  if (!r.ok) throw new Error(r.error.message);
  store = r.value;
  ob = new Outbox(store, { logger });
});
afterEach(() => store.close());

describe('outbox', () => {
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

  it('derives distinct, normalisable local references', () => {
    const refs = new Set(Array.from({ length: 2000 }, () => localRefFromId(newId())));
    expect(refs.size).toBe(2000);
    for (const r of [...refs].slice(0, 50)) expect(normalizeLocalRef(r.toLowerCase())).toBe(r);
  });

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

  it('never lets a parked message block the others, and a technician can un-park it', () => {
    const a = ob.submitDossier(sampleDossier(1));
    const b = ob.submitDossier(sampleDossier(1));
    if (!a.ok || !b.ok) throw new Error('submit');
    ob.markRejected(a.value.id, 'invalid', 'procedureCode unknown');
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([b.value.id]);
    expect(ob.stats()).toMatchObject({ pending: 1, parked: 1 });
    expect(ob.retry(a.value.id).ok).toBe(true);
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([a.value.id, b.value.id]);
  });

  it('stores ratings without any link to a dossier and at hour precision', () => {
    const t = ob.enqueueTelemetry({ devices: [{ kind: 'printer', status: 'ok' }], ratings: [{ score: 5, procedureCode: '1.001193' }] });
    if (!t.ok) throw new Error('telemetry');
    const p = ob.telemetryPayload(t.value.id)!;
    expect(JSON.stringify(p)).not.toMatch(/dossier|session/i);
    expect(String(p.at)).toMatch(/T\d\d:00:00\.000Z$/);
  });
});
