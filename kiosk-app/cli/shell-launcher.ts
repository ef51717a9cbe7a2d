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

export function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the npm stub throws "Electron failed to install correctly"
  }
}

export function chooseShell(env: NodeJS.ProcessEnv = process.env): ShellChoice {
  const electron = electronBinary();
  if (electron) return { kind: 'electron', binary: electron };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { kind: 'headless', reason: 'no display' };
  for (const c of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (existsSync(c)) return { kind: 'chromium', binary: c };
  }
  return { kind: 'headless', reason: 'neither Electron nor Chromium is installed' };
}

export function launchChromiumKiosk(binary: string, url: string): ChildProcess {
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  return spawn(
    binary,
    [
      '--kiosk',
      `--app=${url}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--disable-translate',
      '--disable-pinch',
      '--overscroll-history-navigation=0',
      '--noerrdialogs',
      '--disable-features=TranslateUI',
    ],
    { stdio: 'ignore' },
  );
}
