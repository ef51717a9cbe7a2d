// Layering is enforced here, not by hope (docs/ARCHITECTURE.md, "Layers").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'worker_threads'];
const NATIVE_PACKAGES = ['better-sqlite3*', 'serialport', '@serialport/*', 'node-hid', 'tesseract.js', 'pdfkit', '@napi-rs/canvas', 'fastify', '@tus/*', 'tus-js-client'];

const restrict = (patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'artifacts/**', 'test-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
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
        { group: ['**/api/router*'], allowTypeImports: true, message: 'Import the router as a type only.' },
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
