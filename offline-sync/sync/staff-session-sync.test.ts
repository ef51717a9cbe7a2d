// Assisted dossiers whose staff session the city refuses (422 staff_session_invalid): parked, never
// lost, their payments waiting; re-stamped at the staff member's next sign-in and then accepted.
import { describe, it, expect, afterEach } from 'vitest';
import { ManualClock } from '../../common/clock';
import { newId } from '../../common/ids';
import { startCitySandbox } from '../city-sandbox/server';
import { tempDir, sampleDossier, waitFor, makeKiosk, DEVICE } from '../test-support/fixtures';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

describe('sync: assisted dossiers and the staff session', () => {
  it('an expired staff session parks the dossier (its payment waits); a new sign-in re-stamps it and the city accepts both', async () => {
    const clock = new ManualClock(Date.now());
    const sb = await startCitySandbox({ dataDir: tempDir('staff-e2e'), devices: [DEVICE], clock, staff: [{ staffId: 'P001', pin: '2468', roles: ['postal'] }], staffSessionMinutes: 30 });
    open.push(sb);
    const k = makeKiosk(sb.url);
    open.push(k);
    const signIn = async () => {
      const r = await k.worker.city.startStaffSession({ sessionId: newId(), staffId: 'P001', pinProof: '2468', startedAt: clock.now().toISOString() });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.sessionId;
    };
    const first = await signIn();
    clock.advance(31 * 60_000); // the session ends before the dossier reaches the city
    const id = k.outbox.reserveId();
    const pay = k.outbox.recordPaymentIntent({ dossierId: id, method: 'cash', amount: 50_000 });
    if (!pay.ok) throw new Error('intent');
    expect(k.outbox.recordPaymentOutcome(pay.value.paymentId, { status: 'approved' }).ok).toBe(true);
    const d = k.outbox.submitDossier(sampleDossier(1, 1000, {
      id, channel: 'community', onBehalfOf: { staffId: 'P001', staffSessionId: first, consentRef: 'consent-0002' }, fee: { amount: 50_000, paymentId: pay.value.paymentId },
    }));
    if (!d.ok) throw new Error(d.error.message);
    k.worker.start();
    await waitFor(() => k.outbox.getDossier(id)?.delivery === 'rejected');
    expect(k.outbox.getDossier(id)).toMatchObject({ rejectCode: 'staff_session_invalid', rejectReason: expect.stringMatching(/^expired: /) });
    expect(k.outbox.getMessage(pay.value.paymentId)?.state).toBe('pending');
    expect(k.outbox.stats().blocked).toBe(1);
    expect(k.outbox.dossiers.parkedForStaffSession('P001').map((p) => p.id)).toEqual([id]);
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE id = ?').get(id)).toEqual({ n: 0 });

    const second = await signIn();
    expect(k.outbox.dossiers.restampStaffSession({ staffId: 'P001', staffSessionId: second })).toEqual({ ok: true, value: 1 });
    await waitFor(() => k.outbox.getMessage(pay.value.paymentId)?.state === 'acked');
    expect(k.outbox.getDossier(id)?.receiptCode).toMatch(/^H26\.99-/);
    const stored = sb.db.prepare('SELECT body_json FROM dossiers WHERE id = ?').get(id) as { body_json: string };
    expect(JSON.parse(stored.body_json).onBehalfOf).toEqual({ staffId: 'P001', staffSessionId: second, consentRef: 'consent-0002' });
  });
});
