import { randomBytes } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { createMemoryLogger } from '../../../common/logger';
import { err, ok } from '../../../common/result';
import { startCitySandbox, type CitySandbox } from '../../../offline-sync';
import { DEVICE, makeKiosk, sampleDossier, SAMPLE_ID_NUMBER, SAMPLE_NAME, tempDir, waitFor, type Kiosk } from '../../../offline-sync/test-support/fixtures';
import { loadCatalog } from '../catalog/catalog-loader';
import { createCatalogService } from '../catalog/catalog-service';
import type { PaperScanner } from '../dossier/journey-ports';
import { canonicalCityCode, createLookupService, type LookupServiceDeps } from './lookup-service';

const catalog = (() => {
  const c = loadCatalog();
  if (!c.ok) throw new Error(c.error.message);
  return createCatalogService(c.value);
})();

/** A scanner that "scans" a page of random bytes (or a blank page) into the given folder. */
function fakeScanner(): PaperScanner & { next: 'page' | 'blank' | 'jam' } {
  let n = 0;
  const s = {
    next: 'page' as 'page' | 'blank' | 'jam',
    async scan({ dir }: { dir: string }) {
      if (s.next === 'jam') return err({ code: 'jammed' });
      const file = join(dir, `page-${++n}.png`);
      const bytes = randomBytes(2048);
      writeFileSync(file, bytes);
      return ok([{ file, previewPng: bytes, blank: s.next === 'blank', readable: s.next === 'page' }]);
    },
    readMrz: async () => err({ code: 'not-connected' }),
  };
  return s;
}

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function sandbox(): Promise<CitySandbox> {
  // No automatic status moves: each test sets the status it needs.
  const sb = await startCitySandbox({ dataDir: tempDir('l-sb'), devices: [DEVICE], processingAfterMs: 3_600_000, completedAfterMs: 10_800_000, supplementFraction: 0 });
  open.push(sb);
  return sb;
}

function kiosk(url: string): Kiosk {
  const k = makeKiosk(url, {}, logger);
  open.push(k);
  return k;
}

const logger = createMemoryLogger();

function service(k: Kiosk, over: Partial<LookupServiceDeps> = {}) {
  const scanner = fakeScanner();
  const clock = new ManualClock(Date.now());
  const lookup = createLookupService({ clock, logger, outbox: k.outbox, worker: k.worker, catalog, scanner, refreshTimeoutMs: 2000, sendWaitMs: 3000, ...over });
  return { lookup, scanner, clock };
}

function submit(k: Kiosk) {
  const d = k.outbox.submitDossier(sampleDossier(1, 1000, { procedureCode: '1.003677' }));
  if (!d.ok) throw new Error(d.error.message);
  return d.value;
}

