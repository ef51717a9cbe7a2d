// Audit events go to the city in batches (POST /v1/audit), against the real sandbox: many events
// in a few requests, acked together, never doubled at the city, parked or retried together.
import { describe, it, expect, afterEach } from 'vitest';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { CityGatewayClient } from '../city-client/city-gateway-client';
import { tempDir, waitFor, makeKiosk, DEVICE, type Kiosk } from '../test-support/fixtures';

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function sandbox(): Promise<CitySandbox> {
  const sb = await startCitySandbox({ dataDir: tempDir('audit-sb'), devices: [DEVICE] });
  open.push(sb);
  return sb;
}
function kiosk(url: string): Kiosk {
  const k = makeKiosk(url);
  open.push(k);
  return k;
}
function append(k: Kiosk, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const r = k.outbox.audit.append({ actor: i % 2 ? 'kiosk' : 'staff:P001', action: i % 2 ? 'citizen-consent' : 'assisted-submit', subject: k.outbox.reserveId(), detail: { n: i } });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.eventId;
  });
}
const posts = (sb: CitySandbox) => sb.stats().byRoute['POST /v1/audit'] ?? 0;
const stored = (sb: CitySandbox) => (sb.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n;

describe('sync: audit events', () => {
  it('delivers 120 events in at most 3 requests, acks them all, and a resend does not double them at the city', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const ids = append(k, 120);
    k.worker.start();
    await waitFor(() => k.outbox.stats().byKind.audit.acked === 120);
    expect(posts(sb)).toBeLessThanOrEqual(3);
    expect(stored(sb)).toBe(120);
    const row = sb.db.prepare('SELECT device_id, actor, action, detail_json FROM audit_events WHERE event_id = ?').get(ids[7]) as Record<string, unknown>;
    expect(row).toEqual({ device_id: DEVICE.id, actor: 'kiosk', action: 'citizen-consent', detail_json: '{"n":7}' });
    expect(k.outbox.audit.list({ limit: 1000 }).every((e) => e.delivery === 'acked')).toBe(true);
    // The same events sent again (a crash between the city's 204 and the ack): one more request, no new rows.
    const before = posts(sb);
    for (const id of ids.slice(0, 10)) k.outbox.messages.resend(id);
    await waitFor(() => k.outbox.stats().byKind.audit.acked === 120);
    expect(posts(sb) - before).toBe(1);
    expect(stored(sb)).toBe(120);
  });

  it('parks a refused batch together, and retries a failed one together until the city takes it', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    sb.setFaults('error=1:422,only=/v1/audit');
    append(k, 5);
    k.worker.start();
    await waitFor(() => k.outbox.stats().byKind.audit.parked === 5);
    expect(posts(sb)).toBe(1);
    expect(k.outbox.list({ kind: 'audit' }).every((m) => m.state === 'rejected' && m.rejectCode !== null)).toBe(true);
    sb.setFaults('error=1:503,only=/v1/audit');
    const failing = append(k, 5);
    await waitFor(() => posts(sb) >= 3);
    expect(failing.map((id) => k.outbox.getMessage(id)!.state).every((st) => st === 'pending' || st === 'sending')).toBe(true);
    expect(stored(sb)).toBe(0);
    sb.setFaults('');
    await waitFor(() => k.outbox.stats().byKind.audit.acked === 5, 15_000);
    expect(stored(sb)).toBe(5);
    expect(k.outbox.stats().byKind.audit.parked).toBe(5); // parked stay parked until a technician retries them
  });

  it("exposes the worker's own city client, sharing its token and link health", async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    expect(k.worker.city).toBeInstanceOf(CityGatewayClient);
    expect(k.worker.city.baseUrl).toBe(sb.url);
    const r = await k.worker.city.postAudit({ events: [{ eventId: k.outbox.reserveId(), at: new Date().toISOString(), actor: 'kiosk', action: 'kiosk-start' }] });
    expect(r.ok).toBe(true);
    expect(k.worker.getState().link.level).toBe('online');
    k.worker.setDeviceToken('revoked-token-000');
    const refused = await k.worker.city.postAudit({ events: [] });
    expect(refused.ok || refused.error.code).toBe('unauthorized');
  });
});
