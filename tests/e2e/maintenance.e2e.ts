import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  checkScreen,
  closeBrowsers,
  LANDSCAPE,
  openKioskScreen,
  PORTRAIT,
  startKioskHost,
  type RunningKioskHost,
} from './kiosk-fixture';

// Technician maintenance mode: the PIN pad behind a discreet attract-screen button, the panel
// (components, sync queue, device tests), the demo printer really printing the test page,
// the idle timeout wiping the session, and the lockout after repeated wrong PINs.

let host: RunningKioskHost;
beforeAll(async () => {
  // A short idle timeout so the wipe can be watched; still long enough for an axe scan.
  host = await startKioskHost({ session: { idleTimeoutSeconds: 15, warningSeconds: 5 } });
});
afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
});

/** A tRPC query over plain HTTP, as the renderer's batch link would send it. */
async function query<T>(path: string, input?: unknown): Promise<T> {
  const url = new URL(`trpc/${path}`, host.url);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const res = await fetch(url, { headers: host.authHeaders });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

/** A tRPC mutation over HTTP: POST with the input as the JSON body. */
async function mutate<T>(path: string, input: unknown): Promise<T> {
  const res = await fetch(new URL(`trpc/${path}`, host.url), { method: 'POST', headers: { 'content-type': 'application/json', ...host.authHeaders }, body: JSON.stringify(input) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

type Receipts = { ok: true; value: { textLines: string[]; qrPayloads: string[] }[] };

async function typePin(page: Page, pin: string) {
  for (const d of pin) await page.getByTestId(`pin-${d}`).tap();
  await page.getByTestId('pin-ok').tap();
}

async function openPinPad(page: Page) {
  await page.getByTestId('attract-screen').waitFor();
  await page.getByTestId('maintenance-entry').tap();
  await page.getByTestId('maintenance-pin').waitFor();
}

describe('maintenance mode', () => {
  it('wrong PIN shows the tries left; 246810 opens the panel; the printer test prints; Lock wipes the session', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('attract-screen').waitFor();
    await checkScreen(page, 'maint-01-attract');
    await openPinPad(page);
    await checkScreen(page, 'maint-02-pin');

    await typePin(page, '135790');
    const notice = page.getByTestId('pin-notice');
    await expect.poll(() => notice.getAttribute('data-kind')).toBe('wrong');
    expect(await notice.innerText()).toBe('Mã PIN không đúng. Còn 4 lần thử.');
    // The entry is masked: digits never appear on screen.
    for (const d of '2468') await page.getByTestId(`pin-${d}`).tap();
    expect(await page.getByTestId('pin-display').innerText()).toBe('●●●●');
    expect(await page.getByTestId('maintenance-pin').innerText()).not.toContain('2468');
    await checkScreen(page, 'maint-03-pin-wrong');
    await page.getByTestId('pin-1').tap();
    await page.getByTestId('pin-0').tap();
    await page.getByTestId('pin-ok').tap();

    await page.getByTestId('maintenance-panel').waitFor();
    await page.getByTestId('component-printer').waitFor();
    expect(await page.getByTestId('component-catalog').getAttribute('data-state')).toBe('ok');
    expect(await page.getByTestId('maintenance-components').innerText()).toContain('Máy in biên nhận');
    expect(await page.getByTestId('sync-pending').innerText()).toBe('0');
    // The wrong PIN a moment ago is in the kiosk's log, and so on the panel.
    const logSection = page.getByTestId('maintenance-log');
    expect(await logSection.innerText()).toContain('Lỗi và cảnh báo gần đây');
    const wrongPin = logSection.getByTestId('log-problem').filter({ hasText: 'wrong-pin' }).first();
    await wrongPin.waitFor();
    expect(await wrongPin.getAttribute('data-level')).toBe('warn');
    expect(await wrongPin.innerText()).toContain('Cảnh báo');
    await checkScreen(page, 'maint-04-panel');

    const before = (await query<Receipts>('demo.receipts')).value.length;
    await page.getByTestId('test-printer').tap();
    const result = page.getByTestId('test-result-printer');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.innerText()).toContain('Đạt');
    expect(await result.innerText()).toMatch(/Test page printed: \d+ bytes/);
    // The simulated printer really received the test page.
    const receipts = (await query<Receipts>('demo.receipts')).value;
    expect(receipts.length).toBe(before + 1);
    expect(receipts.at(-1)!.qrPayloads).toContain('KIOSK-TEST-PAGE');
    await checkScreen(page, 'maint-05-printer-tested');

    // Every other device answers its test too, with its own lines.
    for (const device of ['a4', 'scanner', 'idreader', 'terminal']) {
      await page.getByTestId(`test-${device}`).tap();
      const r = page.getByTestId(`test-result-${device}`);
      await r.waitFor({ timeout: 30_000 });
      expect(await r.getAttribute('data-ok'), `${device}: ${await r.innerText()}`).toBe('true');
    }

    await page.getByTestId('maintenance-lock').tap();
    await page.getByTestId('attract-screen').waitFor();
    await openPinPad(page);
    expect(await page.getByTestId('pin-display').getAttribute('data-digits')).toBe('0');
    await close();
  });

  it('landscape panel; the idle timeout ends the session and the token with it', async () => {
    const { page, close } = await openKioskScreen(host, LANDSCAPE);
    await openPinPad(page);
    await checkScreen(page, 'maint-06-pin');
    const unlocked = page.waitForResponse((r) => r.url().includes('maintenance.unlock'));
    await typePin(page, '246810');
    const body = (await (await unlocked).json()) as Array<{ result: { data: { ok: boolean; value: { token: string } } } }> | { result: { data: { ok: boolean; value: { token: string } } } };
    const token = (Array.isArray(body) ? body[0]! : body).result.data.value.token;
    await page.getByTestId('component-printer').waitFor();
    await checkScreen(page, 'maint-07-panel');
    await page.getByTestId('test-printer').tap();
    await page.getByTestId('test-result-printer').waitFor();
    await checkScreen(page, 'maint-08-printer-tested');
    expect(await mutate('maintenance.overview', { token })).toMatchObject({ ok: true });

    // Nobody touches the screen: the warning counts down, then the session is wiped.
    await page.getByTestId('idle-warning').waitFor({ timeout: 20_000 });
    await page.getByTestId('attract-screen').waitFor({ timeout: 10_000 });
    await expect.poll(() => mutate('maintenance.overview', { token })).toEqual({ ok: false, error: { code: 'no-session' } });
    await close();
  });

  it('locks out after five wrong PINs, says until when, and refuses even the right PIN', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await openPinPad(page);
    const notice = page.getByTestId('pin-notice');
    for (const left of [4, 3, 2, 1]) {
      await typePin(page, '000000');
      await expect.poll(() => notice.innerText()).toBe(`Mã PIN không đúng. Còn ${left} lần thử.`);
    }
    await typePin(page, '000000');
    await expect.poll(() => notice.getAttribute('data-kind')).toBe('locked');
    expect(await notice.innerText()).toMatch(/^Đã khóa do nhập sai quá nhiều lần\. Thử lại lúc \d{2}:\d{2} \(khoảng 15 phút nữa\)\.$/);
    expect(await page.getByTestId('pin-2').isDisabled()).toBe(true);
    await checkScreen(page, 'maint-09-locked-out');
    // The core refuses too (not just the screen), and a reopened pad says so at once.
    const r = await fetch(new URL('trpc/maintenance.unlock', host.url), {
      method: 'POST', headers: { 'content-type': 'application/json', ...host.authHeaders }, body: JSON.stringify({ pin: '246810' }),
    });
    expect(((await r.json()) as { result: { data: unknown } }).result.data).toMatchObject({ ok: false, error: { code: 'locked-out' } });
    await page.getByTestId('pin-cancel').tap();
    await openPinPad(page);
    await expect.poll(() => notice.getAttribute('data-kind')).toBe('locked');
    await close();
  });
});
