/**
 * Renders sample documents: A4 Vietnamese text pages, a blank back, faded and blurred
 * copies, and both sides of a synthetic CCCD (MRZ in OCR-B at ICAO's 10 cpi, QR on the front).
 * Nothing is downloaded: text is drawn with the repo's Be Vietnam Pro font and the Debian
 * OCR-B font (fonts-ocr-b). Used by generate-samples.ts and by tests that need variants.
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';

const here = dirname(fileURLToPath(import.meta.url));
const fonts = join(here, '..', 'fonts');
GlobalFonts.registerFromPath(join(fonts, 'BeVietnamPro-Regular.ttf'), 'BeVietnamPro');
GlobalFonts.registerFromPath(join(fonts, 'BeVietnamPro-Bold.ttf'), 'BeVietnamProBold');
const OCRB = '/usr/share/fonts/opentype/ocr-b/OCRB.otf';
if (!GlobalFonts.registerFromPath(OCRB, 'OCRB')) throw new Error(`${OCRB} missing: apt-get install fonts-ocr-b`);

const A4_MM = { w: 210, h: 297 };
const CARD_MM = { w: 85.6, h: 53.98 };
const px = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);
const pt = (points: number, dpi: number) => Math.round((points / 72) * dpi);

/** Deterministic noise so regenerating gives the same files. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function paper(ctx: SKRSContext2D, w: number, h: number, seed: number, specks: number) {
  ctx.fillStyle = '#fbfaf6';
  ctx.fillRect(0, 0, w, h);
  const r = rng(seed);
  // Dust and sensor noise, as a real scan of white paper has.
  for (let i = 0; i < specks; i++) {
    const g = Math.floor(90 + r() * 120);
    ctx.fillStyle = `rgb(${g},${g},${g})`;
    ctx.fillRect(Math.floor(r() * w), Math.floor(r() * h), 1 + Math.floor(r() * 2), 1 + Math.floor(r() * 2));
  }
}

export const FORM_LINES = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'TỜ KHAI ĐĂNG KÝ KHAI SINH',
  'Kính gửi: Ủy ban nhân dân phường Láng Hạ, thành phố Hà Nội',
  'Họ, chữ đệm, tên người yêu cầu: Nguyễn Văn An',
  'Nơi cư trú: Số 12 ngõ 34 phố Láng Hạ, phường Láng Hạ, Hà Nội',
  'Giấy tờ tùy thân: Căn cước công dân số 001090123456',
  'Quan hệ với người được khai sinh: Cha',
  'Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:',
  'Họ, chữ đệm, tên: Nguyễn Minh Khôi',
  'Ngày, tháng, năm sinh: 12/03/2026',
  'Giới tính: Nam. Dân tộc: Kinh. Quốc tịch: Việt Nam',
  'Nơi sinh: Bệnh viện Phụ sản Hà Nội',
  'Quê quán: xã Đông Hội, huyện Đông Anh, Hà Nội',
  'Họ, chữ đệm, tên người mẹ: Trần Thị Bình',
  'Năm sinh: 1996. Dân tộc: Kinh. Quốc tịch: Việt Nam',
  'Nơi cư trú: Số 12 ngõ 34 phố Láng Hạ, phường Láng Hạ, Hà Nội',
  'Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật,',
  'được sự thống nhất của các bên liên quan và chịu trách nhiệm trước pháp luật.',
  'Làm tại: Hà Nội, ngày 23 tháng 11 năm 2026',
  'Người yêu cầu (ký, ghi rõ họ tên)',
];

export const LETTER_LINES = [
  'GIẤY ỦY QUYỀN',
  'Bên ủy quyền: Lê Thị Ánh Tuyết, sinh năm 1978',
  'Căn cước số 001178004455 do Cục Cảnh sát cấp ngày 05/06/2021',
  'Bên được ủy quyền: Đặng Quốc Bảo, sinh năm 1985',
  'Nội dung ủy quyền: thay mặt tôi nộp hồ sơ và nhận kết quả',
  'thủ tục cấp Phiếu lý lịch tư pháp tại Trung tâm Phục vụ',
  'hành chính công thành phố Hà Nội.',
  'Thời hạn ủy quyền: từ ngày ký đến ngày 31 tháng 12 năm 2026.',
  'Hai bên cam kết chịu trách nhiệm về nội dung ủy quyền này.',
];

export function textPage(lines: readonly string[], dpi: number, seed: number, opts: { blur?: number; ink?: string } = {}) {
  const w = px(A4_MM.w, dpi), h = px(A4_MM.h, dpi);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  paper(ctx, w, h, seed, 400);
  const size = pt(12, dpi);
  const left = px(25, dpi);
  let y = px(25, dpi) + size;
  if (opts.blur) ctx.filter = `blur(${opts.blur}px)`;
  ctx.fillStyle = opts.ink ?? '#1a1a1a';
  lines.forEach((line, i) => {
    const heading = i < 3 && line === line.toUpperCase();
    ctx.font = `${heading ? size + 2 : size}px ${heading ? 'BeVietnamProBold' : 'BeVietnamPro'}`;
    ctx.fillText(line, left, y);
    y += Math.round(size * 1.9);
  });
  ctx.filter = 'none';
  return c;
}

export function blankPage(dpi: number, seed: number) {
  const w = px(A4_MM.w, dpi), h = px(A4_MM.h, dpi);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  paper(ctx, w, h, seed, 1500);
  // Edge shadow along the binding side, which the 4 % margin of the blank test ignores.
  ctx.fillStyle = 'rgba(60,60,60,0.8)';
  ctx.fillRect(0, 0, px(3, dpi), h);
  return c;
}

export const SAMPLE_CARD = {
  idNumber: '001090123456',
  dateOfBirth: '1990-01-01',
  expiryDate: '2030-01-01',
  sex: 'male' as const,
  surname: 'Nguyễn',
  givenNames: 'Văn A',
  qr: '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021',
};

/** Back side of a CCCD: issuing text, fingerprint boxes, and the TD1 MRZ in OCR-B at 10 cpi. */
export function cardBack(dpi: number, mrz: readonly string[], seed: number) {
  const w = px(CARD_MM.w, dpi), h = px(CARD_MM.h, dpi);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#eef0ea';
  ctx.fillRect(0, 0, w, h);
  const r = rng(seed);
  for (let i = 0; i < 3000; i++) {
    ctx.fillStyle = `rgba(120,140,150,${0.05 + r() * 0.1})`;
    ctx.fillRect(r() * w, r() * h, 2, 2);
  }
  ctx.fillStyle = '#333';
  ctx.font = `${pt(6, dpi)}px BeVietnamPro`;
  ctx.fillText('Đặc điểm nhân dạng: Nốt ruồi C:1cm trên đầu mày phải', px(4, dpi), px(6, dpi));
  ctx.fillText('Ngày, tháng, năm: 15/04/2021', px(4, dpi), px(10, dpi));
  ctx.fillText('CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI', px(4, dpi), px(14, dpi));
  ctx.strokeStyle = '#777';
  ctx.lineWidth = 2;
  ctx.strokeRect(px(56, dpi), px(18, dpi), px(12, dpi), px(14, dpi));
  ctx.strokeRect(px(70, dpi), px(18, dpi), px(12, dpi), px(14, dpi));
  // ICAO 9303: 10 characters per inch; fit the OCR-B advance width to that pitch.
  const pitch = dpi / 10;
  let size = 40;
  ctx.font = `${size}px OCRB`;
  size = size * (pitch / ctx.measureText('<').width);
  ctx.font = `${size}px OCRB`;
  ctx.fillStyle = '#111';
  const lineGap = px(4.3, dpi);
  const x = Math.round((w - pitch * 30) / 2);
  const yLast = h - px(4, dpi);
  mrz.forEach((line, i) => {
    const y = yLast - (mrz.length - 1 - i) * lineGap;
    for (let k = 0; k < line.length; k++) ctx.fillText(line[k]!, x + k * pitch, y);
  });
  return c;
}

