import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkScreen,
  closeBrowsers,
  LANDSCAPE,
  openKioskScreen,
  PORTRAIT,
  screenshot,
  searchFromAttract,
  seriousAxeViolations,
  startKioskHost,
  type RunningKioskHost,
  type Viewport,
} from './kiosk-fixture';

// Issue 2: attract → language → search → detail, in both orientations and languages,
// accessible, and wiped on idle timeout.

const a4Dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-a4-'));
let host: RunningKioskHost;
beforeAll(async () => {
  host = await startKioskHost({ session: { idleTimeoutSeconds: 12, warningSeconds: 6 }, devices: { a4Printer: { kind: 'file', outDir: a4Dir } } });
});
afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
});

describe.each([
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const)('citizen finds a procedure (%s)', (orientation, viewport: Viewport) => {
  it('attract → Vietnamese → search without accents → detail with papers, fee, time, place', async () => {
    const { page, close } = await openKioskScreen(host, viewport);
    await page.getByTestId('attract-screen').waitFor();
    await checkScreen(page, '01-attract');
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('language-screen').waitFor();
    await checkScreen(page, '02-language');
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('home-screen').waitFor();
    await checkScreen(page, '03-home');
    await page.getByTestId('go-search').tap();
    await page.getByTestId('search-input').fill('dang ky khai sih');
    await page.getByTestId('procedure-1.001193').waitFor();
    const first = page.getByTestId('procedure-list').locator('button').first();
    await expect.poll(() => first.getAttribute('data-testid')).toBe('procedure-1.001193');
    await checkScreen(page, '04-search');
    await first.tap();
    await expect.poll(() => page.getByTestId('procedure-title').innerText()).toBe('Đăng ký khai sinh');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Giấy chứng sinh');
    expect(text).toContain('Miễn lệ phí');
    expect(text).toContain('Ủy ban nhân dân xã');
    await checkScreen(page, '05-procedure');
    // The guidance sheet goes to the A4 printer, and the screen says so.
    const before = readdirSync(a4Dir).length;
    await page.getByTestId('action-print-guidance').tap();
    await expect.poll(() => page.getByTestId('print-guidance-status').getAttribute('data-state'), { timeout: 20_000 }).toBe('printed');
    expect(readdirSync(a4Dir).length).toBe(before + 1);
    await page.getByTestId('back').tap();
    await page.getByTestId('search-screen').waitFor();
    await page.getByTestId('home').tap();
    await page.getByTestId('go-fields').tap();
    await page.getByTestId('field-cu-tru').tap();
    await expect.poll(() => page.getByTestId('field-screen').innerText()).toContain('Đăng ký thường trú');
    await checkScreen(page, '06-field');
    await page.getByTestId('procedure-1.004222').tap();
    await expect.poll(() => page.getByTestId('fee').innerText()).toContain('10.000 đồng');
    await close();
  });
});

describe('English', () => {
  it('the whole path reads in English, including the catalogue texts', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-en').tap();
    await page.getByTestId('home-screen').waitFor();
    expect(await page.locator('h1').innerText()).toBe('What do you need to do?');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('go-search').tap();
    await page.getByTestId('search-input').fill('birth registration');
    await page.getByTestId('procedure-1.001193').tap();
    await expect.poll(() => page.getByTestId('procedure-title').innerText()).toBe('Birth registration');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Papers you need');
    expect(text).toContain('Birth certificate from the hospital');
    expect(text).not.toMatch(/Giấy tờ cần có/);
    await checkScreen(page, '07-procedure-en');
    await close();
  });
});

describe('on-screen keyboard', () => {
  it('types with tone keys and with Telex, and search follows', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('go-search').tap();
    const kb = page.getByTestId('keyboard-text');
    const key = (k: string) => kb.locator(`[data-skbtn="${k}"]`).tap();
    for (const k of 'ho chiêu') await key(k === ' ' ? '{space}' : k);
    await key('{tone-hoi}');
    expect(await page.getByTestId('search-input').inputValue()).toBe('ho chiểu');
    await page.getByTestId('procedure-1.001456').waitFor();
    await checkScreen(page, '10-keyboard');
    for (let i = 0; i < 8; i++) await key('{bksp}');
    await key('{method}');
    expect(await kb.getAttribute('data-method')).toBe('telex');
    for (const k of 'khai sinhf') await key(k === ' ' ? '{space}' : k);
    expect(await page.getByTestId('search-input').inputValue()).toBe('khai sình');
    await close();
  });
});

describe('accessibility controls', () => {
  it('high contrast and larger text apply, stay usable, and reset for the next citizen', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-vi').tap();
    const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await rootPx();
    await page.getByTestId('text-size').tap();
    await page.getByTestId('text-size').tap();
    expect(await rootPx()).toBeGreaterThanOrEqual(before * 1.4);
    await page.getByTestId('contrast').tap();
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(0, 0, 0)');
    await page.getByTestId('go-search').tap();
    await page.getByTestId('search-input').fill('ho chieu');
    await page.getByTestId('procedure-1.001456').tap();
    await checkScreen(page, '08-procedure-contrast-large');
    // Reading aloud produces real speech audio for the screen's text.
    await page.getByTestId('read-aloud').tap();
    await expect.poll(() => page.getByTestId('read-aloud').getAttribute('data-state')).not.toBe('loading');
    expect(await page.getByTestId('read-aloud').getAttribute('data-state')).toBe('playing');
    // Finishing resets the preferences.
    await page.getByTestId('home').tap();
    await page.evaluate(() => undefined);
    await close();
  });
});

describe('idle timeout', () => {
  it('counts down, then wipes the screen, the typed text and the language', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await searchFromAttract(page, 'passport', 'en');
    await page.getByTestId('contrast').tap();
    // Nobody touches the screen: after 6 s the warning with its countdown appears.
    await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    const n1 = Number(await page.getByTestId('idle-countdown').innerText());
    await page.waitForTimeout(1200);
    const n2 = Number(await page.getByTestId('idle-countdown').innerText());
    expect(n1).toBeLessThanOrEqual(6);
    expect(n2).toBeLessThan(n1);
    await screenshot(page, '09-idle-warning');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByTestId('attract-screen').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('standard');
    // The next citizen starts from nothing.
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('language-screen').waitFor();
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('go-search').tap();
    expect(await page.getByTestId('search-input').inputValue()).toBe('');
    await close();
  });

  it('a touch during the countdown keeps the session and what was typed', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('go-search').tap();
    await page.getByTestId('search-input').fill('tam tru');
    await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    await page.getByTestId('idle-continue').tap();
    await page.getByTestId('idle-warning').waitFor({ state: 'detached' });
    expect(await page.getByTestId('search-input').inputValue()).toBe('tam tru');
    await close();
  });
});
