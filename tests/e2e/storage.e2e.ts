import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, closeBrowsers, openKioskScreen, PORTRAIT, screenshot, startKioskHost, type RunningKioskHost } from './kiosk-fixture';
import { openProcedure, quickForm, quickIdentify } from './journey-steps';

// Issue 9: storage is a component. The kiosk's data dir is on a small file system of its own
// (a 400 MB tmpfs), filled for real with fallocate: the board warns, then a new dossier is
// refused with a plain message before the citizen types anything, while a journey already
// under way still submits; freeing the space lets citizens in again.

const SIZE_MB = 400;
let mount: string;
let host: RunningKioskHost;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  mount = mkdtempSync(join(tmpdir(), 'kiosk-disk-'));
  // The suite runs as root on this machine (CI too); a real small disk is the honest test.
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m,mode=0700`, 'tmpfs', mount]);
  host = await startKioskHost(
    // Thresholds sized to the 400 MB disk: warn below 40 % (160 MB), refuse below 100 MB.
    { storage: { lowFreePercent: 40, refuseBelowPercent: 5, refuseBelowMb: 100, checkEverySeconds: 1 } },
    { dataDir: join(mount, 'data') },
  );
  api = apiClient(host);
});

afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
  if (mount) {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
});

function fill(name: string, mb: number): void {
  execFileSync('fallocate', ['-l', `${mb}M`, join(mount, name)]);
}

async function storageOnBoard(): Promise<{ state: string; detail: string }> {
  const unlocked = await api.maintenance.unlock.mutate({ pin: '246810' });
  if (!unlocked.ok) throw new Error('demo PIN refused');
  const o = await api.maintenance.overview.mutate({ token: unlocked.value.token });
  await api.maintenance.lock.mutate({ token: unlocked.value.token });
  if (!o.ok) throw new Error('no overview');
  const c = o.value.components.find((x) => x.name === 'storage');
  if (!c) throw new Error('storage is not on the board');
  return { state: c.state, detail: c.detail };
}

describe('storage as a component', () => {
  it('the board shows free space and the kiosk data, and warns when the disk runs low', async () => {
    const first = await storageOnBoard();
    expect(first.state).toBe('ok');
    expect(first.detail).toMatch(/free of 400 MB/);
    fill('filler-1', 250);
    await expect.poll(async () => (await storageOnBoard()).state, { timeout: 15_000 }).toBe('degraded');
    expect((await storageOnBoard()).detail).toMatch(/^low on space: \d+ MB free of 400 MB/);
  });

  it('a nearly full disk refuses a new dossier at its start, lets the one under way submit, and takes citizens again once freed', async () => {
    // A citizen already filling in a free procedure when the disk fills.
    const underWay = await openKioskScreen(host, PORTRAIT);
    await quickIdentify(underWay.page, '1.003677', 'tam vang');

    fill('filler-2', 80);
    const next = await openKioskScreen(host, PORTRAIT);
    await openProcedure(next.page, '1.003677', 'tam vang');
    await next.page.getByTestId('start-journey').tap();
    const problem = next.page.getByTestId('journey-error');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('bộ nhớ của máy sắp đầy');
    expect(await problem.innerText()).toContain('lấy số thứ tự');
    expect(await next.page.getByTestId('consent-agree').count()).toBe(0);
    await screenshot(next.page, 'storage-full-refused');
    expect((await storageOnBoard()).state).toBe('down');

    await quickForm(underWay.page, { destination: 'Da Nang', fromDate: '01/01/2026', toDate: '01/06/2027', phone: '0912000222' });
    await underWay.page.getByTestId('papers-next').tap();
    await underWay.page.getByTestId('review-confirm').tap();
    await underWay.page.getByTestId('receipt-code').waitFor({ timeout: 30_000 });
    expect(await underWay.page.locator('h1').innerText()).toBe('Đã nộp hồ sơ');

    rmSync(join(mount, 'filler-2'));
    rmSync(join(mount, 'filler-1'));
    await next.page.getByTestId('fatal-retry').tap();
    await next.page.getByTestId('consent-agree').waitFor();
    await expect.poll(async () => (await storageOnBoard()).state, { timeout: 15_000 }).toBe('ok');
    await underWay.close();
    await next.close();
  });
});
