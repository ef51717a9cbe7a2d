// Options every Node-side bundle shares (the `kiosk` command, Electron main). Every npm
// package stays external: the bundle holds only our own code, which is what removes tsx
// at run time, while native modules (better-sqlite3-multiple-ciphers, serialport,
// node-hid, @napi-rs/canvas), packages that read their own files at run time
// (tesseract.js workers, pdfkit's font data, pino transports) and everything else load
// from node_modules exactly as installed.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Sources find their assets relative to their own file (new URL('../../assets/…',
 * import.meta.url)). In a bundle every file would share the bundle's URL, so each
 * import.meta.url becomes the URL its source file has in the app tree. `depth` is how far
 * the output folder is below the app root (dist/main, dist/cli: 2).
 */
export const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const rel = relative(ROOT, args.path).split('\\').join('/');
      return {
        contents: text.replace(/import\.meta\.url/g, `__kioskSourceUrl(${JSON.stringify(rel)})`),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

/** The banner defines require (for CommonJS-only paths) and __kioskSourceUrl. */
export function nodeBanner() {
  return [
    "import { createRequire as __kioskCreateRequire } from 'node:module';",
    'const require = __kioskCreateRequire(import.meta.url);',
    "const __kioskRoot = new URL('../../', import.meta.url);",
    'const __kioskSourceUrl = (path) => new URL(path, __kioskRoot).href;',
  ].join('\n');
}

/**
 * Packages that stay in node_modules, loaded as installed: native modules, packages that read
 * their own files or start workers from them at run time, and optional natives their
 * neighbours try to load. Every other package is bundled: one parsed file instead of hundreds
 * of resolved, stat'ed and (for CommonJS) lexed ones halves the kiosk's start.
 */
export const RUNTIME_PACKAGES = [
  'electron',
  'better-sqlite3-multiple-ciphers', 'serialport', '@serialport/*', 'node-hid', '@napi-rs/canvas', // native
  'tesseract.js', // starts its workers from its own files
  'pdfkit', // reads its font metrics from its own data folder
  'pino', // pino's transports run its own files in worker threads (pino-roll, used as a plain stream, is bundled)
  'bufferutil', 'utf-8-validate', // optional natives ws tries
];

/** pino-roll's `require('date-fns')` gets only the five functions it uses (date-fns-for-pino-roll.mjs). */
const dateFnsForPinoRoll = {
  name: 'date-fns-for-pino-roll',
  setup(b) {
    b.onResolve({ filter: /^date-fns$/ }, (args) =>
      /[\\/]pino-roll[\\/]/.test(args.importer) ? { path: join(ROOT, 'build/bundle/date-fns-for-pino-roll.mjs') } : undefined,
    );
  },
};

export const nodeOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: RUNTIME_PACKAGES,
  plugins: [sourceUrls, dateFnsForPinoRoll],
  logLevel: 'warning',
};