/** Front side with the QR, for reading the QR from a flatbed scan (jsQR). */
export async function cardFront(dpi: number, qrText: string) {
  const w = px(CARD_MM.w, dpi), h = px(CARD_MM.h, dpi);
  const c = createCanvas(w, h);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#f1ece0';
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = '#b3261e';
  ctx.font = `${pt(7, dpi)}px BeVietnamProBold`;
  ctx.fillText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', px(20, dpi), px(6, dpi));
  ctx.fillText('CĂN CƯỚC CÔNG DÂN', px(30, dpi), px(14, dpi));
  ctx.fillStyle = '#222';
  ctx.font = `${pt(6, dpi)}px BeVietnamPro`;
  ctx.fillText('Số / No.: 001090123456', px(28, dpi), px(22, dpi));
  ctx.fillText('Họ và tên / Full name: NGUYỄN VĂN A', px(28, dpi), px(28, dpi));
  ctx.fillText('Ngày sinh / Date of birth: 01/01/1990', px(28, dpi), px(33, dpi));
  ctx.fillStyle = '#c9c2b3';
  ctx.fillRect(px(4, dpi), px(18, dpi), px(20, dpi), px(27, dpi)); // photo placeholder
  const qrSize = px(17, dpi);
  const qr = createCanvas(qrSize, qrSize);
  await QRCode.toCanvas(qr as unknown as HTMLCanvasElement, qrText, { width: qrSize, margin: 1, errorCorrectionLevel: 'M' });
  ctx.drawImage(qr, w - qrSize - px(3, dpi), px(3, dpi));
  return c;
}

