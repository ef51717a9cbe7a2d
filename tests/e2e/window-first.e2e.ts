import { afterEach, describe, expect, it } from 'vitest';
import { closeBrowsers, openKioskScreen, startKioskHost, type RunningKioskHost } from './kiosk-fixture';

// Issue 9, cold start: the window first, the services after it (core/boot/window-first.ts).
// The attract screen comes up from the configuration alone; the kiosk's services start once it
// is painted, or after --window-wait without a window.

let host: RunningKioskHost | undefined;
afterEach(async () => {
  await closeBrowsers();
  await host?.stop();
  host = undefined;
});

/** Where in the start-up output a component's line stands. */
const lineIndex = (output: string, name: string) => output.split('\n').findIndex((l) => new RegExp(`^[✔✖•]\\s+${name}\\s`).test(l));

describe('the window first, the services after it', () => {
  it('the attract screen is up before the services start, and they start once it is shown', async () => {
    // A wait far longer than the test: the services can only start because the window said so.
    const name = 'Ki-ốt "Phố Huế" <tầng 1> & quầy 2';
    host = await startKioskHost({ kiosk: { name } }, { windowWait: 60, returnAt: 'host' });
    const screen = await openKioskScreen(host);
    await screen.page.getByTestId('touch-to-start').waitFor({ state: 'visible' });
    // Drawn from the page the host served: the window never asked for system.info.
    const asked = await screen.page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(asked.some((p) => p.startsWith('/trpc/') && p.includes('system.info'))).toBe(false);
    expect(asked.some((p) => p.startsWith('/assets/'))).toBe(true);
    await expect.poll(() => screen.page.locator('.attract-footer').textContent()).toBe(name);
    await host.printed(/^ready /m);
    const out = host.output();
    expect(out).toMatch(/•\s+services\s+attract screen shown after \d+ ms; starting the services/);
    expect(lineIndex(out, 'host')).toBeLessThan(lineIndex(out, 'services'));
    expect(lineIndex(out, 'services')).toBeLessThan(lineIndex(out, 'catalog'));
    // The citizen's first touch reaches the started services.
    await screen.page.getByTestId('touch-to-start').click();
    await expect.poll(() => screen.page.getByRole('heading', { level: 1 }).first().textContent()).toBeTruthy();
  });

  it('with no window, the services start alone when the wait is over', async () => {
    host = await startKioskHost({}, { windowWait: 0.5 });
    const out = host.output();
    expect(out).toMatch(/•\s+services\s+no window showed within \d+ ms; starting the services without it/);
    expect(lineIndex(out, 'services')).toBeLessThan(lineIndex(out, 'catalog'));
  });
});
