// Retention: personal data and scans go retentionDays after the city's ack; ids and codes stay.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openKioskStore } from '../store/store';
import { Outbox } from './outbox';
import { tempDir, sampleDossier, SAMPLE_ID_NUMBER, SAMPLE_NAME } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';
import { ManualClock } from '../../common/clock';

function open(dataDir: string) {
  const r = openKioskStore({ dataDir });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('outbox: retention', () => {
  it('purges personal data and scans N days after the city confirmed receipt, logging no personal data', () => {
    const dir = tempDir('purge');
    const store = open(dir);
    const clock = new ManualClock();
    const logger = createMemoryLogger();
    const ob = new Outbox(store, { clock, logger, retentionDays: 30 });
    const acked = ob.submitDossier(sampleDossier(2));
    const unsent = ob.submitDossier(sampleDossier(1));
    if (!acked.ok || !unsent.ok) throw new Error('submit');
    ob.recordDossierAck(acked.value.id, { receiptCode: 'H26.99-261123-0001', receivedAt: clock.now().toISOString(), appointmentDate: null, status: 'received', statusCode: 2 });
    clock.advance(29 * 86_400_000);
    expect(ob.purgeExpired()).toEqual({ ok: true, value: { purged: 0 } });
    clock.advance(2 * 86_400_000);
    expect(ob.purgeExpired()).toEqual({ ok: true, value: { purged: 1 } });
    expect(ob.dossierPayload(acked.value.id)).toBeNull();
    for (const a of acked.value.attachments) expect(fs.existsSync(path.join(store.attachmentsDir, `${a.sha256}.koa`))).toBe(false);
    // Unsent dossiers are never purged; the purged one can still be looked up by its receipt.
    expect(ob.dossierPayload(unsent.value.id)?.applicant.fullName).toBe(SAMPLE_NAME);
    expect(ob.findDossierByReceiptCode('h26.99-261123-0001')?.purged).toBe(true);
    const log = logger.lines.join('\n');
    expect(log).toContain('retention-purged');
    expect(log).not.toContain(SAMPLE_ID_NUMBER);
    expect(log).not.toContain(SAMPLE_NAME);
    store.close();
  });
});
