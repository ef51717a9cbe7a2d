#!/usr/bin/env node
// Bundles the `kiosk` command (core, host, CLI) into dist/cli: kiosk-cli.js plus
// code-split chunks, so parts loaded with import() (city sandbox, simulators, OCR…) are
// read only when used. dist/cli/meta.json is esbuild's metafile (what each chunk holds).
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, nodeBanner, nodeOptions } from './esbuild-shared.mjs';

const outdir = join(ROOT, 'dist/cli');
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  ...nodeOptions,
  entryPoints: { 'kiosk-cli': join(ROOT, 'kiosk-app/cli/kiosk-cli.ts') },
  outdir,
  splitting: true,
  // Chunks sit beside the entry: the banner's app root is two folders up from each file.
  chunkNames: '[name]-[hash]',
  metafile: true,
  banner: { js: nodeBanner() },
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
