import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Which window to open: Electron where its binary is installed, else Chromium in
// kiosk mode where there is a display, else none (headless, URL printed).

export type ShellChoice =
  | { kind: 'electron'; binary: string }
  | { kind: 'chromium'; binary: string }
  | { kind: 'headless'; reason: string };

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;

export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the npm stub throws "Electron failed to install correctly"
  }
}

export function chromiumBinary(): string | null {
  return CHROMIUM_CANDIDATES.find((c) => existsSync(c)) ?? null;
}

export function chooseShell(env: NodeJS.ProcessEnv = process.env): ShellChoice {
  const electron = electronBinary();
  if (electron) return { kind: 'electron', binary: electron };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { kind: 'headless', reason: 'no display' };
  const chromium = chromiumBinary();
  if (chromium) return { kind: 'chromium', binary: chromium };
  return { kind: 'headless', reason: 'neither Electron nor Chromium is installed' };
}

/**
 * Chromium's flags for the kiosk's window: one app window, no browser UI, nothing that
 * talks to the network on its own, no gestures that leave the page. `wayland` is the
 * kiosk session under cage (cage makes the one window fill the screen; Chromium's
 * --kiosk flag makes it exit there, so the session passes --start-maximized instead).
 */
export function chromiumKioskArgs(url: string, profileDir: string, options: { wayland?: boolean } = {}): string[] {
  return [
    ...(options.wayland ? ['--ozone-platform=wayland', '--start-maximized'] : ['--kiosk']),
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-translate',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--password-store=basic',
    `--disable-features=TranslateUI,Translate${options.wayland ? ',WaylandOverlayDelegation' : ''}`,
  ];
}

export function launchChromiumKiosk(binary: string, url: string): ChildProcess {
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  return spawn(binary, chromiumKioskArgs(url, profile), { stdio: 'ignore' });
}
