import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, afterEach } from 'vitest';
import { ManualClock } from '../../common/clock';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, sampleDossier, waitFor, makeKiosk, DEVICE, SAMPLE_ID_NUMBER, SAMPLE_NAME, type Kiosk } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';
import type { SyncState } from './worker';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function sandbox(over: Partial<Parameters<typeof startCitySandbox>[0]> = {}): Promise<CitySandbox> {
  const sb = await startCitySandbox({ dataDir: tempDir('w-sb'), devices: [DEVICE], ...over });
  open.push(sb);
  return sb;
}
const logger = createMemoryLogger();
function kiosk(url: string, over = {}): Kiosk {
  const k = makeKiosk(url, over, logger);
  open.push(k);
  return k;
}

describe('sync worker', () => {
  it('sends a dossier, shows the city receipt, pulls status changes, and publishes its state', async () => {
    const clock = new ManualClock(Date.now());
    const sb = await sandbox({ clock, processingAfterMs: 5_000, completedAfterMs: 20_000, supplementFraction: 0 });
    const k = kiosk(sb.url);
    const states: SyncState[] = [];
    k.worker.subscribe((s) => states.push(s));
    const d = k.outbox.submitDossier(sampleDossier(2, 50_000));
    if (!d.ok) throw new Error(d.error.message);
    k.worker.start();
    await waitFor(() => k.outbox.getDossier(d.value.id)?.receiptCode);
    expect(k.outbox.localStatus(d.value.localRef)).toMatchObject({ phase: 'sent', cityStatus: 'received', printedCode: expect.stringMatching(/^H26\.99-/) });
    clock.advance(5_000);
    await waitFor(() => k.outbox.getDossier(d.value.id)?.cityStatus === 'processing');
    clock.advance(15_000);
    await waitFor(() => k.outbox.getDossier(d.value.id)?.cityStatus === 'completed');
    expect(k.outbox.getDossier(d.value.id)?.cityStatusCode).toBe(9);
    expect(states.some((s) => s.pending === 1)).toBe(true);
    expect(k.worker.getState()).toMatchObject({ online: true, pending: 0, oldestPendingAt: null, alert: null, running: true });
    // The whole exchange was logged without the citizen's identity.
    const log = logger.lines.join('\n');
    expect(log).toContain('dossier-acked');
    expect(log).not.toContain(SAMPLE_ID_NUMBER);
    expect(log).not.toContain(SAMPLE_NAME);
  });

  it('keeps the changes cursor across a restart, so status is not pulled from zero again', async () => {
    const sb = await sandbox();
    const dataDir = tempDir('cursor');
    const k1 = makeKiosk(sb.url, {}, undefined, dataDir);
    const d = k1.outbox.submitDossier(sampleDossier(0));
    k1.worker.start();
    await waitFor(() => k1.outbox.changesCursor() !== null && k1.outbox.stats().pending === 0);
    const cursor = k1.outbox.changesCursor();
    await k1.close();
    sb.resetStats();
    const requested: string[] = [];
    const k2 = makeKiosk(sb.url, { fetch: (u: string, i: RequestInit) => (requested.push(u), fetch(u, i)) }, undefined, dataDir);
    open.push(k2);
    k2.worker.start();
    await waitFor(() => requested.some((u) => u.includes('/v1/changes')));
    expect(requested.find((u) => u.includes('/v1/changes'))).toContain(`since=${cursor}`);
    expect(d.ok && k2.outbox.getDossier(d.value.id)?.cityStatus).toBe('received');
  });

  it('sends a supplement when the city asks for one; the dossier goes back to processing', async () => {
    const sb = await sandbox({ supplementFraction: 0 });
    const k = kiosk(sb.url);
    const d = k.outbox.submitDossier(sampleDossier(1));
    if (!d.ok) throw new Error(d.error.message);
    k.worker.start();
    await waitFor(() => k.outbox.getDossier(d.value.id)?.receiptCode);
    sb.setDossierStatus(d.value.id, 'needs_supplement', 'Thiếu giấy khai sinh');
    await waitFor(() => k.outbox.getDossier(d.value.id)?.cityStatus === 'needs_supplement');
    const s = k.outbox.submitSupplement({ dossierId: d.value.id, note: 'Bổ sung giấy khai sinh', attachments: sampleDossier(1).attachments });
    expect(s.ok).toBe(true);
    await waitFor(() => k.outbox.getDossier(d.value.id)?.cityStatus === 'processing');
    const rows = sb.db.prepare('SELECT COUNT(*) AS n FROM dossier_attachments WHERE dossier_id = ? AND supplement_id IS NOT NULL').get(d.value.id);
    expect(rows).toEqual({ n: 1 });
  });

  it('gives a queue number at once when online; a gateway that never answers keeps nobody waiting', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const a = await k.worker.requestQueueTicket({ branchCode: 'HK01', serviceCode: 'CCCD', priority: 'elderly' });
    expect(a).toMatchObject({ ok: true, issued: true, ticket: { number: 1, counterHint: expect.stringMatching(/^Quầy/) } });
    // A gateway on loopback that accepts connections and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const dead = kiosk(`http://127.0.0.1:${port}`);
      const t0 = Date.now();
      const b = await dead.worker.requestQueueTicket({ branchCode: 'HK01', serviceCode: 'CCCD' }, { timeoutMs: 300 });
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(b).toMatchObject({ ok: true, issued: false });
      // Without withdrawal the request stays queued for the city …
      expect(dead.outbox.stats().byKind.queue_ticket.pending).toBe(1);
      // … with it (the kiosk gave a local number or sent the citizen to reception) it is never sent later.
      const c = await dead.worker.requestQueueTicket({ branchCode: 'HK01', serviceCode: 'HT' }, { timeoutMs: 300, withdrawUnlessIssued: true });
      expect(c).toMatchObject({ ok: true, issued: false });
      expect(dead.outbox.stats().byKind.queue_ticket.pending).toBe(1);
      expect(dead.outbox.getQueueTicket(c.ok ? c.ticket.id : '')?.number ?? null).toBeNull();
    } finally {
      silent.closeAllConnections?.();
      silent.close();
    }
  });

  it('detects offline without hammering, and drains once the city is back', async () => {
    let calls = 0;
    const sbReal = await sandbox();
    let reachable = false;
    const k = kiosk(sbReal.url, {
      backoffBaseMs: 50, backoffCapMs: 400,
      fetch: (u: string, i: RequestInit) => {
        calls++;
        return reachable ? fetch(u, i) : Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }));
      },
    });
    k.outbox.submitDossier(sampleDossier(0));
    k.worker.start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(k.worker.getState()).toMatchObject({ online: false, link: { level: 'offline', failedPercent: 100 } });
    expect(k.worker.getState().lastError).toMatch(/network/);
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThanOrEqual(10); // 50, 100, 200, 400, 400… ms, not thousands
    // New submissions while offline do not trigger extra attempts.
    const before = calls;
    for (let i = 0; i < 5; i++) k.outbox.submitDossier(sampleDossier(0));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls - before).toBeLessThanOrEqual(1);
    reachable = true;
    // Probes notice the city is back; everything waiting goes at once, not after its backoff.
    await waitFor(() => k.outbox.stats().pending === 0, 5000);
    expect(k.worker.getState()).toMatchObject({ online: true, link: { level: 'online' } });
  });

  it('sends telemetry with ratings that carry no identity', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    k.outbox.submitDossier(sampleDossier(0));
    k.outbox.enqueueTelemetry({ devices: [{ kind: 'printer', status: 'paper-low' }], ratings: [{ score: 4, procedureCode: '1.001193' }] });
    k.worker.start();
    await waitFor(() => k.outbox.stats().pending === 0);
    const row = sb.db.prepare('SELECT device_id, body_json FROM telemetry').get() as { device_id: string; body_json: string };
    const body = JSON.parse(row.body_json);
    expect(row.device_id).toBe(DEVICE.id);
    expect(body).toMatchObject({ deviceId: DEVICE.id, devices: [{ kind: 'printer', status: 'paper-low' }], ratings: [{ score: 4 }], outbox: { pending: expect.any(Number) } });
    expect(row.body_json).not.toMatch(/dossier|001099012345/i);
  });

  it('reads a VietQR payment notification (sandbox extension)', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    expect(await k.worker.pollVietQr('KIOSK-REF-0001')).toEqual({ paid: false });
    await fetch(`${sb.url}/sandbox/vietqr/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference: 'KIOSK-REF-0001', amount: 50_000 }) });
    expect(await k.worker.pollVietQr('KIOSK-REF-0001')).toMatchObject({ paid: true, amount: 50_000 });
  });
});
