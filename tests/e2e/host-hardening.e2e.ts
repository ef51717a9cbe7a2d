import { connect } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callFailure } from '../../kiosk-app/renderer/api-client/call-failure';
import { typeIdentity } from './journey-steps';
import { apiClient, closeBrowsers, openKioskScreen, screenshot, searchFromAttract, startKioskHost, type RunningKioskHost } from './kiosk-fixture';

// Issue 9 item 6: no request of any shape kills the host or shows how it is built, and only
// the kiosk's own window (holding the per-boot token) can drive it.

let host: RunningKioskHost;
beforeAll(async () => {
  host = await startKioskHost({ city: { kind: 'embedded-sandbox', processingAfterSeconds: 3600, completedAfterSeconds: 7200 } });
});
afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
});

/** Sends raw bytes and returns whatever comes back before the socket closes (or 3 s pass). */
function raw(bytes: string | Buffer): Promise<string> {
  const { port } = new URL(host.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 3000);
    socket.on('data', (d) => {
      got += d.toString('latin1');
      // One full answer is enough; keep-alive would otherwise hold the socket open.
      if (/\r\n\r\n/.test(got) && /content-length: (\d+)/i.test(got)) {
        const len = Number(/content-length: (\d+)/i.exec(got)![1]);
        if (got.length - got.indexOf('\r\n\r\n') - 4 >= len) done();
      }
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

/** An answer must never carry a stack, a source path or the machine's folders. */
function expectNothingInternal(text: string, what: string) {
  expect(text, what).not.toMatch(/"stack"|\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+|file:\/\//);
}

async function alive(): Promise<void> {
  const r = await fetch(`${host.url}healthz`, { headers: host.authHeaders });
  expect(r.status).toBe(200);
}

describe('the loopback host', () => {
  it('answers 401 to an api call or WebSocket without the token, and keeps the token file private', async () => {
    const tokenFile = join(host.dataDir, 'run', 'host-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(`Bearer ${readFileSync(tokenFile, 'utf8').trim()}`).toBe(host.authHeaders['authorization']);
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-wrong-token-wrong-token-00' }, { authorization: host.authHeaders['authorization']!.toLowerCase() }, { authorization: 'Basic eDp5' }]) {
      const r = await fetch(`${host.url}trpc/catalog.search?input=${encodeURIComponent(JSON.stringify({ query: 'khai sinh' }))}`, { headers });
      expect(r.status).toBe(401);
      expectNothingInternal(await r.text(), 'unauthorised answer');
    }
    expect((await fetch(`${host.url}healthz`)).status).toBe(401);
    // The renderer's own files are public (they hold no personal data).
    expect((await fetch(host.url)).status).toBe(200);
    const wsUrl = host.url.replace('http', 'ws') + 'trpc-ws';
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl, ['kiosk-api', 'bearer.not-the-token-not-the-token-0000']);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(401);
    const token = host.authHeaders['authorization']!.slice('Bearer '.length);
    const accepted = await new Promise<string>((resolve, reject) => {
      const ws = new WebSocket(wsUrl, ['kiosk-api', `bearer.${token}`]);
      ws.on('open', () => {
        resolve(ws.protocol);
        ws.close();
      });
      ws.on('error', reject);
    });
    // The server picks the plain protocol: the token is never echoed back.
    expect(accepted).toBe('kiosk-api');
  });

  it('survives malformed URLs, request lines, headers, bodies and WebSocket frames, then a citizen completes a journey', async () => {
    const token = host.authHeaders['authorization']!;
    const requests = [
      'GET /%E0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET /trpc/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      'GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'BREW /coffee HTCPCP/1.0\r\n\r\n',
      '\x00\x01\x02\xff\xfe garbage\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: \x01\x02\r\n\r\n',
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
      'POST /trpc/journey.startSession HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{"a":1}',
      `POST /trpc/journey.startSession HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${token}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot-hex\r\n0\r\n\r\n`,
      `POST /trpc/journey.startSession HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${token}\r\nContent-Length: 100\r\n\r\n{"lang":`,
      'GET /trpc-ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: bad\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n',
    ];
    for (const r of requests) expectNothingInternal(await raw(r), JSON.stringify(r.slice(0, 60)));

    const bodies: Array<[string, string]> = [
      ['journey.startSession', '{"lang":'],
      ['journey.startSession', '{"lang":"xx"}'],
      ['journey.startSession', JSON.stringify({ lang: 'vi', extra: 'x'.repeat(70_000) })],
      ['journey.identityTyped', JSON.stringify({ sessionId: 'not-a-uuid', idNumber: 12, fullName: null })],
      ['journey.submit', '[]'],
      ['journey.submit', '"' + '\\u0000'.repeat(100) + '"'],
      ['journey.scanPaper', JSON.stringify({ sessionId: '00000000-0000-4000-8000-000000000000', paperId: '../../etc' })],
      ['demo.layOnGlass', JSON.stringify({ sample: '../x' })],
      ['maintenance.unlock', JSON.stringify({ pin: { $gt: '' } })],
      ['no.such.procedure', '{}'],
      ['journey.startSession?batch=1', '{"0":{"lang":"vi"},"1":'],
      ['journey.startSession?batch=1', JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [String(i), { lang: 'vi' }])))],
      ['catalog.search', '{"query":' + '['.repeat(5000) + ']'.repeat(5000) + '}'],
    ];
    for (const [path, body] of bodies) {
      const r = await fetch(`${host.url}trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...host.authHeaders }, body });
      expect(r.status, path).toBeGreaterThanOrEqual(200);
      expectNothingInternal(await r.text(), `${path} ${body.slice(0, 40)}`);
    }
    for (const q of ['%', '%E0', 'null', '{"query":1}', 'x'.repeat(10_000)]) {
      const r = await fetch(`${host.url}trpc/catalog.search?input=${q}`, { headers: host.authHeaders });
      expectNothingInternal(await r.text(), `query ${q.slice(0, 20)}`);
    }

    // WebSocket frames: text that is not JSON, binary, an oversized frame, a raw invalid frame.
    const bearer = token.slice('Bearer '.length);
    const wsUrl = host.url.replace('http', 'ws') + 'trpc-ws';
    for (const frame of ['not json', '{"id":1,"method":"subscription","params":{"path":"../x"}}', Buffer.from([0, 1, 2, 255]), 'x'.repeat(70_000), '{"id":{},"jsonrpc":"2.0","method":"query","params":{"path":"catalog.search","input":{"query":[]}}}']) {
      const text = await new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl, ['kiosk-api', `bearer.${bearer}`]);
        let got = '';
        const timer = setTimeout(() => ws.terminate(), 1500);
        ws.on('open', () => ws.send(frame));
        ws.on('message', (d: Buffer) => (got += d.toString()));
        ws.on('error', () => undefined);
        ws.on('close', () => {
          clearTimeout(timer);
          resolve(got);
        });
      });
      expectNothingInternal(text, `ws frame ${String(frame).slice(0, 30)}`);
    }
    // A frame with a reserved opcode and no mask, straight on an upgraded socket.
    const { port } = new URL(host.url);
    await new Promise<void>((resolve) => {
      const s = connect(Number(port), '127.0.0.1', () => {
        s.write(`GET /trpc-ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: kiosk-api, bearer.${bearer}\r\n\r\n`);
        setTimeout(() => s.write(Buffer.from([0x8b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])), 200);
      });
      s.on('error', () => resolve());
      s.on('close', () => resolve());
      setTimeout(() => {
        s.destroy();
        resolve();
      }, 2000);
    });

    await alive();
    // And then a citizen's whole journey still works.
    const api = apiClient(host);
    const started = await api.journey.startSession.mutate({ lang: 'vi' });
    if (!started.ok) throw new Error('no session');
    const sessionId = started.value.sessionId;
    await api.journey.consent.mutate({ sessionId, noticeVersion: (await api.journey.notice.query()).version });
    expect(await api.journey.identityTyped.mutate({ sessionId, idNumber: '001090123456', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-01', sex: 'male', address: 'Số 1 phố Láng Hạ, Hà Nội' })).toMatchObject({ ok: true });
    expect(await api.journey.scanPaper.mutate({ sessionId, paperId: 'giay-chung-sinh' })).toMatchObject({ ok: true });
    const answers = { childName: 'Nguyễn Văn C', childDateOfBirth: '2026-11-01', childSex: 'Nam', birthPlace: 'Bệnh viện Phụ sản Hà Nội', motherName: 'Trần Thị B', relation: 'cha', phone: '0912345678' };
    const submitted = await api.journey.submit.mutate({ sessionId, procedureCode: '1.001193', answers });
    expect(submitted).toMatchObject({ ok: true });
    expect(host.output()).not.toMatch(/Uncaught|unhandled/i);
  });
});

describe('the kiosk window', () => {
  it('holds the token only in the tab, not the address; a render error returns to the attract screen and is logged', async () => {
    const { page, close } = await openKioskScreen(host);
    await page.getByTestId('touch-to-start').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    // A procedure the renderer cannot draw (the api answering a shape it does not expect).
    // One answer for each call in the batch: under load the screen can ask twice in one batch.
    await page.route('**/trpc/catalog.get**', (route) => {
      const calls = new URL(route.request().url()).pathname.split('/').pop()!.split(',').length;
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(Array.from({ length: calls }, () => ({ result: { data: { code: '1.001193' } } }))) });
    });
    await searchFromAttract(page, 'khai sinh');
    await page.getByTestId('procedure-1.001193').tap();
    await page.getByTestId('touch-to-start').waitFor({ timeout: 15_000 });
    await screenshot(page, 'render-error-back-to-attract');
    await expect.poll(() => host.output()).toMatch(/renderer-error/);
    // The next citizen is served normally.
    await page.unroute('**/trpc/catalog.get**');
    await searchFromAttract(page, 'khai sinh');
    await page.getByTestId('procedure-1.001193').tap();
    await page.getByTestId('start-journey').waitFor();
    await close();
  });
});

describe('a refused input is said as such, not as a network failure', () => {
  it('over HTTP the real host answers BAD_REQUEST, which the screens call invalid-input; a stopped host is network', async () => {
    const e = await apiClient(host).journey.startSession.mutate({ lang: 'de' as 'vi' }).catch((x: unknown) => x);
    expect(callFailure(e)).toEqual({ code: 'invalid-input' });
    const gone = await startKioskHost({});
    await gone.stop();
    const down = await apiClient(gone).journey.startSession.mutate({ lang: 'vi' }).catch((x: unknown) => x);
    expect(callFailure(down)).toEqual({ code: 'network' });
  });

  it('the typed identity refused by the api: the citizen reads "check what you entered" and what they typed is still there', async () => {
    const { page, close } = await openKioskScreen(host);
    await typeIdentity(page, '1.001193', 'khai sinh');
    // What reaches the real host is altered on the way (a screen bug, a damaged request): its
    // own check refuses it.
    await page.route('**/trpc/journey.identityTyped**', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, { json?: Record<string, unknown> } & Record<string, unknown>>;
      for (const call of Object.values(body)) (call.json ?? call)['idNumber'] = 'not a number';
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.getByTestId('typed-save').tap();
    const problem = page.getByTestId('journey-error');
    await expect.poll(() => problem.getAttribute('data-code')).toBe('invalid-input');
    expect(await problem.innerText()).toContain('Kiosk không nhận thông tin vừa gửi.');
    expect(await problem.innerText()).not.toContain('không trả lời kịp');
    expect(await page.getByTestId('field-fullName').inputValue()).toBe('Phạm Thị Mai');
    await screenshot(page, 'typed-identity-refused');
    // Sent as typed, it is taken.
    await page.unroute('**/trpc/journey.identityTyped**');
    await page.getByTestId('typed-save').tap();
    await page.getByTestId('identity-confirm').waitFor();
    await close();
  });
});