describe('dossier look-up', () => {
  it('says a dossier still on the kiosk will be sent, by the reference printed on its receipt', async () => {
    const k = kiosk('http://127.0.0.1:9');
    const d = submit(k);
    const { lookup } = service(k);
    const r = await lookup.find(d.localRef.toLowerCase().replace(/-/g, ' '));
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({ code: d.localRef, state: 'saved-on-kiosk', nextStep: 'wait-sending', canSupplement: false, online: false });
    expect(r.value.procedure?.name.vi).toBe('Khai báo tạm vắng');
  });

  it('follows the city: received with its date, then a request for papers, then the supplement sent and processing', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const d = submit(k);
    k.worker.start();
    const receiptCode = await waitFor(() => k.outbox.getDossier(d.id)?.receiptCode);
    const { lookup } = service(k);

    // Typed without dots and dashes, in lower case: still found.
    const received = await lookup.find(receiptCode.toLowerCase().replace(/[.-]/g, ''));
    if (!received.ok) throw new Error(received.error.code);
    expect(received.value).toMatchObject({ code: receiptCode, state: 'received', statusCode: 2, nextStep: 'wait', online: true, appointmentDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(lookup.startSupplement(receiptCode)).toEqual({ ok: false, error: { code: 'no-supplement-requested' } });

    sb.setDossierStatus(d.id, 'needs_supplement', 'Bổ sung giấy ủy quyền');
    // The look-up itself asks the city for news: no waiting for the next poll.
    const asked = await lookup.find(d.localRef);
    if (!asked.ok) throw new Error(asked.error.code);
    expect(asked.value).toMatchObject({ state: 'needs_supplement', statusCode: 5, note: 'Bổ sung giấy ủy quyền', nextStep: 'add-papers', canSupplement: true, supplement: 'none' });

    const draft = lookup.startSupplement(receiptCode);
    if (!draft.ok) throw new Error(draft.error.code);
    const one = await lookup.scanSupplementPage(draft.value.draftId);
    const two = await lookup.scanSupplementPage(draft.value.draftId);
    expect(two.ok && two.value.map((p) => p.index)).toEqual([0, 1]);
    expect(one.ok && one.value[0]!.previewDataUrl).toMatch(/^data:image\/png;base64,/);
    const removed = lookup.removeSupplementPage(draft.value.draftId, 1);
    expect(removed.ok && removed.value).toHaveLength(1);
    const sent = await lookup.sendSupplement(draft.value.draftId);
    expect(sent).toEqual({ ok: true, value: { code: receiptCode, pages: 1, sentToCity: true } });

    // The city has it, for the same dossier, with its attachment.
    const rows = sb.db.prepare('SELECT s.dossier_id AS dossierId, COUNT(a.upload_id) AS n FROM supplements s JOIN dossier_attachments a ON a.supplement_id = s.id GROUP BY s.id').all();
    expect(rows).toEqual([{ dossierId: d.id, n: 1 }]);
    // Once sent, the draft is gone and a second supplement cannot be started by mistake.
    expect(await lookup.sendSupplement(draft.value.draftId)).toEqual({ ok: false, error: { code: 'draft-expired' } });
    const after = await lookup.find(receiptCode);
    expect(after.ok && after.value).toMatchObject({ state: 'processing', note: 'Đã nhận hồ sơ bổ sung', nextStep: 'wait', canSupplement: false });
  });

  it('explains each city status with its next step', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const d = submit(k);
    k.worker.start();
    const code = await waitFor(() => k.outbox.getDossier(d.id)?.receiptCode);
    const { lookup } = service(k);
    const expected = { needs_payment: 'pay', completed: 'collect', returned: 'none', not_accepted: 'ask-counter', stopped: 'ask-counter', processing: 'wait' } as const;
    for (const [status, next] of Object.entries(expected)) {
      sb.setDossierStatus(d.id, status as keyof typeof expected);
      const r = await lookup.find(code);
      expect(r.ok && { state: r.value.state, next: r.value.nextStep }).toEqual({ state: status, next });
    }
  });

  it('while the kiosk holds a supplement that is not sent yet, says so instead of asking again', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const d = submit(k);
    k.worker.start();
    const code = await waitFor(() => k.outbox.getDossier(d.id)?.receiptCode);
    sb.setDossierStatus(d.id, 'needs_supplement', 'Bổ sung');
    const { lookup } = service(k, { sendWaitMs: 0 });
    await lookup.find(code);
    const draft = lookup.startSupplement(code);
    if (!draft.ok) throw new Error(draft.error.code);
    await lookup.scanSupplementPage(draft.value.draftId);
    sb.setFaults({ dropRate: 1 });
    await waitFor(() => k.worker.getState().online === false);
    const sent = await lookup.sendSupplement(draft.value.draftId);
    expect(sent.ok && sent.value.sentToCity).toBe(false);
    const r = await lookup.find(code);
    expect(r.ok && r.value).toMatchObject({ state: 'needs_supplement', supplement: 'waiting-to-send', canSupplement: false, nextStep: 'wait' });
    expect(lookup.startSupplement(code)).toEqual({ ok: false, error: { code: 'supplement-already-sent' } });
    sb.setFaults({});
    await waitFor(() => sb.db.prepare('SELECT 1 FROM supplements WHERE dossier_id = ?').get(d.id), 10_000);
  });

  it('refuses bad codes, unknown dossiers, blank-only supplements and scanner faults plainly; drafts expire with their files', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const d = submit(k);
    k.worker.start();
    const code = await waitFor(() => k.outbox.getDossier(d.id)?.receiptCode);
    sb.setDossierStatus(d.id, 'needs_supplement');
    const { lookup, scanner, clock } = service(k);
    expect(await lookup.find('<script>')).toEqual({ ok: false, error: { code: 'invalid-code' } });
    expect(await lookup.find('H26.99-000000-9999')).toEqual({ ok: false, error: { code: 'not-found' } });
    await lookup.find(code);
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('kiosk-supplement-')).length;
    const draft = lookup.startSupplement(code);
    if (!draft.ok) throw new Error(draft.error.code);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('kiosk-supplement-')).length).toBe(before + 1);
    scanner.next = 'blank';
    await lookup.scanSupplementPage(draft.value.draftId);
    expect(await lookup.sendSupplement(draft.value.draftId)).toEqual({ ok: false, error: { code: 'no-pages' } });
    scanner.next = 'jam';
    expect(await lookup.scanSupplementPage(draft.value.draftId)).toEqual({ ok: false, error: { code: 'device', device: 'scanner', reason: 'jammed' } });
    clock.advance(16 * 60_000);
    expect(lookup.removeSupplementPage(draft.value.draftId, 0)).toEqual({ ok: false, error: { code: 'draft-expired' } });
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('kiosk-supplement-')).length).toBe(before);
    expect(canonicalCityCode('h26 99 261123 0001')).toBe('H26.99-261123-0001');
    expect(canonicalCityCode('K-ABCDE-12345')).toBeNull();
    const log = logger.lines.join('\n');
    expect(log).toContain('dossier-looked-up');
    expect(log).not.toContain(SAMPLE_ID_NUMBER);
    expect(log).not.toContain(SAMPLE_NAME);
  });
});
