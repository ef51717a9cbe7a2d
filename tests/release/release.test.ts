import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../kiosk-app/core/maintenance/maintenance-pin';
import { startCitySandbox, type CitySandbox } from '../../offline-sync';

// Issue 9: the package the city's IT installs. Built by `npm run release`, installed here
// with apt as on a kiosk, its units checked by systemd-analyze, its core started with a real
// (non-demo) config as the kiosk user exactly as its unit would, and its screen run under
// cage's headless backend and photographed with grim. systemd is not PID 1 on this machine,
// so what each unit would run is run by hand, as the unit's user, with the unit's
// environment. Needs root (apt, runuser); skipped, saying so, elsewhere.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'artifacts', 'release');
const UNIT_DIR = '/lib/systemd/system';
const CORE_UNIT = join(UNIT_DIR, 'hanoi-kiosk.service');
const SESSION_UNIT = join(UNIT_DIR, 'hanoi-kiosk-session.service');
const DEVICE_TOKEN = 'release-test-device-token-0001';
const canRun = process.getuid?.() === 0 && existsSync('/usr/bin/dpkg-deb') && existsSync('/usr/bin/cage') && existsSync('/usr/bin/grim');

function run(cmd: string, args: readonly string[], env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function installed(): boolean {
  return run('dpkg-query', ['-W', '-f=${db:Status-Status}', 'hanoi-kiosk']).stdout === 'installed';
}

/** The unit's `Key=` values (a key may repeat). */
function unitValues(file: string, key: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`${key}=`))
    .map((l) => l.slice(key.length + 1));
}

/** The unit's ExecStart as argv, its ${VARS} taken from the unit's EnvironmentFile. */
function execStart(unit: string, env: Record<string, string>): string[] {
  const [line] = unitValues(unit, 'ExecStart');
  return line!.split(/\s+/).map((w) => w.replace(/\$\{(\w+)\}/g, (_, k: string) => env[k] ?? ''));
}

function envFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Runs argv as the kiosk user, as its unit would, and collects what it prints. */
function asKiosk(argv: readonly string[], env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn('runuser', ['-u', 'kiosk', '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, output: () => out };
}

/** Resolves when `output` matches, rejects when the process ends first or the deadline passes. */
function waitForOutput(p: { child: ChildProcess; output: () => string }, pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(p.output());
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`exited (${code}) before ${pattern}:\n${p.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${pattern} within ${ms} ms:\n${p.output()}`));
    }, ms);
    const cleanup = () => {
      clearTimeout(timer);
      p.child.stdout!.off('data', check);
      p.child.stderr!.off('data', check);
      p.child.off('exit', onExit);
    };
    p.child.stdout!.on('data', check);
    p.child.stderr!.on('data', check);
    p.child.once('exit', onExit);
    check();
  });
}

function stopGroup(p?: { child: ChildProcess }): Promise<void> {
  const child = p?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    process.kill(-child.pid!, 'SIGTERM');
  });
}

