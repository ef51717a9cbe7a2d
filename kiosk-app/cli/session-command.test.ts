import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostTokenFile, launchPage, waitForHost } from './session-command';

// The session must show the citizen a window that can call this boot's host: not one
// holding last boot's token, not one opened before the host answers.

let server: Server;
let baseUrl = '';
const current = 'token-of-this-boot';

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' && req.headers.authorization === `Bearer ${current}` ? 200 : 401).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
});
afterAll(() => new Promise((r) => server.close(r)));

function dataDirWith(token?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-session-'));
  mkdirSync(join(dir, 'run'));
  if (token !== undefined) writeFileSync(hostTokenFile(dir), token + '\n');
  return dir;
}

describe('waitForHost', () => {
  it("answers with the token once the host accepts it", async () => {
    const r = await waitForHost({ baseUrl, tokenFile: hostTokenFile(dataDirWith(current)), timeoutMs: 2000, pollMs: 10 });
    expect(r).toEqual({ ok: true, value: current });
  });

  it("waits out last boot's token until the core writes this boot's", async () => {
    const dir = dataDirWith('token-of-last-boot');
    let polls = 0;
    const r = await waitForHost({
      baseUrl,
      tokenFile: hostTokenFile(dir),
      timeoutMs: 5000,
      pollMs: 5,
      // The core writes its new token after the session's second look.
      now: () => {
        if (++polls === 3) writeFileSync(hostTokenFile(dir), current + '\n');
        return 0;
      },
    });
    expect(r).toEqual({ ok: true, value: current });
    expect(polls).toBeGreaterThanOrEqual(3);
  });

  it('gives up at the deadline saying why: no token, a refused token, no host', async () => {
    let t = 0;
    const clock = () => (t += 1000);
    expect(await waitForHost({ baseUrl, tokenFile: hostTokenFile(dataDirWith()), timeoutMs: 3000, pollMs: 1, now: clock })).toMatchObject({ ok: false, error: expect.stringContaining('no host token') });
    t = 0;
    expect(await waitForHost({ baseUrl, tokenFile: hostTokenFile(dataDirWith('stale')), timeoutMs: 3000, pollMs: 1, now: clock })).toMatchObject({ ok: false, error: 'the host answered 401' });
    t = 0;
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const gone = `http://127.0.0.1:${(closed.address() as { port: number }).port}/`;
    await new Promise((r) => closed.close(r));
    expect(await waitForHost({ baseUrl: gone, tokenFile: hostTokenFile(dataDirWith(current)), timeoutMs: 3000, pollMs: 1, now: clock })).toMatchObject({ ok: false, error: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('launchPage', () => {
  it('carries the window URL in a script that cannot be broken out of', () => {
    const page = launchPage('http://127.0.0.1:8080/#token=abc</script><script>alert(1)');
    expect(page).toContain('location.replace("http://127.0.0.1:8080/#token=abc\\u003c/script>\\u003cscript>alert(1)")');
    expect(page.match(/<\/script>/g)).toHaveLength(1);
  });
});
