#!/usr/bin/env node
// Installs what the kiosk needs and is missing — Debian packages (as root; otherwise it
// prints the exact apt command and stops), npm dependencies, the built renderer and the `kiosk` command's bundle — and
// does nothing, in well under a second, when all is there. Plain Node: it runs before
// any dependency exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));

// Why each package: see docs/ARCHITECTURE.md ("Machine dependencies").
const APT_PACKAGES = [
  'chromium', // the kiosk window and the end-to-end tests
  'cage', 'xwayland', 'grim', // the installed kiosk's screen (Wayland kiosk compositor), tested headless
  'socat', // PTY pairs for the serial device simulators
  'udev', // serialport's port listing
  'sane-utils', 'libsane1', // scanner (scanimage, test backend)
  'cups', 'cups-client', 'printer-driver-cups-pdf', // A4 printing
  'espeak-ng', 'sox', // read aloud
  'tesseract-ocr', 'tesseract-ocr-vie', 'tesseract-ocr-eng', // OCR language data, read locally
  'fonts-noto-core', 'fonts-noto-cjk', 'fonts-ocr-b', // Vietnamese, CJK and MRZ glyphs
  'poppler-utils', // PDF checks (pdftotext, pdftoppm)
  'libusb-1.0-0', 'libudev1', // node-hid
];

function log(message) {
  process.stdout.write(`setup: ${message}\n`);
}

function missingAptPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...APT_PACKAGES], { encoding: 'utf8' });
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0].split(':')[0]),
  );
  return APT_PACKAGES.filter((p) => !installed.has(p));
}

function ensureApt() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    log(`these Debian packages are missing: ${missing.join(' ')}`);
    log(`install them as root, then run this again:\n\n  sudo sh -c '${command}'\n`);
    process.exit(1);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function ensureNpm() {
  // A worktree may borrow another checkout's node_modules through a symlink; `npm ci`
  // there would empty the other checkout's dependencies, so it is never run through one.
  const modules = join(ROOT, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) return;
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (the first time this builds SQLite with encryption: about 3 minutes)');
  // The Electron binary cannot be downloaded here; its package is kept for its types.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}

function ensureRenderer() {
  const built = join(ROOT, 'dist', 'renderer', 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'kiosk-app', 'renderer')),
    newestMtime(join(ROOT, 'kiosk-app', 'api')),
    newestMtime(join(ROOT, 'assets', 'i18n')),
    newestMtime(join(ROOT, 'vite.config.ts')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('building the touch interface');
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** The Electron main and preload bundles (esbuild, well under a second). */
function ensureElectronBundles() {
  const built = join(ROOT, 'dist', 'main', 'main.js');
  const sources = Math.max(
    ...['kiosk-app', 'device-drivers', 'offline-sync', 'common', 'build/electron'].map((d) => newestMtime(join(ROOT, d))),
  );
  if (existsSync(built) && existsSync(join(ROOT, 'dist', 'preload', 'preload.cjs')) && statSync(built).mtimeMs >= sources) return;
  execFileSync(process.execPath, [join(ROOT, 'build', 'electron', 'build-electron.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** The `kiosk` command's bundle (dist/cli, esbuild, about a second): the bin runs it. */
function ensureCliBundle() {
  const built = join(ROOT, 'dist', 'cli', 'kiosk-cli.js');
  const sources = Math.max(
    ...['kiosk-app', 'device-drivers', 'offline-sync', 'common', 'build/bundle', 'assets/i18n'].map((d) => newestMtime(join(ROOT, d))),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  log('building the kiosk command (dist/cli)');
  execFileSync(process.execPath, [join(ROOT, 'build', 'bundle', 'build-cli.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

// --no-install: skip apt and npm (a worktree whose node_modules is borrowed or copied).
if (!args.has('--no-install')) {
  ensureApt();
  ensureNpm();
}
ensureCliBundle();
if (!args.has('--no-renderer')) {
  ensureRenderer();
  ensureElectronBundles();
}
