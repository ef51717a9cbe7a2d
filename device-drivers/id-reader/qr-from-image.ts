import { canvasLib } from '../imaging/canvas';
import { readFile } from 'node:fs/promises';
import jsQR from 'jsqr';
import { err, ok, type Result } from '../../common/result';
import { parseCccdQr, type CccdQrError } from './cccd-qr';
import type { CccdIdentity } from './id-reader-types';

export type QrImageError = { code: 'bad-image'; detail: string } | { code: 'no-qr-found'; detail: string } | { code: 'not-a-cccd'; detail: string; qrError: CccdQrError };

/**
 * The CCCD QR read from a flatbed scan of the card's front (jsQR), for kiosks without a 2D
 * barcode reader. The card QR is ~17 mm wide, so scan at ≥ 200 dpi.
 */
export async function readCccdQrFromImage(image: string | Buffer): Promise<Result<CccdIdentity, QrImageError>> {
  let data: Uint8ClampedArray, w: number, h: number;
  try {
    const img = await canvasLib().loadImage(typeof image === 'string' ? await readFile(image) : image);
    w = img.width;
    h = img.height;
    const c = canvasLib().createCanvas(w, h);
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    data = ctx.getImageData(0, 0, w, h).data;
  } catch (e) {
    return err({ code: 'bad-image', detail: e instanceof Error ? e.message : String(e) });
  }
  const code = jsQR(data, w, h, { inversionAttempts: 'dontInvert' });
  if (!code) return err({ code: 'no-qr-found', detail: `${w}×${h} px image` });
  // jsQR decodes byte mode as Latin-1 unless ECI says otherwise; CCCD QRs carry UTF-8 bytes.
  const text = code.binaryData.length ? new TextDecoder('utf-8').decode(Uint8Array.from(code.binaryData)) : code.data;
  const parsed = parseCccdQr(text);
  return parsed.ok ? ok(parsed.value) : err({ code: 'not-a-cccd', detail: parsed.error.code, qrError: parsed.error });
}
