// The city client on its own, against the sandbox on loopback (and a hand-made liar of a city
// for answers the sandbox never gives): typed answers, and every failure a typed error.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { newId } from '../../common/ids';
import { REQUEST_ATTEMPTS } from './request-retry';
import { createMemoryLogger } from '../../common/logger';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, sha256, DEVICE, TOKEN } from '../test-support/fixtures';
import { CityGatewayClient, type CityGatewayClientOptions, type DossierBody } from './city-gateway-client';
import { parseRetryAfter } from './city-http';
import { isTransient } from './city-errors';

let sb: CitySandbox;
beforeAll(async () => {
  sb = await startCitySandbox({ dataDir: tempDir('client-sb'), devices: [DEVICE], supplementFraction: 0 });
});
afterAll(() => sb.close());
afterEach(() => sb.setFaults(''));

const client = (over: Partial<CityGatewayClientOptions> = {}) =>
  new CityGatewayClient({ baseUrl: sb.url, deviceToken: TOKEN, requestTimeoutMs: 2000, uploadStallMs: 2000, ...over });

async function upload(c: CityGatewayClient, bytes: Buffer = crypto.randomBytes(3000)) {
  const urls: string[] = [];
  const r = await c.uploadAttachment({
    bytes, resumeUrl: null, metadata: { dossierId: newId(), sha256: sha256(bytes), mediaType: 'image/png', filename: 'scan' }, onUploadUrl: (u) => urls.push(u),
  });
  if (!r.ok) throw new Error(r.error.message);
  return { ...r.value, bytes, urls };
}

function dossier(uploadId: string, bytes: Buffer, form: Record<string, unknown> = { a: 1 }): DossierBody {
  return {
    procedureCode: '1.001193', channel: 'kiosk',
    applicant: { idNumber: '001099012345', fullName: 'Trần Văn B', dateOfBirth: '1980-01-01', sex: 'male', address: 'Hà Nội' },
    form, attachments: [{ uploadId, sha256: sha256(bytes), mediaType: 'image/png', pages: 1, documentType: 'cccd' }],
    fee: { amount: 0 }, createdAt: '2026-11-23T09:00:00+07:00',
  };
}

