import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./kiosk-app/renderer', import.meta.url));

export default defineConfig({
  root,
  // Relative URLs so the same build loads from the host and from Electron's app:// protocol.
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    // No inline scripts or data: modules, so the strict CSP holds.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One kiosk bundle loaded from local disk: chunk size is not a network cost here.
    chunkSizeWarningLimit: 2000,
  },
  server: { fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
});
