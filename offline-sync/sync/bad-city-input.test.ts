// A hostile or broken city gateway: wrong types, huge bodies, unknown statuses, garbage.
// The worker must reject each answer with a logged reason, keep the data, and keep running.
import { describe, it, expect, afterEach } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeKiosk, sampleDossier, waitFor, type Kiosk } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
let server: http.Server;
let kiosk: Kiosk | undefined;
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function fakeCity(handler: Handler): Promise<string> {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

describe('bad input from the city', () => {
  it('rejects wrong types, huge bodies and garbage in PUT answers, and later accepts a good one', async () => {
    const answers: ((id: string, res: http.ServerResponse) => void)[] = [
      (_id, res) => json(res, 200, { dossierId: 42, receiptCode: ['x'], receivedAt: 'yesterday', status: 'received' }),
      (id, res) => json(res, 200, { dossierId: id, receiptCode: 'H26.99-261123-0009', receivedAt: '2026-11-23T02:00:00Z', status: 'teleported' }),
      (_id, res) => json(res, 200, '{"receiptCode": "H26'),
      (id, res) => json(res, 200, { dossierId: id, receiptCode: 'H26.99-261123-0009', receivedAt: '2026-11-23T02:00:00Z', status: 'received', junk: 'x'.repeat(3_000_000) }),
      (_id, res) => json(res, 200, 'null'),
      (_id, res) => json(res, 418, '<html>teapot</html>'.repeat(10)),
    ];
    let n = 0;
    const url = await fakeCity((req, res) => {
      const m = /^\/v1\/dossiers\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'PUT' && m) {
        const i = n++;
        if (i < answers.length) return answers[i]!(m[1]!, res);
        return json(res, 200, { dossierId: m[1], receiptCode: 'H26.99-261123-0009', receivedAt: '2026-11-23T02:00:00+07:00', appointmentDate: '2026-11-30', status: 'received' });
      }
      if (req.url?.startsWith('/v1/changes')) return json(res, 200, { changes: [], cursor: '0' });
      json(res, 404, { error: { code: 'not-found' } });
    });
    const logger = createMemoryLogger();
    kiosk = makeKiosk(url, { backoffBaseMs: 10, backoffCapMs: 40 }, logger);
    const teapotFirst = kiosk.outbox.submitDossier(sampleDossier(0));
    if (!teapotFirst.ok) throw new Error('submit');
    kiosk.worker.start();
    // Five bad 200 answers are transient (the dossier is retried); the 418 is permanent and parks it.
    await waitFor(() => kiosk!.outbox.getDossier(teapotFirst.value.id)?.delivery === 'rejected', 10_000);
    expect(n).toBe(6);
    const reasons = logger.lines.filter((l) => l.includes('city-answer-rejected')).map((l) => JSON.parse(l).reason as string);
    expect(reasons.length).toBe(5);
    expect(reasons.join('|')).toMatch(/dossierId/);
    expect(reasons.join('|')).toMatch(/status/);
    expect(reasons.join('|')).toMatch(/malformed JSON/);
    expect(reasons.join('|')).toMatch(/too large/);
    expect(kiosk.outbox.getDossier(teapotFirst.value.id)?.rejectCode).toBe('http-418');
    // The worker is alive: a later dossier goes through normally.
    const next = kiosk.outbox.submitDossier(sampleDossier(0));
    if (!next.ok) throw new Error('submit');
    await waitFor(() => kiosk!.outbox.getDossier(next.value.id)?.receiptCode === 'H26.99-261123-0009', 10_000);
    expect(kiosk.worker.getState().running).toBe(true);
  });

  it('skips bad changes with a reason, applies the good ones and advances the cursor', async () => {
    let dossierId = '';
    let pulls = 0;
    const url = await fakeCity((req, res) => {
      if (req.method === 'PUT') return json(res, 200, { dossierId, receiptCode: 'H26.99-261123-0001', receivedAt: '2026-11-23T02:00:00Z', status: 'received' });
      if (req.url?.startsWith('/v1/changes')) {
        pulls++;
        if (req.url.includes('since=7')) return json(res, 200, { changes: [], cursor: '7' });
        return json(res, 200, {
          changes: [
            { dossierId, status: 'exploded', statusCode: 99, at: '2026-11-23T02:01:00Z' },
            { dossierId, status: 'processing', statusCode: 9, at: '2026-11-23T02:01:00Z' },
            { dossierId: { $ne: 1 }, status: 'processing', statusCode: 4, at: '2026-11-23T02:01:00Z' },
            'not even an object',
            { dossierId, status: 'needs_supplement', statusCode: 5, note: 'Thiếu giấy khai sinh', at: '2026-11-23T02:05:00Z' },
          ],
          cursor: '7',
        });
      }
      json(res, 404, {});
    });
    const logger = createMemoryLogger();
    kiosk = makeKiosk(url, {}, logger);
    const d = kiosk.outbox.submitDossier(sampleDossier(0));
    if (!d.ok) throw new Error('submit');
    dossierId = d.value.id;
    kiosk.worker.start();
    await waitFor(() => kiosk!.outbox.getDossier(dossierId)?.cityStatus === 'needs_supplement', 5000);
    expect(kiosk.outbox.getDossier(dossierId)?.cityStatusNote).toBe('Thiếu giấy khai sinh');
    expect(kiosk.outbox.changesCursor()).toBe('7');
    expect(logger.lines.filter((l) => l.includes('change-rejected')).length).toBe(4);
    expect(pulls).toBeGreaterThanOrEqual(1);
  });

  it('treats a changes page of the wrong shape as a transient failure, not a crash', async () => {
    const url = await fakeCity((req, res) => {
      if (req.url?.startsWith('/v1/changes')) return json(res, 200, { changes: 'all of them', cursor: { evil: true } });
      json(res, 404, {});
    });
    const logger = createMemoryLogger();
    kiosk = makeKiosk(url, { backoffBaseMs: 10, backoffCapMs: 50, pollIntervalMs: 50 }, logger);
    kiosk.worker.start();
    await waitFor(() => logger.lines.filter((l) => l.includes('city-answer-rejected')).length >= 2, 5000);
    expect(kiosk.worker.getState().lastError).toMatch(/invalid answer/);
    expect(kiosk.outbox.changesCursor()).toBeNull();
  });
});
