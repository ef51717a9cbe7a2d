import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import { newId } from '../../common/ids';
import { ManualClock } from '../../common/clock';
import { startCitySandbox, type CitySandbox } from './server';
import { parseFaultSpec } from './faults';
import { containsCardNumber } from './codes';
import { tempDir, tusUpload, sha256, api, DEVICE, TOKEN } from '../test-support/fixtures';

let sb: CitySandbox;
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0, 0));

beforeAll(async () => {
  sb = await startCitySandbox({
    dataDir: tempDir('sandbox'), devices: [DEVICE, { id: 'other-kiosk', token: 'other-token-xyz' }], clock,
    processingAfterMs: 10_000, completedAfterMs: 60_000, supplementFraction: 0,
  });
});
afterAll(() => sb.close());

async function dossierBody(bytes = crypto.randomBytes(5000)) {
  const uploadId = await tusUpload(sb.url, TOKEN, bytes);
  return {
    procedureCode: '1.001193', channel: 'kiosk',
    applicant: { idNumber: '001099012345', fullName: 'Trần Văn B', dateOfBirth: '1980-01-01', sex: 'male', address: 'Hà Nội' },
    form: { a: 1 }, attachments: [{ uploadId, sha256: sha256(bytes), mediaType: 'image/png', pages: 1, documentType: 'cccd' }],
    fee: { amount: 0 }, createdAt: '2026-11-23T02:00:00+07:00',
  };
}

