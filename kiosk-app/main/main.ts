import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { systemClock } from '../../common/clock';
import { createLogger, type Logger } from '../../common/logger';
import { deferred } from '../../common/deferred';
import { systemInfoOf, withBootInfo } from '../api/system-info';
import { bootKiosk, readKioskConfig, type Say } from '../core/boot/kiosk-boot';
import { DEFAULT_WINDOW_WAIT_SECONDS, parseWindowWait, servicesMayStart, windowFirst } from '../core/boot/window-first';
import type { KioskCore } from '../core/kiosk-core';
import { startKiosk } from '../core/start-kiosk';
import { startupLine } from '../core/system/startup-lines';
import { CONTENT_SECURITY_POLICY } from '../host/content-security-policy';
import { decodedPath } from '../host/request-path';
import { registerIpcApi } from './ipc-api-bridge';
import { APP_ORIGIN, APP_SCHEME, isAppUrl } from './ipc-channels';

// The production shell. Thin: it hardens the window, serves the renderer from a custom
// protocol and wires the core to it over IPC. No business logic lives here.

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const PRELOAD = fileURLToPath(new URL('../../dist/preload/preload.cjs', import.meta.url));
// stderr until the data dir is ready; then the kiosk's log file as well.
let logger: Logger = createLogger('electron');
const isProduction = app.isPackaged;

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

async function start() {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const say: Say = (mark, name, detail) => process.stdout.write(startupLine(mark, name, detail));
  const bootOptions = { configPath: arg('config'), dataDir: arg('data-dir'), demo: process.argv.includes('--demo'), say };
  const config = readKioskConfig(bootOptions);
  if (!config.ok) {
    app.exit(config.error.exitCode);
    return;
  }
  const booted = await bootKiosk(bootOptions, config.value);
  if (!booted.ok) {
    app.exit(booted.error.exitCode);
    return;
  }
  const { log } = booted.value;
  logger = log.logger.child('electron');
  app.on('will-quit', log.flush);
  // The window opens before the core starts, as under Chromium: the attract screen needs only
  // the configuration, and a call that needs the core waits for it (api/trpc.ts).
  const core = deferred<KioskCore>();
  // The services start once the window's attract screen is painted (core/boot/window-first.ts).
  const gate = windowFirst(parseWindowWait(arg('window-wait')) ?? DEFAULT_WINDOW_WAIT_SECONDS * 1000);

  const bootInfo = systemInfoOf(config.value);
  protocol.handle(APP_SCHEME, async (request) => {
    if (!isAppUrl(request.url)) return new Response('forbidden', { status: 403 });
    // A path that does not decode (e.g. "/%E0") is refused, never thrown.
    const path = decodedPath(request.url);
    if (path === null) return new Response('bad request', { status: 400 });
    const rel = normalize(path).replace(/^([/\\])+/, '') || 'index.html';
    const file = join(RENDERER_DIR, rel);
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('forbidden', { status: 403 });
    try {
      // The page carries system.info's answer (api/system-info.ts), as the host's does.
      const body = file === join(RENDERER_DIR, 'index.html') ? withBootInfo(await readFile(file, 'utf8'), bootInfo) : await readFile(file);
      return new Response(body, {
        headers: { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);

  const window = new BrowserWindow({
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#0b4f8a',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !isProduction,
    },
  });
  const contents = window.webContents;
  const dispose = registerIpcApi(ipcMain, contents, { config: config.value, core: core.promise, windowShown: gate.shown });

  // Navigation is locked to our own origin; new windows and webviews are refused.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (isProduction) contents.on('devtools-opened', () => contents.closeDevTools());
  // A crashed renderer comes back at the attract screen; the session it had is gone.
  contents.on('render-process-gone', (_e, details) => {
    logger.error('renderer-gone', { reason: details.reason });
    if (!window.isDestroyed()) void window.loadURL(`${APP_ORIGIN}/index.html`);
  });
  contents.on('unresponsive', () => {
    logger.warn('renderer-unresponsive');
    contents.forcefullyCrashRenderer();
  });

  await window.loadURL(`${APP_ORIGIN}/index.html`);
  say('✔', 'window', 'Electron (kiosk, sandboxed renderer)');
  await servicesMayStart(gate, logger, say);

  const kiosk = await startKiosk({ config: config.value, clock: systemClock, logger: log.logger, onStarted: (c) => say(c.ok ? '✔' : '✖', c.name, c.detail) });
  if (!kiosk.ok) {
    say('✖', kiosk.error.component, kiosk.error.message);
    logger.error('start-failed', { component: kiosk.error.component, message: kiosk.error.message });
    core.reject(new Error('the kiosk did not start'));
    dispose();
    log.flush();
    app.exit(1);
    return;
  }
  core.resolve(kiosk.value.core);
  process.stdout.write(`ready ${APP_ORIGIN}/\n`);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', async () => {
    dispose();
    await kiosk.value.close();
    app.quit();
  });
}
