#!/usr/bin/env node
// `npm run release`: the Debian package the city's IT installs on every kiosk, community
// point and bus (release/hanoi-kiosk_<version>_amd64.deb). The Electron runtime cannot be
// downloaded here, so this package ships the kiosk's own Node host with Debian's Chromium
// as the window, under the cage compositor; the Electron build is electron-builder's (README).
//
// /opt/hanoi-kiosk     the bundles (dist/cli, dist/renderer), assets, production
//                      node_modules (native modules built for the bundled Node), that Node
// /usr/bin/kiosk       the `kiosk` command
// /etc/hanoi-kiosk     kiosk.json (the city's IT writes it from kiosk.json.example), kiosk.env
// /var/lib/hanoi-kiosk the state (made by postinst, 0700, the kiosk user's)
// /lib/systemd/system  hanoi-kiosk.service (the core), hanoi-kiosk-session.service (the screen)
//
// Plain Node and dpkg-deb: the staging tree is made from package-lock.json (no npm, no
// network), so the same checkout always gives the same package contents.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FILES = join(ROOT, 'build', 'release', 'files');
const STAGE = join(ROOT, 'out', 'deb');
const OUT_DIR = join(ROOT, 'release');
const OPT = '/opt/hanoi-kiosk';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const version = process.env.KIOSK_RELEASE_VERSION ?? pkg.version;
const debName = `hanoi-kiosk_${version}_amd64.deb`;

// Debian packages the kiosk cannot run without, and those that fit the devices it drives.
const DEPENDS = ['adduser', 'init-system-helpers', 'cage', 'xwayland', 'chromium', 'fonts-noto-core', 'libusb-1.0-0', 'libudev1', 'libstdc++6'];
const RECOMMENDS = [
  'cups-client', 'sane-utils', 'espeak-ng', 'sox', 'tesseract-ocr-vie', 'tesseract-ocr-eng',
  'fonts-noto-cjk', 'fonts-ocr-b', 'poppler-utils', 'pcscd', 'grim', 'udev',
];

// Files inside production packages that nothing reads at run time (native sources and
// build intermediates): tens of MB a kiosk would carry for nothing.
const PRUNE = [
  'better-sqlite3-multiple-ciphers/deps',
  'better-sqlite3-multiple-ciphers/src',
  'better-sqlite3-multiple-ciphers/build/Release/obj',
  'better-sqlite3-multiple-ciphers/build/Release/obj.target',
  'better-sqlite3-multiple-ciphers/build/Release/.deps',
  'better-sqlite3-multiple-ciphers/build/deps',
];

function step(message) {
  process.stdout.write(`release: ${message}\n`);
}

function need(path, hint) {
  if (!existsSync(join(ROOT, path))) {
    process.stderr.write(`release: ${path} is missing: ${hint}\n`);
    process.exit(1);
  }
}

// tRPC and i18next name TypeScript as a peer for their types; nothing loads it at run time.
const TYPES_ONLY_PEERS = new Set(['node_modules/typescript']);

/** The lock's production packages: every node_modules path not marked dev (or dev-optional). */
export function productionPackages(lockfile) {
  return Object.entries(lockfile.packages)
    .filter(([path, meta]) => path.startsWith('node_modules/') && !meta.dev && !meta.devOptional && !meta.link && !TYPES_ONLY_PEERS.has(path))
    .map(([path]) => path)
    .sort();
}

function copyProductionModules(dest) {
  const paths = productionPackages(lock);
  for (const path of paths) {
    const from = join(ROOT, path);
    if (!existsSync(from)) continue; // an optional package for another platform
    // Each package without its nested node_modules: nested production packages are their
    // own lock entries, and nested dev-only ones must stay out.
    cpSync(from, join(dest, path), { recursive: true, filter: (src) => !src.slice(from.length).split('/').includes('node_modules') });
  }
  for (const p of PRUNE) rmSync(join(dest, 'node_modules', p), { recursive: true, force: true });
  return paths.length;
}

function duKb(path) {
  return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
}

function install(src, dest, mode) {
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(src, dest);
  chmodSync(dest, mode);
}

