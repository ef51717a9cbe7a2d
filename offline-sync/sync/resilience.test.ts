// Sync that keeps moving when the city answers badly: one failing dossier does not hold the
// others, a stalled upload is resumed on the same upload (nothing left behind at the city), and
// the link's state says what is true.
import fs from 'node:fs';
import { describe, it, expect, afterEach } from 'vitest';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, makeKiosk, submitWithPayments, waitFor, DEVICE, type Kiosk } from '../test-support/fixtures';
import { verifyArrivals } from '../test-support/verify';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function setup(kioskOver = {}): Promise<{ sb: CitySandbox; k: Kiosk }> {
  const sb = await startCitySandbox({ dataDir: tempDir('res'), devices: [DEVICE], seed: 7, supplementFraction: 0 });
  open.push(sb);
  const k = makeKiosk(sb.url, kioskOver);
  open.push(k);
  return { sb, k };
}

/** Upload files at the city (tus keeps a .json beside each). */
const uploadsAtCity = (sb: CitySandbox) => fs.readdirSync(sb.uploadsDir).filter((f) => !f.endsWith('.json')).length;

describe('sync when the city answers badly', () => {
  it('keeps sending the others while the city keeps failing one dossier, and sends that one once it is well', async () => {
    const { sb, k } = await setup({ backoffBaseMs: 50, backoffCapMs: 400 });
    const [troubled] = submitWithPayments(k.outbox, 1, 1, 2_000);
    const others = submitWithPayments(k.outbox, 5, 1, 2_000);
    sb.setFaults(`error=1:503,only=/v1/dossiers/${troubled!.dossierId}`);
    k.worker.start();
    await waitFor(() => verifyArrivals(sb.db, sb.uploadsDir, others).problems.length === 0, 15_000, 25);
    // The troubled one waits in its own backoff: not parked, not lost, and the city is not "offline".
    await waitFor(() => /503/.test(k.outbox.getMessage(troubled!.dossierId)?.lastError ?? ''), 10_000);
    expect(k.outbox.getMessage(troubled!.dossierId)?.state).not.toBe('rejected');
    expect(k.outbox.stats().parked).toBe(0);
    expect(k.worker.getState().online).toBe(true);
    sb.setFaults('');
    await waitFor(() => k.outbox.stats().pending === 0, 15_000, 25);
    expect(verifyArrivals(sb.db, sb.uploadsDir, [troubled!, ...others]).problems).toEqual([]);
  });

  it('resumes a stalled upload from its offset on the same upload, leaving nothing behind at the city', async () => {
    const { sb, k } = await setup({ uploadChunkBytes: 16 * 1024, uploadStallMs: 300, requestTimeoutMs: 300 });
    // Stalls only on uploads the city has named (PATCH, HEAD): each one must be resumed, not begun again.
    sb.setFaults('stall=0.25,only=/v1/uploads/');
    const sent = submitWithPayments(k.outbox, 3, 2, 100_000);
    k.worker.start();
    await waitFor(() => k.outbox.stats().pending === 0, 30_000, 25);
    expect(verifyArrivals(sb.db, sb.uploadsDir, sent).problems).toEqual([]);
    const st = sb.stats();
    expect(st.faultsInjected.stall ?? 0).toBeGreaterThan(0);
    // Six scans, six uploads created and six at the city: a stall never started a second one.
    expect(st.uploads).toBe(6);
    expect(uploadsAtCity(sb)).toBe(6);
    // Some chunk was sent again at an offset past zero: resumed where the city had got to.
    const offsets = new Map<string, number[]>();
    for (const p of st.patches) offsets.set(p.uploadId, [...(offsets.get(p.uploadId) ?? []), p.offset]);
    const resent = [...offsets.values()].some((o) => o.some((x, i) => x > 0 && o.indexOf(x) !== i));
    expect(resent).toBe(true);
  });

  it('ends an upload it gives up on (tus termination), and never sends its token to another address', async () => {
    const { sb, k } = await setup();
    const bytes = Buffer.alloc(64 * 1024, 1);
    let url = '';
    // An upload begun and cut short: the city has part of it.
    sb.setFaults('stall=1,only=/v1/uploads/');
    const { CityGatewayClient } = await import('../city-client/city-gateway-client');
    const c = new CityGatewayClient({ baseUrl: sb.url, deviceToken: DEVICE.token, uploadStallMs: 200, uploadChunkBytes: 16 * 1024 });
    const r = await c.uploadAttachment({ bytes, resumeUrl: null, metadata: { dossierId: 'd', sha256: 'x', mediaType: 'image/png', filename: 'x' }, onUploadUrl: (u) => (url = u) });
    expect(r.ok).toBe(false);
    expect(url).toMatch(/\/v1\/uploads\//);
    expect(uploadsAtCity(sb)).toBe(1);
    sb.setFaults('');
    expect(await c.terminateUpload(url)).toBe(true);
    expect(uploadsAtCity(sb)).toBe(0);
    expect(await c.terminateUpload(url)).toBe(true); // already gone is gone
    expect(await c.terminateUpload('http://127.0.0.2:9/v1/uploads/x')).toBe(false);
    expect(k.outbox.stats().pending).toBe(0);
  });
});