describe.skipIf(!canRun)('the Debian package, installed as on a kiosk', () => {
  const figures: Record<string, string> = {};
  let deb = '';
  let city: CitySandbox | undefined;
  let core: ReturnType<typeof asKiosk> | undefined;
  let session: ReturnType<typeof asKiosk> | undefined;
  let port = 0;
  const creds = '/run/hanoi-kiosk-test-credentials';
  const runtimeDir = '/run/hanoi-kiosk-test-session';

  beforeAll(async () => {
    if (installed()) run('apt-get', ['purge', '-y', '-qq', 'hanoi-kiosk']);
    let t = Date.now();
    const built = run(process.execPath, [join(ROOT, 'build/release/build-deb.mjs')]);
    expect(built.code, built.out).toBe(0);
    figures['build'] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    const name = /release\/(hanoi-kiosk_[^ ]+_amd64\.deb)/.exec(built.out)?.[1];
    expect(name, built.out).toBeTruthy();
    deb = join(ROOT, 'release', name!);
    figures['package'] = `${(statSync(deb).size / 1024 / 1024).toFixed(1)} MB`;
    t = Date.now();
    const inst = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', deb]);
    expect(inst.code, inst.out).toBe(0);
    figures['install'] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
  }, 300_000);

  afterAll(async () => {
    await stopGroup(session);
    await stopGroup(core);
    await city?.close();
    rmSync(creds, { recursive: true, force: true });
    rmSync(runtimeDir, { recursive: true, force: true });
    if (installed()) {
      const t = Date.now();
      run('apt-get', ['purge', '-y', '-qq', 'hanoi-kiosk']);
      figures['purge'] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    }
    process.stdout.write(`release figures: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  }, 120_000);

  it('installs the bundles, its own Node and production dependencies only, under /opt, with the kiosk command', () => {
    const opt = '/opt/hanoi-kiosk';
    expect(run(`${opt}/node/bin/node`, ['--version']).stdout.trim()).toBe(process.version);
    for (const f of ['dist/cli/kiosk-cli.js', 'dist/renderer/index.html', 'assets/catalog/procedures.json', 'node_modules/better-sqlite3-multiple-ciphers/package.json']) {
      expect(existsSync(join(opt, f)), f).toBe(true);
    }
    // No TypeScript at run time, no build or test tool shipped.
    for (const dev of ['tsx', 'typescript', 'esbuild', 'vite', 'vitest', 'playwright-core', 'electron', 'eslint']) {
      expect(existsSync(join(opt, 'node_modules', dev)), dev).toBe(false);
    }
    const help = run('/usr/bin/kiosk', ['--help']);
    expect(help.code).toBe(0);
    for (const c of ['start', 'session', 'diag', 'outbox', 'logs', 'hash-pin']) expect(help.stdout).toContain(c);
  });

  it('creates the kiosk system user in the device groups, private state and a config folder only it can read', () => {
    const id = run('id', ['kiosk']).stdout;
    for (const g of ['dialout', 'lp', 'scanner']) expect(id).toContain(`(${g})`);
    expect(run('getent', ['passwd', 'kiosk']).stdout).toMatch(/:\/usr\/sbin\/nologin\n?$/);
    const state = statSync('/var/lib/hanoi-kiosk');
    expect(state.mode & 0o777).toBe(0o700);
    expect(run('stat', ['-c', '%U', '/var/lib/hanoi-kiosk']).stdout.trim()).toBe('kiosk');
    expect(run('stat', ['-c', '%U:%G %a', '/etc/hanoi-kiosk']).stdout.trim()).toBe('root:kiosk 750');
    expect(existsSync('/etc/hanoi-kiosk/kiosk.json.example')).toBe(true);
    // Enabled, waiting for the config (ConditionPathExists) before they run.
    expect(lstatSync('/etc/systemd/system/multi-user.target.wants/hanoi-kiosk.service').isSymbolicLink()).toBe(true);
    expect(lstatSync('/etc/systemd/system/graphical.target.wants/hanoi-kiosk-session.service').isSymbolicLink()).toBe(true);
  });

  it('ships units that systemd-analyze verifies clean: the core sandboxed as the kiosk user, the screen under cage', () => {
    const verify = run('systemd-analyze', ['verify', CORE_UNIT, SESSION_UNIT]);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out.trim(), 'systemd-analyze verify warnings').toBe('');
    // The check is real: one misspelt directive is reported.
    const dir = mkdtempSync(join(tmpdir(), 'unit-typo-'));
    writeFileSync(join(dir, 'hanoi-kiosk.service'), readFileSync(CORE_UNIT, 'utf8').replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    expect(run('systemd-analyze', ['verify', join(dir, 'hanoi-kiosk.service')]).out).toContain("Unknown key 'NoNewPrivilege'");

    const core = (k: string) => unitValues(CORE_UNIT, k).join(' ');
    expect(core('User')).toBe('kiosk');
    expect(core('Restart')).toBe('always');
    expect(core('ProtectSystem')).toBe('strict');
    expect(core('NoNewPrivileges')).toBe('yes');
    expect(core('PrivateTmp')).toBe('yes');
    expect(core('ReadWritePaths')).toBe('/var/lib/hanoi-kiosk');
    expect(core('SupplementaryGroups').split(' ')).toEqual(expect.arrayContaining(['dialout', 'lp', 'scanner']));
    expect(core('LoadCredentialEncrypted')).toBe('hanoi-kiosk-store-key');
    expect(core('ExecStart')).not.toContain('--demo');
    const session = (k: string) => unitValues(SESSION_UNIT, k).join(' ');
    expect(session('User')).toBe('kiosk');
    expect(session('BindsTo')).toBe('hanoi-kiosk.service');
    expect(session('ExecStart')).toMatch(/kiosk\.mjs session /);
  });

  it('runs the installed core as the kiosk user with a real config: key from a credential, remote city, api closed without the token', async () => {
    city = await startCitySandbox({ dataDir: mkdtempSync(join(tmpdir(), 'release-city-')), port: 0, devices: [{ id: 'hk-release-01', token: DEVICE_TOKEN }] });
    port = await freePort();
    // What the city's IT does: config from the example, the key as a credential, the port.
    const example = JSON.parse(readFileSync('/etc/hanoi-kiosk/kiosk.json.example', 'utf8')) as Record<string, Record<string, unknown>>;
    const config = {
      ...example,
      kiosk: { ...example['kiosk'], id: 'hk-release-01', name: 'Ki-ốt thử cài đặt' },
      city: { kind: 'remote', baseUrl: city.url, deviceId: 'hk-release-01', deviceToken: DEVICE_TOKEN },
      maintenance: { pinHash: await hashPin('97531') },
      // No device is attached to this machine: each is "none" (not fitted).
      devices: { vietQr: example['devices']!['vietQr'] },
    };
    writeFileSync('/etc/hanoi-kiosk/kiosk.json', JSON.stringify(config, null, 2));
    chownSync('/etc/hanoi-kiosk/kiosk.json', 0, Number(run('id', ['-g', 'kiosk']).stdout.trim()));
    chmodSync('/etc/hanoi-kiosk/kiosk.json', 0o640);
    writeFileSync('/etc/hanoi-kiosk/kiosk.env', readFileSync('/etc/hanoi-kiosk/kiosk.env', 'utf8').replace(/^KIOSK_PORT=.*$/m, `KIOSK_PORT=${port}`));
    // As systemd would pass LoadCredentialEncrypted=: decrypted, in a directory only the user reads.
    const uid = Number(run('id', ['-u', 'kiosk']).stdout.trim());
    mkdirSync(creds, { recursive: true, mode: 0o700 });
    writeFileSync(join(creds, 'hanoi-kiosk-store-key'), randomBytes(32), { mode: 0o400 });
    chownSync(creds, uid, 0);
    chownSync(join(creds, 'hanoi-kiosk-store-key'), uid, 0);

    const env = envFile('/etc/hanoi-kiosk/kiosk.env');
    core = asKiosk(execStart(CORE_UNIT, env), { ...env, CREDENTIALS_DIRECTORY: creds });
    const t = Date.now();
    const [, windowUrl] = await waitForOutput(core, /^ready (http:\/\/\S+)$/m, 60_000);
    figures['core ready'] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    const out = core.output();
    expect(out).toMatch(/✔ config +\/etc\/hanoi-kiosk\/kiosk\.json \(kiosk hk-release-01\)/);
    expect(out).not.toContain('DEMO');
    expect(out).toMatch(/✔ city +gateway http:\/\/127\.0\.0\.1:\d+ as hk-release-01/);
    expect(out).toMatch(/✔ outbox +encrypted SQLite at \/var\/lib\/hanoi-kiosk\/outbox\.db/);
    expect(run('pgrep', ['-u', 'kiosk', '-f', 'kiosk.mjs start']).code).toBe(0);

    const base = `http://127.0.0.1:${port}`;
    const token = readFileSync('/var/lib/hanoi-kiosk/run/host-token', 'utf8').trim();
    expect(windowUrl).toBe(`${base}/#token=${token}`);
    expect((await fetch(`${base}/healthz`)).status).toBe(401);
    const search = `${base}/trpc/catalog.search?input=${encodeURIComponent(JSON.stringify({ query: 'khai sinh' }))}`;
    expect((await fetch(search)).status).toBe(401);
    expect((await fetch(`${base}/healthz`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // With the token the window's calls work: the catalogue answers a citizen's search.
    const found = await fetch(search, { headers: { authorization: `Bearer ${token}` } });
    expect(found.status).toBe(200);
    expect(JSON.stringify(await found.json())).toContain('khai sinh');
    expect((await fetch(`${base}/`)).status).toBe(200); // the page itself; it cannot call the api without the token

    // Private state, and no key beside the database.
    const walk = (dir: string): void => {
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else expect(statSync(p).mode & 0o077, p).toBe(0);
      }
    };
    walk('/var/lib/hanoi-kiosk');
    expect(readdirSync('/var/lib/hanoi-kiosk')).not.toContain('store.key');
    // The installed CLI opens the same outbox with the same key source.
    const status = run('runuser', ['-u', 'kiosk', '--', 'env', `CREDENTIALS_DIRECTORY=${creds}`, '/usr/bin/kiosk', 'outbox', 'status', '--config', '/etc/hanoi-kiosk/kiosk.json']);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/Waiting to send\s*:\s*0/);
  }, 120_000);

  it('shows the attract screen under cage (headless backend) as the kiosk user; grim takes its picture', async () => {
    expect(core, 'the core runs (previous test)').toBeDefined();
    const uid = Number(run('id', ['-u', 'kiosk']).stdout.trim());
    rmSync(runtimeDir, { recursive: true, force: true });
    mkdirSync(runtimeDir, { mode: 0o700 });
    chownSync(runtimeDir, uid, 0);
    const env = envFile('/etc/hanoi-kiosk/kiosk.env');
    const display = { XDG_RUNTIME_DIR: runtimeDir, WLR_BACKENDS: 'headless', WLR_LIBINPUT_NO_DEVICES: '1', WLR_RENDERER: 'pixman' };
    session = asKiosk(execStart(SESSION_UNIT, env), { ...env, ...display });
    await waitForOutput(session, /✔ window +cage \+ Chromium/, 60_000);
    // The token reached the window through a private launch page, not the command line.
    expect(statSync(join(runtimeDir, 'kiosk-window.html')).mode & 0o777).toBe(0o600);
    expect(run('pgrep', ['-a', 'chromium']).stdout).not.toContain('#token=');

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(runtimeDir, 'shot.png');
    const target = join(ARTIFACTS, 'kiosk-session.png');
    let yellow = 0;
    const deadline = Date.now() + 60_000;
    // Poll the screen until Chromium has drawn the attract screen's start button (#ffd100).
    while (Date.now() < deadline) {
      const g = run('runuser', ['-u', 'kiosk', '--', 'env', `XDG_RUNTIME_DIR=${runtimeDir}`, 'WAYLAND_DISPLAY=wayland-0', 'grim', shot]);
      if (g.code === 0) {
        const png = PNG.sync.read(readFileSync(shot));
        yellow = 0;
        for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 255 && png.data[i + 1] === 209 && png.data[i + 2] === 0) yellow++;
        copyFileSync(shot, target);
        if (yellow / (png.width * png.height) > 0.05) break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(yellow, `start button pixels in ${target}`).toBeGreaterThan(0.05 * 1280 * 720);
    expect(session.child.exitCode).toBeNull();
  }, 120_000);

  it('stops with its core, and purge removes the user, config and state', async () => {
    await stopGroup(session);
    await stopGroup(core);
    const t = Date.now();
    const purge = run('apt-get', ['purge', '-y', '-qq', 'hanoi-kiosk']);
    expect(purge.code, purge.out).toBe(0);
    figures['purge'] = `${((Date.now() - t) / 1000).toFixed(1)} s`;
    for (const p of ['/opt/hanoi-kiosk', '/etc/hanoi-kiosk', '/var/lib/hanoi-kiosk', '/usr/bin/kiosk', CORE_UNIT, '/etc/systemd/system/multi-user.target.wants/hanoi-kiosk.service']) {
      expect(existsSync(p), p).toBe(false);
    }
    expect(run('getent', ['passwd', 'kiosk']).code).not.toBe(0);
  }, 120_000);
});

describe.runIf(!canRun)('the Debian package', () => {
  it.skip('needs root, dpkg-deb, cage and grim (as CI has): install and run it there', () => {});
});
