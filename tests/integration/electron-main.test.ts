import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run on these machines, so the real main process runs under
// Node against a recording stand-in of the electron module: every hardening call it makes,
// every handler it installs, is then exercised as Electron would.

type Handler = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const state = {
    windows: [] as Array<{ options: Record<string, unknown>; events: Map<string, Handler>; openHandler: Handler | null; loaded: string[]; contents: unknown }>,
    protocolHandler: null as null | ((req: Request) => Promise<Response>),
    permissionHandler: null as null | Handler,
    ipcHandlers: new Map<string, Handler>(),
    ipcListeners: new Map<string, Handler>(),
    appEvents: new Map<string, Handler>(),
    exits: [] as number[],
  };
  const mainFrame = { url: 'app://kiosk/index.html' };
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const w = { options, events: new Map<string, Handler>(), openHandler: null as Handler | null, loaded: [] as string[], contents: null as unknown };
      state.windows.push(w);
      w.contents = this.webContents = {
        mainFrame,
        on: (e: string, fn: Handler) => w.events.set(e, fn),
        setWindowOpenHandler: (fn: Handler) => (w.openHandler = fn),
        isDestroyed: () => false,
        send: () => undefined,
        closeDevTools: () => undefined,
        forcefullyCrashRenderer: () => undefined,
      };
      (this as unknown as { loadURL: (u: string) => Promise<void> }).loadURL = async (u: string) => void w.loaded.push(u);
    }
    isDestroyed() {
      return false;
    }
    focus() {}
  }
  const electron = {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      quit: () => undefined,
      exit: (code: number) => void state.exits.push(code),
      on: (e: string, fn: Handler) => void state.appEvents.set(e, fn),
    },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (_scheme: string, fn: (req: Request) => Promise<Response>) => void (state.protocolHandler = fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => void (state.permissionHandler = fn),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
      },
    },
    ipcMain: {
      handle: (ch: string, fn: Handler) => void state.ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => void state.ipcHandlers.delete(ch),
      on: (ch: string, fn: Handler) => void state.ipcListeners.set(ch, fn),
      off: (ch: string) => void state.ipcListeners.delete(ch),
    },
    BrowserWindow,
  };
  return { state, electron, mainFrame };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const dir = mkdtempSync(join(tmpdir(), 'kiosk-electron-main-'));
let win: (typeof fake.state.windows)[number];

beforeAll(async () => {
  const config = join(dir, 'kiosk.json');
  writeFileSync(config, JSON.stringify({ devices: { a4Printer: { kind: 'file', outDir: join(dir, 'a4') } } }));
  process.argv.push(`--config=${config}`, `--data-dir=${join(dir, 'data')}`, '--demo');
  await import('../../kiosk-app/main/main');
  const deadline = Date.now() + 60_000;
  // The window opens first; the core starts behind it and is up once main handles closing.
  while (!(fake.state.windows[0]?.loaded.length && fake.state.appEvents.has('window-all-closed')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  win = fake.state.windows[0]!;
  expect(win, `main did not open a window (exits: ${fake.state.exits.join(',')})`).toBeDefined();
}, 90_000);

afterAll(async () => {
  await fake.state.appEvents.get('window-all-closed')?.();
});

describe('Electron main process', () => {
  it('opens one hardened kiosk window on the app:// origin', () => {
    const prefs = win.options['webPreferences'] as Record<string, unknown>;
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, frame: false });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false });
    expect(win.loaded[0]).toBe('app://kiosk/index.html');
  });

  it('blocks navigation away, new windows and webviews', () => {
    const prevented = (url: string) => {
      let p = false;
      win.events.get('will-navigate')!({ preventDefault: () => (p = true) }, url);
      return p;
    };
    expect(prevented('https://example.com/phish')).toBe(true);
    expect(prevented('file:///etc/passwd')).toBe(true);
    expect(prevented('app://kiosk/index.html#search')).toBe(false);
    expect(win.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    let webview = false;
    win.events.get('will-attach-webview')!({ preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
  });

  it('denies every permission request (camera, microphone, geolocation…)', () => {
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'hid', 'serial']) fake.state.permissionHandler!(null, p, (a: boolean) => answers.push(a));
    expect(answers).toEqual([false, false, false, false, false]);
  });

  it('serves the renderer from its own protocol with the strict CSP, and nothing outside it', async () => {
    const h = fake.state.protocolHandler!;
    const index = await h(new Request('app://kiosk/index.html'));
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect((await h(new Request('app://kiosk/..%2F..%2F..%2Fpackage.json'))).status).toBeGreaterThanOrEqual(403);
    expect((await h(new Request('app://evil/index.html'))).status).toBe(403);
    // A path that does not decode is refused, not thrown into the protocol handler.
    expect((await h(new Request('app://kiosk/%E0'))).status).toBe(400);
  });

  it('answers IPC only from its own window main frame, and validates every message', async () => {
    const invoke = fake.state.ipcHandlers.get('kiosk:invoke')!;
    // The sender must be the very webContents main created, calling from its main frame.
    const sender = win.contents;
    const ok = (await invoke({ sender, senderFrame: fake.mainFrame }, { type: 'query', path: 'system.info', input: undefined })) as { ok: boolean; data?: { kioskId: string } };
    expect(ok.ok).toBe(true);
    expect(ok.data?.kioskId).toBe('demo-kiosk-01');
    const foreignFrame = { url: 'https://example.com/' };
    expect(await invoke({ sender, senderFrame: foreignFrame }, { type: 'query', path: 'system.info' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ sender: {}, senderFrame: fake.mainFrame }, { type: 'query', path: 'system.info' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke({ sender, senderFrame: fake.mainFrame }, { type: 'query', path: 'constructor', input: undefined })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await invoke({ sender, senderFrame: fake.mainFrame }, { nonsense: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    // zod refuses bad input at the boundary.
    const bad = (await invoke({ sender, senderFrame: fake.mainFrame }, { type: 'query', path: 'catalog.search', input: { query: 'x'.repeat(5000) } })) as { ok: boolean };
    expect(bad.ok).toBe(false);
  });

  it('reloads the attract screen when the renderer crashes', () => {
    const before = win.loaded.length;
    win.events.get('render-process-gone')!({}, { reason: 'crashed' });
    expect(win.loaded.slice(before)).toEqual(['app://kiosk/index.html']);
  });
});