function main() {
  const started = Date.now();
  need('dist/cli/kiosk-cli.js', 'run npm run build (npm run release does it)');
  need('dist/renderer/index.html', 'run npm run build (npm run release does it)');
  rmSync(STAGE, { recursive: true, force: true });
  const opt = join(STAGE, OPT.slice(1));
  mkdirSync(opt, { recursive: true });

  step(`staging ${OPT}`);
  writeFileSync(
    join(opt, 'package.json'),
    JSON.stringify({ name: pkg.name, version, private: true, type: 'module', description: pkg.description, license: pkg.license }, null, 2) + '\n',
  );
  install(join(ROOT, 'kiosk-app/cli/kiosk.mjs'), join(opt, 'kiosk-app/cli/kiosk.mjs'), 0o755);
  cpSync(join(ROOT, 'dist/cli'), join(opt, 'dist/cli'), { recursive: true });
  cpSync(join(ROOT, 'dist/renderer'), join(opt, 'dist/renderer'), { recursive: true });
  cpSync(join(ROOT, 'assets'), join(opt, 'assets'), { recursive: true });
  install(join(ROOT, 'README.md'), join(opt, 'README.md'), 0o644);
  const count = copyProductionModules(opt);
  step(`${count} production packages (devDependencies left out)`);
  // The Node the native modules were built against (Debian 12's own nodejs is 18, too old).
  install(process.execPath, join(opt, 'node/bin/node'), 0o755);
  step(`bundled Node ${process.version}`);

  install(join(FILES, 'kiosk.wrapper'), join(STAGE, 'usr/bin/kiosk'), 0o755);
  install(join(FILES, 'hanoi-kiosk.service'), join(STAGE, 'lib/systemd/system/hanoi-kiosk.service'), 0o644);
  install(join(FILES, 'hanoi-kiosk-session.service'), join(STAGE, 'lib/systemd/system/hanoi-kiosk-session.service'), 0o644);
  install(join(FILES, 'kiosk.env'), join(STAGE, 'etc/hanoi-kiosk/kiosk.env'), 0o644);
  install(join(FILES, 'kiosk.json.example'), join(STAGE, 'etc/hanoi-kiosk/kiosk.json.example'), 0o644);

  const debian = join(STAGE, 'DEBIAN');
  mkdirSync(debian);
  for (const script of ['postinst', 'prerm', 'postrm']) install(join(FILES, script), join(debian, script), 0o755);
  writeFileSync(join(debian, 'conffiles'), '/etc/hanoi-kiosk/kiosk.env\n/etc/hanoi-kiosk/kiosk.json.example\n');
  const installedKb = duKb(STAGE) - duKb(debian);
  writeFileSync(
    join(debian, 'control'),
    [
      'Package: hanoi-kiosk',
      `Version: ${version}`,
      'Architecture: amd64',
      'Maintainer: Hanoi Public Administrative Service Centre <kiosk-team@localhost>',
      'Section: misc',
      'Priority: optional',
      `Installed-Size: ${installedKb}`,
      `Depends: ${DEPENDS.join(', ')}`,
      `Recommends: ${RECOMMENDS.join(', ')}`,
      'Description: Hanoi public-service kiosk',
      ' Self-service kiosk, community point and mobile bus software for the Public',
      ' Administrative Service Centre: procedures, ID card, e-forms, scanning, payment,',
      ' receipts and queue, with an encrypted outbox synced to the city TTHC system.',
      '',
    ].join('\n'),
  );
  // Directories 0755, as dpkg expects; file modes were set above or copied from the tree.
  const fixDirs = (dir) => {
    chmodSync(dir, 0o755);
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) fixDirs(join(dir, e.name));
  };
  fixDirs(STAGE);

  mkdirSync(OUT_DIR, { recursive: true });
  const deb = join(OUT_DIR, debName);
  step(`dpkg-deb → release/${debName}`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zzstd', '-z6', '--build', STAGE, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
  const mb = (n) => (n / 1024 / 1024).toFixed(1);
  step(`${debName}: ${mb(statSync(deb).size)} MB, ${mb(installedKb * 1024)} MB installed, built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  rmSync(STAGE, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
