/**
 * Writes the bundled sample pages used by the scanner simulator (demo/training mode), the
 * MRZ OCR tests and the OCR benchmark, and samples.json with their ground truth. Run:
 *   npx tsx assets/samples/generate-samples.ts
 * The people and numbers are synthetic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Canvas } from '@napi-rs/canvas';
import { formatCccdMrz } from '../../device-drivers/id-reader/mrz';
import { blankPage, cardBack, cardFront, FORM_LINES, LETTER_LINES, SAMPLE_CARD, textPage } from './render-samples';

const here = dirname(fileURLToPath(import.meta.url));

function save(rel: string, c: Canvas) {
  const out = join(here, rel);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, c.toBuffer('image/png'));
  return rel;
}

async function main() {
  const mrz = formatCccdMrz(SAMPLE_CARD);
  const manifest = {
    generatedBy: 'assets/samples/generate-samples.ts',
    pages: [
      { file: save('pages/to-khai-khai-sinh-150dpi.png', textPage(FORM_LINES, 150, 1)), dpi: 150, kind: 'text', text: FORM_LINES },
      { file: save('pages/giay-uy-quyen-150dpi.png', textPage(LETTER_LINES, 150, 2)), dpi: 150, kind: 'text', text: LETTER_LINES },
      { file: save('pages/blank-back-150dpi.png', blankPage(150, 3)), dpi: 150, kind: 'blank', text: [] },
      { file: save('pages/blurred-copy-150dpi.png', textPage(LETTER_LINES, 150, 6, { blur: 4.5, ink: '#666' })), dpi: 150, kind: 'unreadable', text: LETTER_LINES },
      { file: save('pages/faded-copy-150dpi.png', textPage(LETTER_LINES, 150, 4, { blur: 2.2, ink: '#9c9c9c' })), dpi: 150, kind: 'faded', text: LETTER_LINES },
    ],
    cards: [
      { file: save('cards/cccd-back-300dpi.png', cardBack(300, mrz, 5)), dpi: 300, side: 'back', mrz },
      { file: save('cards/cccd-front-300dpi.png', await cardFront(300, SAMPLE_CARD.qr)), dpi: 300, side: 'front', qr: SAMPLE_CARD.qr },
    ],
  };
  writeFileSync(join(here, 'samples.json'), JSON.stringify(manifest, null, 2) + '\n');
  console.log(manifest.pages.map((p) => p.file).concat(manifest.cards.map((c) => c.file)).join('\n'));
}

await main();
