// POST /v1/audit on the sandbox: idempotent per eventId, conflicts named, append-only, ids only.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { newId } from '../../common/ids';
import { startCitySandbox, type CitySandbox } from './server';
import { tempDir, api, DEVICE } from '../test-support/fixtures';

let sb: CitySandbox;
const OTHER = { id: 'other-kiosk', token: 'other-token-xyz' };

beforeAll(async () => {
  sb = await startCitySandbox({ dataDir: tempDir('sandbox-audit'), devices: [DEVICE, OTHER] });
});
afterAll(() => sb.close());

const event = (over: Record<string, unknown> = {}) => ({
  eventId: newId(), at: '2026-11-23T09:00:00+07:00', actor: 'staff:P001', action: 'staff-sign-in', subject: newId(), detail: { point: 'HK01', tries: 1 }, ...over,
});
const count = (ids: string[]) =>
  (sb.db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE event_id IN (${ids.map(() => '?').join(',')})`).get(...ids) as { n: number }).n;

describe('city sandbox: audit', () => {
  it('stores a batch with the device, answers 204, and takes the same events again without a second row', async () => {
    const events = [event(), event({ actor: 'kiosk', action: 'kiosk-start', subject: undefined, detail: undefined })];
    const a = await api(sb.url, 'POST', '/v1/audit', { events });
    expect(a.status).toBe(204);
    const again = await api(sb.url, 'POST', '/v1/audit', { events: [...events, event()] });
    expect(again.status).toBe(204);
    expect(count(events.map((e) => e.eventId))).toBe(2);
    const row = sb.db.prepare('SELECT * FROM audit_events WHERE event_id = ?').get(events[0]!.eventId) as Record<string, unknown>;
    expect(row).toMatchObject({ device_id: DEVICE.id, actor: 'staff:P001', action: 'staff-sign-in', subject: events[0]!.subject, detail_json: '{"point":"HK01","tries":1}' });
    expect(row.received_at).toEqual(expect.any(String));
  });

  it('answers 409 with the stored hash for the same id with another body (or from another device), storing nothing of that request', async () => {
    const e = event();
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [e] })).status).toBe(204);
    const fresh = event();
    const c = await api(sb.url, 'POST', '/v1/audit', { events: [fresh, { ...e, action: 'staff-sign-out' }] });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatchObject({ code: 'conflict', details: { eventId: e.eventId, storedHash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(count([fresh.eventId])).toBe(0);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [e] }, OTHER.token)).status).toBe(409);
  });

  it('refuses malformed batches (422), more than 200 events, personal data, and a missing token (401)', async () => {
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [] })).status).toBe(422);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: Array.from({ length: 201 }, () => event()) })).status).toBe(422);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [event({ action: 'Staff Sign In' })] })).status).toBe(422);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [event({ detail: { nested: { a: 1 } } })] })).status).toBe(422);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [event({ extra: 1 })] })).status).toBe(422);
    const pii = event({ detail: { phone: '0912345678' } });
    const r = await api(sb.url, 'POST', '/v1/audit', { events: [event(), pii] });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'personal_data', details: { eventId: pii.eventId } });
    expect(JSON.stringify(r.body)).not.toContain('0912345678');
    expect(count([pii.eventId])).toBe(0);
    // A uuid subject whose last group is all digits is an id, not a number.
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [event({ subject: '0190a1b2-3c4d-7e5f-8a6b-123456789012' })] })).status).toBe(204);
    expect((await api(sb.url, 'POST', '/v1/audit', { events: [event()] }, 'wrong-token')).status).toBe(401);
  });

  it('keeps its audit table append-only', () => {
    expect(() => sb.db.prepare(`UPDATE audit_events SET action = 'x'`).run()).toThrow(/append-only/);
    expect(() => sb.db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });
});
