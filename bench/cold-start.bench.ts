import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';
import { fmtMs, printTable, summarize } from './bench-stats';

// Cold start: from spawning the process to an interactive attract screen in Chromium,
// next to a bare Vite React page served and opened the same way, in the same run. The page is
// opened when the server says where (the kiosk's `host` line, as its own window is; the bare
// server's `ready` line); "server up" is that moment, and the kiosk's full start (its `ready`
// line, every device up) is reported beside it.

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function timeToInteractive(command: string[]): Promise<{ total: number; serverReady: number; allStarted: Promise<number> }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, command, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  let started: (t: number) => void = () => undefined;
  const allStarted = new Promise<number>((r) => (started = r));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(?:✔ host|ready)\s+(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
      if (/^ready /m.test(out)) started(performance.now() - t0);
    });
    child.once('exit', () => reject(new Error(out)));
  });
  const serverReady = performance.now() - t0;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(url);
  await page.getByTestId('touch-to-start').waitFor({ state: 'visible' });
  await page.getByTestId('touch-to-start').isEnabled();
  const total = performance.now() - t0;
  await allStarted;
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { total, serverReady, allStarted };
}

const bareDir = mkdtempSync(join(tmpdir(), 'bare-react-'));
await build({
  root: join(ROOT, 'bench/fixtures/bare-react'),
  base: './',
  logLevel: 'silent',
  plugins: [react()],
  build: { outDir: bareDir, emptyOutDir: true },
});

// The kiosk runs its built bundle (no TypeScript at run time): the bare server is built to
// plain JavaScript too, so both start as `node file.js`.
const bareServerJs = join(mkdtempSync(join(tmpdir(), 'bare-server-')), 'serve-static.mjs');
await esbuild({ entryPoints: [join(ROOT, 'bench/fixtures/bare-react/serve-static.ts')], outfile: bareServerJs, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });

const kiosk: number[] = [];
const kioskServer: number[] = [];
const kioskAll: number[] = [];
const bare: number[] = [];
const bareServer: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-kiosk-'));
  const k = await timeToInteractive([join(ROOT, 'kiosk-app/cli/kiosk.mjs'), 'start', '--demo', '--headless', '--port', '0', '--data-dir', dataDir]);
  kiosk.push(k.total);
  kioskServer.push(k.serverReady);
  kioskAll.push(await k.allStarted);
  const b = await timeToInteractive([bareServerJs, bareDir]);
  bare.push(b.total);
  bareServer.push(b.serverReady);
}
const k = summarize(kiosk);
const b = summarize(bare);
printTable(`Cold start to an interactive attract screen (${ROUNDS} rounds, interleaved)`, [
  { page: 'kiosk (kiosk start --headless)', 'server up p50': fmtMs(summarize(kioskServer).p50), 'interactive p50': fmtMs(k.p50), 'interactive p95': fmtMs(k.p95), 'all started p50': fmtMs(summarize(kioskAll).p50) },
  { page: 'bare Vite React page', 'server up p50': fmtMs(summarize(bareServer).p50), 'interactive p50': fmtMs(b.p50), 'interactive p95': fmtMs(b.p95), 'all started p50': '' },
]);
process.stdout.write(`ratio kiosk / bare (median): ${(k.p50 / b.p50).toFixed(2)}\n`);
