import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import { _electron, chromium, type Browser, type BrowserContext, type ElectronApplication, type Page } from 'playwright-core';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '../../kiosk-app/api/router';
import { electronBinary } from '../../kiosk-app/cli/shell-launcher';

// One suite, two shells: under Playwright's Electron driver where an Electron binary
// exists, otherwise Debian's Chromium against `kiosk start --headless`.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'artifacts', 'e2e');
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const PORTRAIT = { width: 1080, height: 1920 } as const;
export const LANDSCAPE = { width: 1920, height: 1080 } as const;
export type Viewport = typeof PORTRAIT | typeof LANDSCAPE;

export interface RunningKioskHost {
  /** The host's base URL, for api calls (with authHeaders). */
  readonly url: string;
  /** What the kiosk's window opens: the URL with the per-boot token in its fragment. */
  readonly windowUrl: string;
  /** `Authorization: Bearer <token>`: without it every api call is answered 401. */
  readonly authHeaders: Record<string, string>;
  readonly dataDir: string;
  readonly output: () => string;
  /** Settles when the kiosk has printed something matching `pattern` (rejects if it exits first). */
  printed(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

export const KIOSK_BIN = join(ROOT, 'kiosk-app/cli/kiosk.mjs');

export interface StartOptions {
  /** `--demo` (the default here): simulators and the embedded sandbox city. */
  readonly demo?: boolean;
  /** Extra environment, e.g. CREDENTIALS_DIRECTORY as systemd would pass it. */
  readonly env?: Record<string, string>;
  /** Start again on this (stopped) kiosk's data dir, as after a restart. */
  readonly restartOf?: RunningKioskHost;
  /** The data dir to use (e.g. on a small file system of its own). */
  readonly dataDir?: string;
  /**
   * `--window-wait` in seconds. The suite's tests drive the api before (or without) a window,
   * so by default the services start at once (0); the window-first start has its own test.
   */
  readonly windowWait?: number;
  /** Return at the `host` line (the window may open; the services may still wait for it) instead of `ready`. */
  readonly returnAt?: 'host' | 'ready';
  /** `--demo-time`: the demo's clock runs from this instant (a community point's evening, whatever the hour of the run). */
  readonly demoTime?: Date;
}

/** Runs one `kiosk` command to its end and returns what it printed. */
export async function runKiosk(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [KIOSK_BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

/** Starts `kiosk start --headless` as a technician would and waits for its "ready" line. */
export async function startKioskHost(config: Record<string, unknown> = {}, options: StartOptions = {}): Promise<RunningKioskHost> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  const dataDir = options.restartOf?.dataDir ?? options.dataDir ?? join(dir, 'data');
  const configPath = join(dir, 'kiosk.json');
  writeFileSync(configPath, JSON.stringify(config));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      KIOSK_BIN, 'start', ...(options.demo === false ? [] : ['--demo']), '--headless', '--port', '0', '--data-dir', dataDir, '--config', configPath,
      ...(options.windowWait === undefined ? ['--window-wait', '0'] : ['--window-wait', String(options.windowWait)]),
      ...(options.demoTime ? ['--demo-time', options.demoTime.toISOString()] : []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const windowUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const m = (options.returnAt === 'host' ? /✔ host\s+(http:\/\/\S+)/ : /ready (http:\/\/\S+)/).exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${output}`));
    });
  });
  const url = windowUrl.split('#')[0]!;
  const token = /#token=([A-Za-z0-9_-]+)$/.exec(windowUrl)?.[1];
  if (!token) throw new Error(`the ready line carries no token: ${windowUrl}`);
  return {
    url,
    windowUrl,
    authHeaders: { authorization: `Bearer ${token}` },
    dataDir,
    output: () => output,
    printed: (pattern) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(output);
          if (!m) return;
          child.stdout!.off('data', check);
          child.off('exit', onExit);
          resolve(m[0]);
        };
        const onExit = () => reject(new Error(`the kiosk exited before printing ${pattern}:\n${output}`));
        child.stdout!.on('data', check);
        child.once('exit', onExit);
        check();
        if (child.exitCode !== null && !pattern.test(output)) onExit();
      }),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export interface KioskScreen {
  readonly page: Page;
  close(): Promise<void>;
}

// One browser for the file, launched once even when concurrent tests ask at the same time.
let browser: Promise<Browser> | undefined;
let electronApp: ElectronApplication | undefined;

/** A touch screen of the given size showing the kiosk. */
export async function openKioskScreen(host: RunningKioskHost, viewport: Viewport = PORTRAIT): Promise<KioskScreen> {
  const electron = electronBinary();
  if (electron) {
    // Where Electron exists the real shell is driven (it starts its own services).
    electronApp ??= await _electron.launch({ executablePath: electron, args: [join(ROOT, 'dist/main/main.js')] });
    const page = await electronApp.firstWindow();
    await page.setViewportSize(viewport);
    return { page, close: async () => undefined };
  }
  browser ??= chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const context: BrowserContext = await (await browser).newContext({ viewport, hasTouch: true, locale: 'vi-VN', deviceScaleFactor: 1, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(host.windowUrl);
  return { page, close: () => context.close() };
}

export async function closeBrowsers(): Promise<void> {
  const launched = browser;
  browser = undefined;
  await (await launched?.catch(() => undefined))?.close();
  await electronApp?.close();
  electronApp = undefined;
}

/** Saves what the citizen sees, for people to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  const folder = join(ARTIFACTS, size && size.width > size.height ? 'landscape' : 'portrait');
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`) });
}

/** axe-core violations of serious or critical impact on the current screen. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** What every screen must pass: saved as a picture, no serious axe violation, no small target. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
  expect(await smallTouchTargets(page), `touch targets on ${name}`).toEqual([]);
}

/** Every visible button, link and input smaller than a 64 px touch target. */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input, select, [role="button"]')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.height < 64 || r.width < 64) small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || '').slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return small;
  });
}

/** The api as the kiosk's window calls it: loopback HTTP with the host's token. */
export function apiClient(host: RunningKioskHost) {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${host.url}trpc`, headers: () => host.authHeaders })] });
}

/** A citizen at the attract screen: start, choose the language, open search and type. */
export async function searchFromAttract(page: Page, query: string, lang: 'vi' | 'en' = 'vi'): Promise<void> {
  await page.getByTestId('touch-to-start').tap();
  await page.getByTestId(`lang-${lang}`).tap();
  await page.getByTestId('go-search').tap();
  await page.getByTestId('search-input').fill(query);
}