describe('city sandbox', () => {
  it('answers a repeated PUT with the same receipt, and a changed body with 409 and the stored hash', async () => {
    const id = newId();
    const body = await dossierBody();
    const a = await api(sb.url, 'PUT', `/v1/dossiers/${id}`, body);
    expect(a.status).toBe(200);
    expect(a.body.receiptCode).toMatch(/^H26\.99-261123-\d{4}$/);
    const b = await api(sb.url, 'PUT', `/v1/dossiers/${id}`, body);
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
    const c = await api(sb.url, 'PUT', `/v1/dossiers/${id}`, { ...body, form: { a: 2 } });
    expect(c.status).toBe(409);
    expect(c.body.error.details.storedHash).toMatch(/^[0-9a-f]{64}$/);
    const rows = sb.db.prepare('SELECT COUNT(*) AS n, MAX(puts) AS puts FROM dossiers WHERE id = ?').get(id) as { n: number; puts: number };
    expect(rows).toEqual({ n: 1, puts: 2 });
  });

  it('numbers receipts per day and keeps devices apart', async () => {
    const r1 = await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, await dossierBody());
    const r2 = await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, await dossierBody());
    const n1 = Number(r1.body.receiptCode.split('-')[2]);
    expect(Number(r2.body.receiptCode.split('-')[2])).toBe(n1 + 1);
    // Another device cannot use this device's uploads.
    const body = await dossierBody();
    const other = await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, body, 'other-token-xyz');
    expect(other.status).toBe(422);
  });

  it('rejects an attachment whose bytes do not hash to sha256, naming it', async () => {
    const body = await dossierBody();
    body.attachments[0]!.sha256 = 'f'.repeat(64);
    const r = await api(sb.url, 'PUT', `/v1/dossiers/${newId()}`, body);
    expect(r.status).toBe(422);
    expect(r.body.error.details.uploadId).toBe(body.attachments[0]!.uploadId);
    expect(r.body.error.message).toContain('sha256 mismatch');
  });

  it('refuses unknown tokens with 401, on JSON routes and on tus', async () => {
    expect((await api(sb.url, 'GET', '/v1/changes', undefined, 'nope')).status).toBe(401);
    await expect(tusUpload(sb.url, 'nope', Buffer.from('x'))).rejects.toThrow(/401/);
  });

  it('refuses a payment carrying a full card number, accepts a masked one once', async () => {
    const dossierId = newId();
    expect((await api(sb.url, 'PUT', `/v1/dossiers/${dossierId}`, await dossierBody())).status).toBe(200);
    const pay = { dossierId, method: 'card', amount: 50000, status: 'approved', paidAt: '2026-11-23T02:00:00Z', terminalRef: 'T1' };
    const bad = await api(sb.url, 'PUT', `/v1/payments/${newId()}`, { ...pay, maskedPan: '4111 1111 1111 1111' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('card-number-refused');
    const hidden = await api(sb.url, 'PUT', `/v1/payments/${newId()}`, { ...pay, terminalRef: '4111111111111111' });
    expect(hidden.status).toBe(422);
    const id = newId();
    const good = await api(sb.url, 'PUT', `/v1/payments/${id}`, { ...pay, maskedPan: '411111******1111' });
    expect(good.status).toBe(200);
    expect((await api(sb.url, 'PUT', `/v1/payments/${id}`, { ...pay, maskedPan: '411111******1111' })).status).toBe(200);
    expect((await api(sb.url, 'PUT', `/v1/payments/${id}`, { ...pay, amount: 1, maskedPan: '411111******1111' })).status).toBe(409);
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM payments WHERE dossier_id = ?').get(dossierId)).toEqual({ n: 1 });
    expect(containsCardNumber({ idNumber: '001099012345' })).toBe(false);
  });

  it('numbers queue tickets per branch and service and is idempotent on ticketId', async () => {
    const t = (ticketId: string, serviceCode: string) => ({ ticketId, branchCode: 'HK01', serviceCode, priority: 'normal', requestedAt: clock.now().toISOString() });
    const id1 = newId();
    const a = await api(sb.url, 'POST', '/v1/queue-tickets', t(id1, 'CCCD'));
    const b = await api(sb.url, 'POST', '/v1/queue-tickets', t(newId(), 'CCCD'));
    const c = await api(sb.url, 'POST', '/v1/queue-tickets', t(newId(), 'HOTICH'));
    expect(a.status).toBe(200);
    expect(b.body.number).toBe(a.body.number + 1);
    expect(c.body.number).toBe(1);
    expect(a.body.counterHint).toMatch(/^Quầy \d+$/);
    expect(b.body.estimatedWaitMinutes).toBeGreaterThan(a.body.estimatedWaitMinutes);
    expect((await api(sb.url, 'POST', '/v1/queue-tickets', t(id1, 'CCCD'))).body).toEqual(a.body);
  });

  it('moves dossiers through statuses on its clock and serves them by cursor; supplements reopen processing', async () => {
    const id = newId();
    await api(sb.url, 'PUT', `/v1/dossiers/${id}`, await dossierBody());
    const first = await api(sb.url, 'GET', '/v1/changes?limit=500');
    const mine = (r: { body: { changes: { dossierId: string; status: string }[] } }) => r.body.changes.filter((c) => c.dossierId === id).map((c) => c.status);
    expect(mine(first)).toEqual(['received']);
    clock.advance(10_000);
    const second = await api(sb.url, 'GET', `/v1/changes?since=${first.body.cursor}`);
    expect(mine(second)).toEqual(['processing']);
    clock.advance(50_000);
    const third = await api(sb.url, 'GET', `/v1/changes?since=${second.body.cursor}`);
    expect(mine(third)).toEqual(['completed']);
    // Control endpoint: the city asks for more papers; a supplement puts the dossier back to processing.
    expect((await fetch(`${sb.url}/sandbox/dossiers/${id}/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'needs_supplement' }) })).status).toBe(200);
    const extra = crypto.randomBytes(3000);
    const uploadId = await tusUpload(sb.url, TOKEN, extra);
    const sup = await api(sb.url, 'PUT', `/v1/dossiers/${id}/supplements/${newId()}`, { attachments: [{ uploadId, sha256: sha256(extra), mediaType: 'image/png', pages: 1, documentType: 'extra' }], createdAt: clock.now().toISOString() });
    expect(sup.status).toBe(200);
    const fourth = await api(sb.url, 'GET', `/v1/changes?since=${third.body.cursor}`);
    expect(mine(fourth)).toEqual(['needs_supplement', 'processing']);
  });

  it('plays a VietQR payment and shows it to the polling device', async () => {
    const ref = 'QR' + Date.now();
    expect((await api(sb.url, 'GET', `/v1/vietqr-notifications?reference=${ref}`)).body.notifications).toEqual([]);
    await fetch(`${sb.url}/sandbox/vietqr/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference: ref, amount: 50000 }) });
    const r = await api(sb.url, 'GET', `/v1/vietqr-notifications?reference=${ref}`);
    expect(r.body.notifications[0]).toMatchObject({ reference: ref, amount: 50000 });
  });

  it('serves no test-control routes when told not to', async () => {
    const closed = await startCitySandbox({ dataDir: tempDir('noctl'), devices: [DEVICE], control: false });
    try {
      expect((await fetch(`${closed.url}/sandbox/stats`)).status).toBe(404);
      expect((await api(closed.url, 'GET', '/v1/changes')).status).toBe(200);
    } finally {
      await closed.close();
    }
  });

  it('parses fault specs and rejects nonsense', () => {
    const f = parseFaultSpec('error=0.2:500,burst429=0.1:4:3,latency=5-10,drop=0.1,stall=0.05,malformed=0.1,only=/v1/dossiers|/v1/uploads');
    expect(f.ok && f.value).toMatchObject({ errorRate: 0.2, errorStatus: 500, burst429Length: 4, retryAfterSeconds: 3, latencyMinMs: 5, latencyMaxMs: 10, only: ['/v1/dossiers', '/v1/uploads'] });
    expect(parseFaultSpec('error=2').ok).toBe(false);
    expect(parseFaultSpec('explode=1').ok).toBe(false);
  });

  it('answers malformed JSON with 400 and oversize JSON with 413', async () => {
    const r = await fetch(`${sb.url}/v1/dossiers/${newId()}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"x":' });
    expect(r.status).toBe(400);
    const big = await fetch(`${sb.url}/v1/dossiers/${newId()}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ form: 'x'.repeat(2_000_000) }) });
    expect(big.status).toBe(413);
  });
});
