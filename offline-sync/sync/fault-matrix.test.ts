import { describe, it, expect, afterEach } from 'vitest';
import { startCitySandbox } from '../city-sandbox/server';
import { tempDir, makeKiosk, submitWithPayments, waitFor, DEVICE, type Kiosk } from '../test-support/fixtures';
import { verifyArrivals } from '../test-support/verify';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function setup(faults: string, sandboxOver: Parameters<typeof startCitySandbox>[0] extends infer O ? Partial<O> : never = {}, kioskOver = {}) {
  const sb = await startCitySandbox({ dataDir: tempDir('fm'), devices: [DEVICE], faults, seed: Number(process.env.FAULT_SEED ?? 42), ...sandboxOver });
  open.push(sb);
  const k = makeKiosk(sb.url, kioskOver);
  open.push(k);
  return { sb, k };
}

async function drained(k: Kiosk, timeoutMs = 20_000) {
  await waitFor(() => k.outbox.stats().pending === 0, timeoutMs, 25);
}

describe('sync under faults: nothing lost, nothing duplicated, no hot loop', () => {
  const cases: [string, string, Record<string, number>?][] = [
    ['5xx', 'error=0.3:503'],
    ['500 errors', 'error=0.25:500'],
    ['408 timeouts', 'error=0.25:408'],
    ['connection resets mid-body', 'drop=0.25'],
    ['stalls', 'stall=0.15', { requestTimeoutMs: 300, uploadStallMs: 300 }],
    ['malformed JSON answers', 'malformed=0.4,only=/v1/dossiers|/v1/payments'],
    ['latency', 'latency=5-40'],
  ];
  for (const [name, spec, over] of cases) {
    it(`delivers everything exactly once through ${name}`, async () => {
      const { sb, k } = await setup(spec, {}, over ?? {});
      const sent = submitWithPayments(k.outbox, 6, 2, 30_000);
      k.worker.start();
      await drained(k);
      const v = verifyArrivals(sb.db, sb.uploadsDir, sent);
      // On failure, show how the kiosk saw each missing item.
      const seen = v.problems.map((p) => JSON.stringify(k.outbox.getMessage(p.split(' ')[1]!)));
      expect([...v.problems, ...seen]).toEqual([]);
      expect(v).toMatchObject({ dossiers: 6, payments: 6 });
      expect(k.outbox.stats()).toMatchObject({ pending: 0, parked: 0 });
      const st = sb.stats();
      expect(Object.values(st.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      // 6 dossiers need ~6×(2 POST + 2 PATCH + PUT + PUT) ≈ 36 requests plus pulls; faults may
      // add retries but a hot loop would add hundreds.
      expect(st.requests).toBeLessThan(200);
    });
  }

  it('waits for Retry-After after a 429 and does not hammer a server that keeps failing', async () => {
    const { sb, k } = await setup('burst429=1:3:1', {}, { backoffBaseMs: 50, backoffCapMs: 400 });
    submitWithPayments(k.outbox, 1, 1, 1000);
    k.worker.start();
    await new Promise((r) => setTimeout(r, 2500));
    const log = sb.stats().log.filter((e) => !e.route.includes('/sandbox/'));
    // Every request after a 429 comes at least ~1 s later (Retry-After: 1).
    for (let i = 1; i < log.length; i++) {
      if (log[i - 1]!.status === 429) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(950);
    }
    expect(log.length).toBeLessThanOrEqual(4);
    // Always-failing 503 for 1.5 s: each request is tried a few times with pauses, then the
    // dossier backs off; a hot loop would send hundreds. The city answers, so it is not "offline".
    sb.setFaults('error=1:503');
    await waitFor(() => /503/.test(k.worker.getState().lastError ?? ''), 10_000);
    sb.resetStats();
    await new Promise((r) => setTimeout(r, 1500));
    expect(sb.stats().requests).toBeLessThanOrEqual(20);
    expect(k.worker.getState()).toMatchObject({ online: true, link: { level: 'degraded', failedPercent: expect.any(Number) } });
    expect(k.worker.getState().link.failedPercent).toBeGreaterThanOrEqual(50);
    sb.setFaults('');
    await drained(k, 10_000);
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM dossiers').get()).toEqual({ n: 1 });
  });

  it('stops on 401 with an alert, sends nothing more, and resumes with a new token', async () => {
    const { sb, k } = await setup('');
    const states: string[] = [];
    k.worker.subscribe((s) => states.push(s.alert?.code ?? 'none'));
    sb.revokeDevice(DEVICE.id);
    const sent = submitWithPayments(k.outbox, 2, 1, 1000);
    k.worker.start();
    await waitFor(() => k.worker.getState().alert?.code === 'unauthorized');
    expect(k.worker.getState().running).toBe(false);
    const before = sb.stats().requests;
    await new Promise((r) => setTimeout(r, 800));
    expect(sb.stats().requests).toBe(before);
    expect(k.outbox.stats()).toMatchObject({ pending: 4, parked: 0 }); // nothing parked, nothing lost
    sb.addDevice({ id: DEVICE.id, token: 'new-token-abcdef123456' });
    k.worker.setDeviceToken('new-token-abcdef123456');
    await drained(k);
    expect(states).toContain('unauthorized');
    expect(k.worker.getState().alert).toBeNull();
    expect(verifyArrivals(sb.db, sb.uploadsDir, sent).problems).toEqual([]);
  });

  it('parks a dossier the city refuses (413 upload, 422 dossier) without blocking the others', async () => {
    const { sb, k } = await setup('', { maxUploadBytes: 50_000 });
    const [big] = submitWithPayments(k.outbox, 1, 1, 80_000);
    const [refused] = submitWithPayments(k.outbox, 1, 1, 1000);
    const ok = submitWithPayments(k.outbox, 2, 1, 1000);
    sb.setFaults(`error=1:422,only=/v1/dossiers/${refused!.dossierId}`);
    k.worker.start();
    await waitFor(() => k.outbox.stats().parked === 2 && k.outbox.stats().pending === 2, 10_000);
    // The two good ones and their payments arrived; the parked ones' payments wait (blocked).
    expect(verifyArrivals(sb.db, sb.uploadsDir, ok).problems).toEqual([]);
    expect(k.outbox.getDossier(big!.dossierId)).toMatchObject({ delivery: 'rejected', rejectReason: expect.stringContaining('attachment 1') });
    expect(k.outbox.getDossier(refused!.dossierId)?.delivery).toBe('rejected');
    expect(k.outbox.stats().blocked).toBe(2);
    expect(k.worker.getState().alert?.code).toBe('parked-messages');
    // A parked message is not retried by itself.
    const before = sb.stats().byRoute[`PUT /v1/dossiers/:dossierId`] ?? 0;
    await new Promise((r) => setTimeout(r, 500));
    expect(sb.stats().byRoute[`PUT /v1/dossiers/:dossierId`] ?? 0).toBe(before);
    // The technician fixes the cause and retries: it goes through, with its payment.
    sb.setFaults('');
    k.outbox.retry(refused!.dossierId);
    await waitFor(() => k.outbox.getMessage(refused!.paymentId)?.state === 'acked', 10_000);
    expect(verifyArrivals(sb.db, sb.uploadsDir, [refused!]).problems).toEqual([]);
  });
});
