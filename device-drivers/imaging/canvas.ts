import { createRequire } from 'node:module';
import type * as Canvas from '@napi-rs/canvas';

// @napi-rs/canvas is a native module that takes about 200 ms to load, and nothing needs it
// until a page is scanned, a raster receipt is drawn or a card image is read: it is loaded on
// first use so the kiosk's start does not pay for it. (Synchronous, so the drawing code stays
// as it is; type-only imports of the module cost nothing.)

type CanvasModule = typeof Canvas;

let lib: CanvasModule | null = null;

export function canvasLib(): CanvasModule {
  return (lib ??= createRequire(import.meta.url)('@napi-rs/canvas') as CanvasModule);
}
