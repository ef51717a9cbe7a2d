// Staff sign-in on the sandbox over real HTTP on loopback: sessions, wrong PINs answered alike
// for unknown ids, the lockout (per staff id, persisted, on the sandbox's clock), the PIN proof
// refused off loopback, and assisted dossiers whose staff session must stand.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { newId } from '../../common/ids';
import { ManualClock } from '../../common/clock';
import { startCitySandbox, type CitySandbox } from './server';
import { tempDir, api, DEVICE, TOKEN } from '../test-support/fixtures';

const OTHER = { id: 'other-kiosk', token: 'other-token-xyz' };
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));
const dataDir = tempDir('staff');
let sb: CitySandbox;

const start = () => startCitySandbox({
  dataDir, devices: [DEVICE, OTHER], clock,
  staff: [{ staffId: 'BD001', pin: '1234', roles: ['postal'] }, { staffId: 'CTV07', pin: '987654', roles: ['collaborator', 'operator'], displayName: 'Lê Thị Cộng Tác' }],
});
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

const signIn = (staffId: string, pinProof: string, sessionId = newId(), token = TOKEN) =>
  api(sb.url, 'POST', '/v1/staff-sessions', { sessionId, staffId, pinProof, startedAt: clock.now().toISOString() }, token);

function dossier(onBehalfOf?: { staffId: string; staffSessionId: string; consentRef: string }) {
  return {
    procedureCode: '1.001193', channel: 'community',
    applicant: { idNumber: '001099012345', fullName: 'Trần Văn B', dateOfBirth: '1980-01-01', sex: 'male', address: 'Hà Nội' },
    ...(onBehalfOf ? { onBehalfOf } : {}), form: { a: 1 }, attachments: [], fee: { amount: 0 }, createdAt: clock.now().toISOString(),
  };
}

describe('staff sessions', () => {
  it('signs staff in with their PIN; a repeat is the stored answer, another body (or another PIN) a 409', async () => {
    const sessionId = newId();
    const startedAt = clock.now().toISOString();
    const body = { sessionId, staffId: 'BD001', pinProof: '1234', startedAt };
    const a = await api(sb.url, 'POST', '/v1/staff-sessions', body);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ sessionId, staffId: 'BD001', displayName: 'Nhân viên BD001', roles: ['postal'], expiresAt: new Date(clock.now().getTime() + 600 * 60_000).toISOString() });
    expect(await api(sb.url, 'POST', '/v1/staff-sessions', body)).toMatchObject({ status: 200, body: a.body });
    const other = await api(sb.url, 'POST', '/v1/staff-sessions', { ...body, startedAt: '2026-11-23T10:00:00+07:00' });
    expect(other.status).toBe(409);
    expect(other.body.error.details.storedHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await api(sb.url, 'POST', '/v1/staff-sessions', { ...body, pinProof: '0000' })).status).toBe(409);
    expect((await api(sb.url, 'POST', '/v1/staff-sessions', body, OTHER.token)).status).toBe(409);
    expect((await signIn('CTV07', '987654')).body).toMatchObject({ displayName: 'Lê Thị Cộng Tác', roles: ['collaborator', 'operator'] });
    // Never the PIN in the database: a salted scrypt hash, and session hashes without it.
    const dump = JSON.stringify(sb.db.prepare('SELECT * FROM staff').all()) + JSON.stringify(sb.db.prepare('SELECT * FROM staff_sessions').all());
    expect(dump).not.toContain('"1234"');
    expect(dump).not.toContain('987654');
  });

  it('answers a wrong PIN and an unknown staff id alike, counting down the tries; a right PIN resets the count', async () => {
    const wrong = await signIn('CTV07', '111111');
    const ghost = await signIn('NOBODY', '111111');
    expect(wrong.status).toBe(401);
    expect(ghost.status).toBe(401);
    expect(wrong.body.error).toEqual({ code: 'wrong_pin', message: expect.any(String), details: { triesLeft: 4 } });
    expect(ghost.body.error).toEqual(wrong.body.error);
    for (const left of [3, 2, 1]) expect((await signIn('CTV07', '000000')).body.error.details).toEqual({ triesLeft: left });
    expect((await signIn('CTV07', '987654')).status).toBe(200);
    expect((await signIn('CTV07', '000000')).body.error.details).toEqual({ triesLeft: 4 });
    expect((await signIn('CTV07', '987654')).status).toBe(200);
  });

  it('locks a staff id after 5 wrong PINs, even for the right one, until retryAt on its clock; the count is per staff id and kept across restarts', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn('BD001', '0000')).status).toBe(401);
    const fifth = await signIn('BD001', '0000');
    const retryAt = new Date(clock.now().getTime() + 15 * 60_000).toISOString();
    expect(fifth).toMatchObject({ status: 401, body: { error: { code: 'wrong_pin', details: { triesLeft: 0, retryAt } } } });
    const locked = await signIn('BD001', '1234');
    expect(locked.status).toBe(423);
    expect(locked.body.error).toEqual({ code: 'locked', message: expect.any(String), details: { retryAt } });
    expect((await signIn('BD001', '0000')).status).toBe(423);
    // Another staff id is not affected; an unknown one locks the same way.
    expect((await signIn('CTV07', '987654')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn('GHOST', '0000')).status).toBe(401);
    expect((await signIn('GHOST', '0000')).status).toBe(423);

    await sb.close();
    sb = await start(); // the lock is in the database, not in memory
    clock.advance(15 * 60_000 - 1000);
    expect((await signIn('BD001', '1234')).status).toBe(423);
    clock.advance(1000);
    expect((await signIn('BD001', '1234')).status).toBe(200);
    // After a lock ran out the count starts again.
    for (let i = 0; i < 2; i++) await signIn('BD001', '0000');
    expect((await signIn('BD001', '0000')).body.error.details).toEqual({ triesLeft: 2 });
    expect((await signIn('BD001', '1234')).status).toBe(200);
  });

  it('accepts the PIN itself as proof only over loopback (127.0.0.1, not another address)', async () => {
    const body = JSON.stringify({ sessionId: newId(), staffId: 'BD001', pinProof: '1234', startedAt: clock.now().toISOString() });
    const { port } = new URL(sb.url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, localAddress: '127.0.0.2', method: 'POST', path: '/v1/staff-sessions',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('pin_proof_unsupported');
  });

  it('refuses a malformed sign-in with 422 and an unknown device with 401', async () => {
    expect((await api(sb.url, 'POST', '/v1/staff-sessions', { sessionId: newId(), staffId: 'BD001' })).status).toBe(422);
    expect((await signIn('BD001', '1234', newId(), 'nope')).body.error.code).toBe('unauthorized');
  });
});

