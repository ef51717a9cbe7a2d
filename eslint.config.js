// Layering is enforced here, not by hope (docs/ARCHITECTURE.md, "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { projectRules } from './build/lint/no-ignored-result.mjs';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'worker_threads'];
const NATIVE_PACKAGES = ['better-sqlite3*', 'serialport', '@serialport/*', 'node-hid', 'tesseract.js', 'pdfkit', '@napi-rs/canvas', 'fastify', '@tus/*', 'tus-js-client'];

const TYPED_SOURCES = ['common/**/*.ts', 'kiosk-app/**/*.{ts,tsx}', 'device-drivers/**/*.ts', 'offline-sync/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'build/**/*.ts', '*.config.ts'];

const TESTS = ['**/*.test.ts', '**/*.test.tsx', 'tests/**', '**/test-support/**', '**/*-test-helper.ts'];
/** Node code: everything but the renderer (and the preload, which Electron sandboxes). */
const NODE_CODE = ['common/**', 'kiosk-app/{api,core,host,cli,main}/**', 'device-drivers/**', 'offline-sync/**', 'bench/**', 'build/**', '*.config.{ts,js}'];
/** Imported by the renderer and by Node alike: they may use neither runtime's globals. */
const RUNTIME_NEUTRAL = ['common/{languages,hanoi-time,money,result,deferred}.ts', 'kiosk-app/api/*-{contract,protocol}.ts'];
const NODE_GLOBALS = ['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'exports', 'setImmediate', 'clearImmediate'];
const DOM_GLOBALS = ['window', 'document', 'navigator', 'location', 'localStorage', 'sessionStorage', 'history', 'alert', 'HTMLElement', 'customElements', 'requestAnimationFrame'];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'artifacts/**', 'test-results/**', 'release/**', '**/*.d.ts', '**/*.d.mts', 'build/lint/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  // Type-aware: the TypeScript the tsconfig holds is linted with its types. A dropped Result is
  // an error in the product and the benches (a test's setup that fails shows in its asserts).
  {
    files: TYPED_SOURCES,
    ignores: TESTS,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { project: projectRules },
    rules: { 'project/no-ignored-result': 'error' },
  },
  // Each runtime its own globals: DOM code has no Node, Node code has no DOM (TypeScript's one
  // program sees both, so this is where a wrong global fails).
  {
    files: ['kiosk-app/renderer/**'],
    ignores: TESTS,
    languageOptions: { globals: globals.browser },
    rules: { 'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: 'The renderer is web content: no Node globals.' }))] },
  },
  {
    files: NODE_CODE,
    ignores: [...TESTS, 'bench/fixtures/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'This runs in Node (core, drivers, sync, host, CLI, Electron main): there is no DOM.' }))] },
  },
  {
    files: RUNTIME_NEUTRAL,
    rules: {
      'no-restricted-globals': ['error', ...[...NODE_GLOBALS, ...DOM_GLOBALS].map((name) => ({ name, message: 'Shared by the renderer and Node: neither runtime\'s globals.' }))],
    },
  },
  {
    files: [...TESTS, 'bench/fixtures/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/kiosk-app/**', '**/device-drivers/**', '**/offline-sync/**', 'react', 'electron'], message: 'common/ depends on nothing of the project.' },
      ]),
    },
  },
  {
    files: ['kiosk-app/renderer/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: NODE_BUILTINS, message: 'The renderer is untrusted web content: no Node.' },
        { group: ['electron', 'electron/*'], message: 'The renderer never touches Electron; use the api client.' },
        { group: NATIVE_PACKAGES, message: 'Hardware and storage live behind the api.' },
        { group: ['**/device-drivers/**', '**/offline-sync/**', '**/core/**', '**/host/**', '**/main/**', '**/preload/**', '**/cli/**'], message: 'The renderer imports only kiosk-app/api and its own files.' },
        { group: ['**/api/**', '!**/api/*-contract', '!**/api/*-protocol'], allowTypeImports: true, message: 'The renderer imports the api as types only (values: only its *-contract and *-protocol constants).' },
        { group: ['**/common/**', '!**/common/languages', '!**/common/hanoi-time', '!**/common/money', '!**/common/result', '!**/common/deferred'], message: 'Of common/, the renderer imports only what runs in both runtimes.' },
      ]),
    },
  },
  {
    files: ['kiosk-app/core/**', 'kiosk-app/api/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['electron', 'electron/*', 'react', 'react-dom', 'react-dom/*', 'react/*'], message: 'core and api run without Electron or React.' },
        { group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/host/**', '**/cli/**'], message: 'core does not depend on its transports.' },
      ]),
    },
  },
  {
    // The api's stated values are read by the renderer as well: they import nothing at all.
    files: ['kiosk-app/api/*-contract.ts', 'kiosk-app/api/*-protocol.ts'],
    rules: { 'no-restricted-imports': restrict([{ group: ['*', '**'], message: 'A contract file holds plain values and imports nothing.' }]) },
  },
  {
    files: ['kiosk-app/preload/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/core/**', '**/device-drivers/**', '**/offline-sync/**', '**/renderer/**', ...NODE_BUILTINS, ...NATIVE_PACKAGES], message: 'The preload is a thin bridge: electron and api types only.' },
      ]),
    },
  },
  {
    files: ['device-drivers/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/kiosk-app/**', '**/offline-sync/**', 'react', 'electron'], message: 'Drivers import neither the app nor the sync layer.' },
      ]),
    },
  },
  {
    files: ['offline-sync/**'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/kiosk-app/**', '**/device-drivers/**', 'react', 'electron'], message: 'The sync layer imports neither the app nor the drivers.' },
      ]),
    },
  },
);
