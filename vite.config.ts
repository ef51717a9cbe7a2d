import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./kiosk-app/renderer', import.meta.url));

/**
 * The attract screen's text waits for its font (font-display: block, so no flash of another
 * face): the faces are preloaded from the page's head, so they load beside the script rather
 * than after the first layout asks for them.
 */
function preloadFonts(): Plugin {
  return {
    name: 'kiosk-preload-fonts',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) =>
        Object.keys(ctx.bundle ?? {})
          .filter((file) => file.endsWith('.ttf'))
          .map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/ttf', crossorigin: 'anonymous', href: `./${file}` }, injectTo: 'head' as const })),
    },
  };
}

export default defineConfig({
  root,
  // Relative URLs so the same build loads from the host and from Electron's app:// protocol.
  base: './',
  plugins: [react(), preloadFonts()],
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
