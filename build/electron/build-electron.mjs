#!/usr/bin/env node
// Bundles the Electron main process and the preload (the renderer is built by Vite).
// Main is ESM with every package left external (native modules load from node_modules or
// app.asar.unpacked); the preload is one CommonJS file, because a sandboxed preload can
// require nothing but 'electron'.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Sources find their assets relative to their own file (new URL('../../assets/…',
// import.meta.url)). In one bundle every file would share dist/main's URL, so each
// import.meta.url becomes the URL its source file has in the app tree.
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const rel = relative(ROOT, args.path).split('\\').join('/');
      return { contents: text.replace(/import\.meta\.url/g, `__kioskSourceUrl(${JSON.stringify(rel)})`), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

await build({
  entryPoints: [join(ROOT, 'kiosk-app/main/main.ts')],
  outfile: join(ROOT, 'dist/main/main.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // The bundle lives in dist/main: keep import.meta.url-relative asset paths working.
  plugins: [sourceUrls],
  banner: {
    js: [
      "import { createRequire as __kioskCreateRequire } from 'node:module';",
      'const require = __kioskCreateRequire(import.meta.url);',
      "const __kioskRoot = new URL('../../', import.meta.url);",
      'const __kioskSourceUrl = (path) => new URL(path, __kioskRoot).href;',
    ].join('\n'),
  },
  logLevel: 'warning',
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
