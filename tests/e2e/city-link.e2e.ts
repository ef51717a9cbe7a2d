import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../kiosk-app/core/maintenance/maintenance-pin';
import { startCitySandbox, type CitySandbox } from '../../offline-sync';
import { closeBrowsers, openKioskScreen, screenshot, searchFromAttract, startKioskHost, type RunningKioskHost } from './kiosk-fixture';

// Issue 17: the top bar says honestly how the link to the city is. A city that answers, badly,
// is not "offline"; a city that gives no answer is.

const TOKEN = 'city-link-device-token-0001';
const running: { stop?: () => Promise<void>; close?: () => Promise<void> }[] = [];

afterAll(async () => {
  await closeBrowsers();
  for (const r of running.reverse()) await (r.stop ?? r.close)?.();
});

async function kioskAgainst(baseUrl: string): Promise<RunningKioskHost> {
  const creds = mkdtempSync(join(tmpdir(), 'kiosk-creds-'));
  writeFileSync(join(creds, 'store-key'), randomBytes(32), { mode: 0o400 });
  const host = await startKioskHost(
    {
      kiosk: { id: 'hk-link-001', name: 'Ki-ốt thử kết nối' },
      city: { kind: 'remote', baseUrl, deviceId: 'hk-link-001', deviceToken: TOKEN },
      maintenance: { pinHash: await hashPin('97531') },
      storage: { key: { credential: 'store-key' } },
    },
    { demo: false, env: { CREDENTIALS_DIRECTORY: creds } },
  );
  running.push(host);
  return host;
}

/** The top bar's sync line on the search screen (the attract screen has no top bar). */
async function topBar(host: RunningKioskHost, shot: string) {
  const { page } = await openKioskScreen(host);
  await searchFromAttract(page, 'khai sinh');
  const indicator = page.getByTestId('sync-indicator');
  await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 20_000 }).not.toBe('connecting');
  await screenshot(page, shot);
  return indicator;
}

describe('the link to the city, as the citizen sees it', () => {
  it('says the city answers badly, with the share of failing requests, when it answers 503; not "offline"', async () => {
    const city: CitySandbox = await startCitySandbox({ dataDir: mkdtempSync(join(tmpdir(), 'kiosk-city-')), port: 0, devices: [{ id: 'hk-link-001', token: TOKEN }], faults: 'error=1:503' });
    running.push(city);
    const indicator = await topBar(await kioskAgainst(city.url), 'top-bar-city-degraded');
    await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 20_000 }).toBe('degraded');
    expect(await indicator.textContent()).toMatch(/Kết nối chập chờn \(100 % yêu cầu lỗi\)/);
  });

  it('says offline when the city gives no answer at all', async () => {
    // A port nobody listens on: every request is refused.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const indicator = await topBar(await kioskAgainst(`http://127.0.0.1:${port}`), 'top-bar-city-offline');
    await expect.poll(() => indicator.getAttribute('data-state'), { timeout: 20_000 }).toBe('offline');
    expect(await indicator.textContent()).toMatch(/Đang mất kết nối/);
  });
});
