import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { systemClock } from '../../common/clock';
import { createLogger, type Logger } from '../../common/logger';
import { describeConfig, loadConfig } from '../core/config/config-loader';
import { openKioskLog } from '../core/logging/kiosk-log';
import { startKiosk } from '../core/start-kiosk';
import { preparePrivateDataDir } from '../core/system/private-data-dir';
import { startupLine } from '../core/system/startup-lines';
import { CONTENT_SECURITY_POLICY } from '../host/content-security-policy';
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
  const configPath = arg('config');
  const dataDir = arg('data-dir');
  const demo = process.argv.includes('--demo');
  const config = loadConfig(configPath, { ...(dataDir ? { dataDir } : {}), demo });
  const say = (mark: '✔' | '✖' | '•', name: string, detail: string) => process.stdout.write(startupLine(mark, name, detail));
  if (!config.ok) {
    say('✖', 'config', config.error.message);
    app.exit(2);
    return;
  }
  try {
    preparePrivateDataDir(config.value.storage.dataDir);
  } catch (e) {
    say('✖', 'storage', `cannot prepare data dir ${config.value.storage.dataDir}: ${(e as Error).message}`);
    app.exit(1);
    return;
  }
  say('✔', 'config', describeConfig(configPath, config.value));
  const log = await openKioskLog({ dataDir: config.value.storage.dataDir, ...config.value.logging });
  logger = log.logger.child('electron');
  app.on('will-quit', log.flush);
  const kiosk = await startKiosk({ config: config.value, clock: systemClock, logger: log.logger, onStarted: (c) => say(c.ok ? '✔' : '✖', c.name, c.detail) });
  if (!kiosk.ok) {
    say('✖', kiosk.error.component, kiosk.error.message);
    logger.error('start-failed', { component: kiosk.error.component, message: kiosk.error.message });
    log.flush();
    app.exit(1);
    return;
  }

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (!isAppUrl(request.url)) return new Response('forbidden', { status: 403 });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '') || 'index.html';
    const file = join(RENDERER_DIR, rel);
    if (!file.startsWith(RENDERER_DIR + sep)) return new Response('forbidden', { status: 403 });
    try {
      const body = await readFile(file);
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
  const dispose = registerIpcApi(ipcMain, contents, { config: config.value, core: kiosk.value.core });

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
  process.stdout.write(`ready ${APP_ORIGIN}/\n`);
  app.on('second-instance', () => window.focus());
  app.on('window-all-closed', async () => {
    dispose();
    await kiosk.value.close();
    app.quit();
  });
}
