#!/usr/bin/env node
// Bundles the Electron main process and the preload (the renderer is built by Vite).
// Main is ESM with every package left external (native modules load from node_modules or
// app.asar.unpacked), with the options every Node-side bundle shares; the preload is one
// CommonJS file, because a sandboxed preload can require nothing but 'electron'.
import { build } from 'esbuild';
import { join } from 'node:path';
import { ROOT, nodeBanner, nodeOptions } from '../bundle/esbuild-shared.mjs';

await build({
  ...nodeOptions,
  entryPoints: [join(ROOT, 'kiosk-app/main/main.ts')],
  outfile: join(ROOT, 'dist/main/main.js'),
  banner: { js: nodeBanner() },
});

await build({
  entryPoints: [join(ROOT, 'kiosk-app/preload/preload.ts')],
  outfile: join(ROOT, 'dist/preload/preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
