// Assisted dossiers whose staff session the city refuses (422 staff_session_invalid): parked, never
// lost, their payments waiting; re-stamped at the staff member's next sign-in and then accepted.
import { describe, it, expect, afterEach } from 'vitest';
import { startCitySandbox } from '../city-sandbox/server';
import { tempDir, sampleDossier, waitFor, makeKiosk, DEVICE } from '../test-support/fixtures';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

describe('sync: assisted dossiers and the staff session', () => {
  it('parks a dossier the city refused for its staff session, with its payment waiting, and delivers both once re-stamped', async () => {
    const sb = await startCitySandbox({ dataDir: tempDir('staff-sb'), devices: [DEVICE] });
    open.push(sb);
    // The city refuses the expired session as the contract says; the sandbox takes the rest.
    const puts: unknown[] = [];
    const k = makeKiosk(sb.url, {
      fetch: (u: string, i: RequestInit) => {
        if (i.method === 'PUT' && u.includes('/v1/dossiers/')) {
          const body = JSON.parse(String(i.body)) as { onBehalfOf?: { staffSessionId: string } };
          puts.push(body.onBehalfOf);
          if (body.onBehalfOf?.staffSessionId === 'session-expired') {
            const error = { code: 'staff_session_invalid', message: 'The staff session has expired.', details: { reason: 'expired' } };
            return Promise.resolve(new Response(JSON.stringify({ error }), { status: 422, headers: { 'content-type': 'application/json' } }));
          }
        }
        return fetch(u, i);
      },
    });
    open.push(k);
    const id = k.outbox.reserveId();
    const pay = k.outbox.recordPaymentIntent({ dossierId: id, method: 'cash', amount: 50_000 });
    if (!pay.ok) throw new Error('intent');
    expect(k.outbox.recordPaymentOutcome(pay.value.paymentId, { status: 'approved' }).ok).toBe(true);
    const onBehalfOf = { staffId: 'P001', staffSessionId: 'session-expired', consentRef: 'consent-0001' };
    const d = k.outbox.submitDossier(sampleDossier(1, 1000, { id, channel: 'community', onBehalfOf, fee: { amount: 50_000, paymentId: pay.value.paymentId } }));
    if (!d.ok) throw new Error(d.error.message);
    k.worker.start();
    await waitFor(() => k.outbox.getDossier(id)?.delivery === 'rejected');
    expect(k.outbox.getDossier(id)).toMatchObject({ rejectCode: 'staff_session_invalid', rejectReason: expect.stringMatching(/^expired: /) });
    expect(k.outbox.getMessage(pay.value.paymentId)?.state).toBe('pending');
    expect(k.outbox.stats().blocked).toBe(1);
    expect(k.outbox.dossiers.parkedForStaffSession('P001').map((p) => p.id)).toEqual([id]);

    expect(k.outbox.dossiers.restampStaffSession({ staffId: 'P001', staffSessionId: 'session-new' })).toEqual({ ok: true, value: 1 });
    await waitFor(() => k.outbox.getMessage(pay.value.paymentId)?.state === 'acked');
    expect(k.outbox.getDossier(id)?.receiptCode).toMatch(/^H26\.99-/);
    expect(puts).toEqual([onBehalfOf, { ...onBehalfOf, staffSessionId: 'session-new' }]);
    const stored = sb.db.prepare('SELECT body_json FROM dossiers WHERE id = ?').get(id) as { body_json: string };
    expect(JSON.parse(stored.body_json).onBehalfOf).toEqual({ ...onBehalfOf, staffSessionId: 'session-new' });
  });
});