describe('assisted dossiers (onBehalfOf)', () => {
  it('refuses an onBehalfOf whose staff session is unknown, expired, of another device or of other staff, storing nothing', async () => {
    const s = await signIn('CTV07', '987654');
    const mine = { staffId: 'CTV07', staffSessionId: s.body.sessionId, consentRef: 'consent-1' };
    const theirs = (await signIn('BD001', '1234', newId(), OTHER.token)).body.sessionId;
    const cases: [object, string][] = [
      [{ ...mine, staffSessionId: newId() }, 'unknown'],
      [{ ...mine, staffSessionId: theirs, staffId: 'BD001' }, 'other_device'],
      [{ ...mine, staffId: 'BD001' }, 'other_staff'],
    ];
    for (const [onBehalfOf, reason] of cases) {
      const id = newId();
      const r = await api(sb.url, 'PUT', `/v1/dossiers/${id}`, dossier(onBehalfOf as typeof mine));
      expect(r.status).toBe(422);
      expect(r.body.error).toEqual({ code: 'staff_session_invalid', message: expect.any(String), details: { reason } });
      expect(sb.db.prepare('SELECT COUNT(*) AS n FROM dossiers WHERE id = ?').get(id)).toEqual({ n: 0 });
    }
    expect((await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, dossier({ staffId: 'CTV07', consentRef: 'c' } as typeof mine))).status).toBe(422);

    const okId = newId();
    const assisted = dossier(mine);
    const ok = await api(sb.url, 'PUT', `/v1/dossiers/${okId}`, assisted);
    expect(ok.status).toBe(200);
    expect(JSON.parse(sb.db.prepare('SELECT body_json FROM dossiers WHERE id = ?').pluck().get(okId) as string).onBehalfOf).toEqual(mine);
    clock.advance(600 * 60_000); // expiresAt is now: the session has ended
    const expired = await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, dossier(mine));
    expect(expired.body.error).toMatchObject({ code: 'staff_session_invalid', details: { reason: 'expired' } });
    // A repeat of the stored dossier is its stored answer, not checked again.
    expect(await api(sb.url, 'PUT', `/v1/dossiers/${okId}`, assisted)).toMatchObject({ status: 200, body: ok.body });
  });
});
