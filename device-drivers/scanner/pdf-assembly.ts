import { pdfDocument } from '../imaging/pdf-document';
import { createWriteStream } from 'node:fs';

/** One PDF page per image, at the image's physical size (pixels / dpi), no margins. */
export function assemblePdf(pages: ReadonlyArray<{ path: string; widthPx: number; heightPx: number; dpi: number }>, outPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const doc = new (pdfDocument())({ autoFirstPage: false, info: { Title: 'Scanned document', Creator: 'Hanoi PVHCC kiosk' } });
    const out = createWriteStream(outPath);
    out.on('finish', () => resolve());
    out.on('error', reject);
    doc.on('error', reject);
    doc.pipe(out);
    for (const p of pages) {
      const w = (p.widthPx / p.dpi) * 72;
      const h = (p.heightPx / p.dpi) * 72;
      doc.addPage({ size: [w, h], margin: 0 });
      doc.image(p.path, 0, 0, { width: w, height: h });
    }
    doc.end();
  });
}