describe('city gateway client', () => {
  it('uploads by tus and PUTs a dossier naming it; a repeat is the same answer, a changed body a 409 that is not retried', async () => {
    const c = client();
    const up = await upload(c);
    expect(up.urls).toEqual([up.url]); // the URL was handed over before the upload finished, to resume it
    expect(up.url.endsWith(`/${up.uploadId}`)).toBe(true);
    const id = newId();
    const first = await c.putDossier(id, dossier(up.uploadId, up.bytes));
    expect(first).toMatchObject({ ok: true, value: { dossierId: id, receiptCode: expect.stringMatching(/^H26\.99-/), status: 'received', statusCode: 2 } });
    expect(await c.putDossier(id, dossier(up.uploadId, up.bytes))).toEqual(first);
    const changed = await c.putDossier(id, dossier(up.uploadId, up.bytes, { a: 2 }));
    expect(changed).toMatchObject({ ok: false, error: { code: 'status', status: 409, cityCode: 'conflict', details: { storedHash: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    expect(!changed.ok && isTransient(changed.error)).toBe(false);
    // An attachment whose bytes do not hash to its sha256 is named in the 422.
    const wrong = await c.putDossier(newId(), { ...dossier(up.uploadId, up.bytes), attachments: [{ ...dossier(up.uploadId, up.bytes).attachments[0]!, sha256: 'f'.repeat(64) }] });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'status', status: 422, cityCode: 'attachment-invalid', details: { uploadId: up.uploadId } } });
  });

  it('resumes an upload from the URL it is given instead of starting another', async () => {
    const c = client();
    const up = await upload(c, crypto.randomBytes(50_000));
    const created = sb.stats().byRoute['POST /v1/uploads'];
    const again = await c.uploadAttachment({
      bytes: up.bytes, resumeUrl: up.url, metadata: { dossierId: newId(), sha256: sha256(up.bytes), mediaType: 'image/png', filename: 'scan' }, onUploadUrl: () => {},
    });
    expect(again).toEqual({ ok: true, value: { url: up.url, uploadId: up.uploadId } });
    expect(sb.stats().byRoute['POST /v1/uploads']).toBe(created);
  });

  it('sends payments, queue tickets and telemetry, reads the changes feed and VietQR notifications, each answer typed', async () => {
    const c = client();
    const up = await upload(c);
    const dossierId = newId();
    expect((await c.putDossier(dossierId, dossier(up.uploadId, up.bytes))).ok).toBe(true);
    const pay = await c.putPayment(newId(), { dossierId, method: 'card', amount: 50_000, status: 'approved', maskedPan: '970436******1234', paidAt: '2026-11-23T09:01:00+07:00' });
    expect(pay).toMatchObject({ ok: true, value: { status: 'approved' } });
    const ticketId = newId();
    const ticket = await c.postQueueTicket({ ticketId, branchCode: 'HK01', serviceCode: 'CCCD', priority: 'normal', requestedAt: new Date().toISOString() }, { timeoutMs: 1000 });
    expect(ticket).toMatchObject({ ok: true, value: { ticketId, number: expect.any(Number), counterHint: expect.stringMatching(/^Quầy/) } });
    expect(await c.postTelemetry({ deviceId: DEVICE.id, at: new Date().toISOString(), devices: [], outbox: { pending: 0, oldestPendingAt: null } })).toEqual({ ok: true, value: undefined });
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM telemetry').get()).toEqual({ n: 1 });

    const page = await c.getChanges(null, 200);
    if (!page.ok) throw new Error(page.error.message);
    expect(page.value.changes).toContainEqual({ dossierId, status: 'received', statusCode: 2, at: expect.any(String) });
    expect(page.value.received).toBe(page.value.changes.length);
    expect(await c.getChanges(page.value.cursor, 200)).toEqual({ ok: true, value: { changes: [], received: 0, cursor: page.value.cursor } });

    const reference = `REF-${Date.now()}`;
    expect(await c.getVietQrNotifications(reference)).toEqual({ ok: true, value: [] });
    await fetch(`${sb.url}/sandbox/vietqr/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reference, amount: 50_000 }) });
    expect(await c.getVietQrNotifications(reference)).toMatchObject({ ok: true, value: [{ reference, amount: 50_000, bankRef: expect.stringMatching(/^FT/) }] });
  });

  it('answers every failure as a typed error: 401, no answer, time-out, Retry-After, refused, malformed, too large', async () => {
    expect(await client({ deviceToken: 'revoked-token' }).getChanges(null, 10)).toEqual({ ok: false, error: { code: 'unauthorized', message: 'unauthorized' } });
    const tusRefused = await client({ deviceToken: 'revoked-token' }).uploadAttachment({
      bytes: Buffer.from('x'), resumeUrl: null, metadata: { dossierId: newId(), sha256: sha256(Buffer.from('x')), mediaType: 'image/png', filename: 'x' }, onUploadUrl: () => {},
    });
    expect(tusRefused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const nobody = await client({ baseUrl: `http://127.0.0.1:${port}` }).getChanges(null, 10);
    expect(nobody).toMatchObject({ ok: false, error: { code: 'network', message: expect.stringMatching(/^network: /) } });

    sb.setFaults('stall=1,only=/v1/changes');
    expect(await client({ requestTimeoutMs: 200 }).getChanges(null, 10)).toEqual({ ok: false, error: { code: 'network', message: 'network: timeout' } });
    const c = client();
    const inFlight = c.getChanges(null, 10);
    c.abortAll(); // the worker's stop()
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'network' } });

    sb.setFaults('burst429=1:1:7,only=/v1/changes');
    const limited = await c.getChanges(null, 10);
    expect(limited).toMatchObject({ ok: false, error: { code: 'status', status: 429, cityCode: 'rate-limited', retryAfterMs: 7000, message: '429 rate-limited' } });
    expect(!limited.ok && isTransient(limited.error)).toBe(true);
    sb.setFaults('error=1:503,only=/v1/queue-tickets');
    const down = await c.postQueueTicket({ ticketId: newId(), branchCode: 'HK01', serviceCode: 'CCCD', priority: 'normal', requestedAt: new Date().toISOString() });
    expect(down).toMatchObject({ ok: false, error: { code: 'status', status: 503, cityCode: 'injected' } });
    expect(!down.ok && isTransient(down.error)).toBe(true);
    sb.setFaults('');
    const badCursor = await c.getChanges('not-a-cursor', 10);
    expect(badCursor).toMatchObject({ ok: false, error: { code: 'status', status: 400, cityCode: 'malformed' } });
    expect(!badCursor.ok && isTransient(badCursor.error)).toBe(false);

    const logger = createMemoryLogger();
    sb.setFaults('malformed=1,only=/v1/changes');
    expect(await client({ logger }).getChanges(null, 10)).toEqual({ ok: false, error: { code: 'malformed', what: 'json', reason: 'malformed JSON', message: 'invalid answer: malformed JSON' } });
    sb.setFaults('');
    expect(await client({ logger, maxResponseBytes: 10 }).getChanges(null, 10)).toMatchObject({ ok: false, error: { code: 'malformed', message: 'invalid answer: response too large' } });
    // The truncated JSON was asked for again in place (another try may get a whole answer); the oversized one once.
    expect(logger.lines.filter((l) => l.includes('city-answer-rejected'))).toHaveLength(REQUEST_ATTEMPTS + 1);
  });

  it('refuses answers that break the contract: another id, a wrong shape; a bad change is skipped, not the page', async () => {
    const liar = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.startsWith('/v1/dossiers/')) return res.end(JSON.stringify({ dossierId: 'someone-else', receiptCode: 'H26.99-261123-0001', receivedAt: '2026-11-23T02:00:00Z', status: 'received' }));
      if (req.url?.startsWith('/v1/queue-tickets')) return res.end(JSON.stringify({ ticketId: 'someone-else', number: 1, branchCode: 'HK01', issuedAt: '2026-11-23T02:00:00Z' }));
      if (req.url?.startsWith('/v1/payments/')) return res.end(JSON.stringify({ status: 'teleported' }));
      res.end(JSON.stringify({ changes: [{ dossierId: 'd1', status: 'processing', statusCode: 4, at: '2026-11-23T02:00:00Z' }, { dossierId: 'd2', status: 'exploded', statusCode: 99, at: 'later' }], cursor: '9' }));
    });
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    try {
      const logger = createMemoryLogger();
      const c = client({ baseUrl: `http://127.0.0.1:${(liar.address() as AddressInfo).port}`, logger });
      const bytes = Buffer.from('x');
      expect(await c.putDossier(newId(), dossier('u1', bytes))).toMatchObject({ ok: false, error: { code: 'malformed', what: 'dossier', reason: 'dossierId does not match' } });
      expect(await c.postQueueTicket({ ticketId: newId(), branchCode: 'HK01', serviceCode: 'CCCD', priority: 'normal', requestedAt: '2026-11-23T02:00:00Z' }))
        .toMatchObject({ ok: false, error: { code: 'malformed', what: 'queue-ticket', reason: 'id does not match' } });
      expect(await c.putPayment(newId(), { dossierId: newId(), method: 'cash', amount: 1, status: 'approved', paidAt: '2026-11-23T02:00:00Z' }))
        .toMatchObject({ ok: false, error: { code: 'malformed', what: 'payment', reason: expect.stringContaining('status') } });
      expect(await c.getChanges(null, 200)).toEqual({ ok: true, value: { changes: [{ dossierId: 'd1', status: 'processing', statusCode: 4, at: '2026-11-23T02:00:00Z' }], received: 2, cursor: '9' } });
      expect(logger.lines.filter((l) => l.includes('city-answer-rejected'))).toHaveLength(3);
      expect(logger.lines.filter((l) => l.includes('change-rejected'))).toHaveLength(1);
    } finally {
      liar.closeAllConnections();
      await new Promise((r) => liar.close(r));
    }
  });

  it('reads Retry-After as seconds or a date, capped at an hour', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter('999999', 0)).toBe(3_600_000);
  });
});
