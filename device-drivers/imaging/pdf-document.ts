import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';

// pdfkit takes about 130 ms to load (its fonts and codecs), and only an A4 print or a scanned
// PDF needs it: loaded on first use, so the kiosk's start does not pay for it.

let ctor: typeof PDFDocumentClass | null = null;

export function pdfDocument(): typeof PDFDocumentClass {
  return (ctor ??= createRequire(import.meta.url)('pdfkit') as typeof PDFDocumentClass);
}
