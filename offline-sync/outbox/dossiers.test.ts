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
});
