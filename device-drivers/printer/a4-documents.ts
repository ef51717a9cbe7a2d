import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type PDFDocument from 'pdfkit';
import { hanoiParts } from '../../common/hanoi-time';
import { pdfDocument } from '../imaging/pdf-document';
import QRCode from 'qrcode';

/**
 * A4 PDFs for the CUPS printer, drawn with pdfkit and the embedded Be Vietnam Pro TTF (every
 * Vietnamese glyph; a subset font would drop letters silently). Every string is NFC-normalised
 * before drawing: NFD input renders but extracts scrambled, and the city's systems search NFC.
 */

const FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

export interface A4Fonts {
  regular: string;
  bold: string;
}

const defaultFonts = (): A4Fonts => ({ regular: join(FONT_DIR, 'BeVietnamPro-Regular.ttf'), bold: join(FONT_DIR, 'BeVietnamPro-Bold.ttf') });

type Doc = InstanceType<typeof PDFDocument>;

const n = (s: string) => s.normalize('NFC');

function startDoc(title: string, fonts: A4Fonts): { doc: Doc; done: Promise<Buffer> } {
  // Margins after Nghị định 30/2020: left 30 mm, right 20 mm, top and bottom 20 mm.
  const doc = new (pdfDocument())({ size: 'A4', margins: { top: 57, bottom: 57, left: 85, right: 57 }, info: { Title: n(title), Producer: 'Hanoi PVHCC kiosk' } });
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  doc.font('R');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

async function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}

const CONTENT_WIDTH = 595.28 - 85 - 57;

// ---- Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Thông tư 01/2018/TT-VPCP) ----

export interface ReceivedPaper {
  name: string;
  /** Bản chính / Bản sao / Bản sao chứng thực / Bản điện tử … */
  form: string;
  quantity: number;
}

export interface ReceptionReceiptData {
  /** Cơ quan chủ quản, e.g. "UBND THÀNH PHỐ HÀ NỘI". */
  parentAgency: string;
  /** e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG". */
  agency: string;
  /** Số of the receipt, e.g. "1234/TNHS"; empty to leave a blank. */
  documentNumber?: string;
  place: string;
  receiptCode: string;
  qrPayload?: string;
  /** Bộ phận tiếp nhận, e.g. "Kiosk tự phục vụ – Chi nhánh Hoàn Kiếm". */
  receivingUnit: string;
  applicant: { name: string; address?: string; phone?: string; email?: string };
  procedureName: string;
  papers: ReceivedPaper[];
  dossierSets?: number;
  /** Thời gian giải quyết theo quy định, e.g. "05 ngày làm việc". */
  processingTime: string;
  receivedAt: Date;
  appointmentAt: Date;
  /** Đăng ký nhận kết quả tại, e.g. "Bộ phận một cửa" or "Dịch vụ bưu chính". */
  resultDelivery: string;
  /** Name of the staff member who received it; blank for the kiosk. */
  receiverName?: string;
}

export async function receptionReceiptPdf(d: ReceptionReceiptData, fonts: A4Fonts = defaultFonts()): Promise<Buffer> {
  const { doc, done } = startDoc('Giấy tiếp nhận hồ sơ và hẹn trả kết quả', fonts);
  const left = doc.page.margins.left;
  const colW = CONTENT_WIDTH / 2 + 10;
  const rightX = left + CONTENT_WIDTH / 2 - 10;
  const top = doc.page.margins.top;
  const issued = hanoiParts(d.receivedAt);

  // Header: agency on the left, quốc hiệu and tiêu ngữ on the right.
  const leftW = CONTENT_WIDTH / 2 - 10;
  doc.font('R').fontSize(11).text(n(d.parentAgency.toUpperCase()), left - 30, top, { width: leftW + 20, align: 'center' });
  doc.font('B').fontSize(11).text(n(d.agency.toUpperCase()), left - 30, doc.y, { width: leftW + 20, align: 'center' });
  const leftBottom = doc.y;
  doc.moveTo(left - 30 + (leftW + 20) / 2 - 30, leftBottom + 2).lineTo(left - 30 + (leftW + 20) / 2 + 30, leftBottom + 2).stroke();
  doc.font('R').fontSize(12).text(n(`Số: ${d.documentNumber ?? '........'}`), left - 30, leftBottom + 8, { width: leftW + 20, align: 'center' });

  doc.font('B').fontSize(12).text(n('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'), rightX, top, { width: colW + 30, align: 'center' });
  doc.font('B').fontSize(13).text(n('Độc lập - Tự do - Hạnh phúc'), rightX, doc.y, { width: colW + 30, align: 'center' });
  const mottoBottom = doc.y;
  const mottoW = doc.widthOfString(n('Độc lập - Tự do - Hạnh phúc'));
  doc.moveTo(rightX + (colW + 30 - mottoW) / 2, mottoBottom + 1).lineTo(rightX + (colW + 30 + mottoW) / 2, mottoBottom + 1).stroke();
  doc.font('R').fontSize(13).text(n(`${d.place}, ngày ${issued.day} tháng ${issued.month} năm ${issued.year}`), rightX, mottoBottom + 8, { width: colW + 30, align: 'center', oblique: true });

  // Title, code and QR.
  const titleY = Math.max(doc.y, leftBottom + 30) + 24;
  doc.font('B').fontSize(14).text(n('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ'), left, titleY, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('B').fontSize(13).text(n(`Mã hồ sơ: ${d.receiptCode}`), left, doc.y + 4, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('R').fontSize(11).text(n('(Liên: Giao người nộp hồ sơ)'), left, doc.y, { width: CONTENT_WIDTH, align: 'center', oblique: true });
  const qrSize = 80;
  doc.image(await qrPng(d.qrPayload ?? d.receiptCode), left + CONTENT_WIDTH - qrSize, titleY + 48, { width: qrSize, height: qrSize });

  const bodyWidth = CONTENT_WIDTH - qrSize - 10;
  const body = (label: string, value: string) => {
    doc.font('R').fontSize(13).text(n(label), left, doc.y + 3, { continued: true, width: bodyWidth }).font('B').text(n(value), { width: bodyWidth });
  };
  doc.y += 12;
  doc.font('R').fontSize(13).text(n(d.receivingUnit), left, doc.y + 3, { width: bodyWidth });
  body('Tiếp nhận hồ sơ của: ', d.applicant.name);
  if (d.applicant.address) body('Địa chỉ: ', d.applicant.address);
  if (d.applicant.phone || d.applicant.email) body('Số điện thoại: ', `${d.applicant.phone ?? '........'}     Email: ${d.applicant.email ?? '........'}`);
  body('Nội dung yêu cầu giải quyết: ', d.procedureName);

  doc.font('R').fontSize(13).text(n('1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ gồm:'), left, doc.y + 6, { width: CONTENT_WIDTH });
  // Table: TT | Tên giấy tờ | Hình thức | Số lượng
  const cols = [30, CONTENT_WIDTH - 30 - 110 - 60, 110, 60];
  const header = ['TT', 'Tên giấy tờ', 'Hình thức', 'Số lượng'];
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    doc.font(bold ? 'B' : 'R').fontSize(12);
    const heights = cells.map((c, i) => doc.heightOfString(n(c), { width: (cols[i] ?? 50) - 8 }));
    const h = Math.max(...heights) + 6;
    if (y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y0 = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const w = cols[i] ?? 50;
      doc.rect(x, y0, w, h).stroke();
      doc.text(n(c), x + 4, y0 + 3, { width: w - 8, align: i === 1 ? 'left' : 'center' });
      x += w;
    });
    doc.y = y0 + h;
  };
  doc.y += 4;
  row(header, true);
  d.papers.forEach((p, i) => row([String(i + 1), p.name, p.form, String(p.quantity).padStart(2, '0')], false));
  doc.x = left;

  const line = (text: string) => doc.font('R').fontSize(13).text(n(text), left, doc.y + 5, { width: CONTENT_WIDTH });
  const recv = hanoiParts(d.receivedAt);
  const appt = hanoiParts(d.appointmentAt);
  line(`2. Số lượng hồ sơ: ${String(d.dossierSets ?? 1).padStart(2, '0')} (bộ)`);
  line(`3. Thời gian giải quyết hồ sơ theo quy định là: ${d.processingTime}`);
  line(`4. Thời gian nhận hồ sơ: ${recv.hour} giờ ${recv.minute} phút, ngày ${recv.day}/${recv.month}/${recv.year}`);
  line(`5. Thời gian trả kết quả giải quyết hồ sơ: ${appt.hour} giờ ${appt.minute} phút, ngày ${appt.day}/${appt.month}/${appt.year}`);
  line(`6. Đăng ký nhận kết quả tại: ${d.resultDelivery}`);
  line('Vào Sổ theo dõi hồ sơ, Quyển số: ........ Số thứ tự: ........');

  // Signature blocks.
  if (doc.y > doc.page.height - doc.page.margins.bottom - 120) doc.addPage();
  const sigY = doc.y + 24;
  const half = CONTENT_WIDTH / 2;
  doc.font('B').fontSize(13).text(n('NGƯỜI NỘP HỒ SƠ'), left, sigY, { width: half, align: 'center' });
  doc.font('R').fontSize(12).text(n('(Ký và ghi rõ họ tên)'), left, doc.y, { width: half, align: 'center', oblique: true });
  doc.font('B').fontSize(13).text(n('NGƯỜI TIẾP NHẬN HỒ SƠ'), left + half, sigY, { width: half, align: 'center' });
  doc.font('R').fontSize(12).text(n('(Ký và ghi rõ họ tên)'), left + half, doc.y, { width: half, align: 'center', oblique: true });
  doc.font('B').fontSize(13).text(n(d.applicant.name), left, sigY + 90, { width: half, align: 'center' });
  if (d.receiverName) doc.font('B').fontSize(13).text(n(d.receiverName), left + half, sigY + 90, { width: half, align: 'center' });
  doc.end();
  return done;
}

// ---- Procedure guidance sheet ----

export interface ProcedureGuideData {
  procedureName: string;
  /** Mã thủ tục on the national portal, when known. */
  procedureCode?: string;
  agency: string;
  papers: { name: string; note?: string }[];
  fee: string;
  processingTime: string;
  where: string;
  notes?: string[];
  /** A QR the citizen can scan to open the procedure online. */
  link?: { payload: string; caption: string };
  printedAt: Date;
  /** Section labels; Vietnamese by default. */
  labels?: Partial<Record<'title' | 'papers' | 'fee' | 'time' | 'where' | 'notes' | 'printed', string>>;
}

export async function procedureGuidePdf(d: ProcedureGuideData, fonts: A4Fonts = defaultFonts()): Promise<Buffer> {
  const l = {
    title: 'HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH',
    papers: 'Thành phần hồ sơ',
    fee: 'Phí, lệ phí',
    time: 'Thời hạn giải quyết',
    where: 'Nơi tiếp nhận và trả kết quả',
    notes: 'Lưu ý',
    printed: 'In lúc',
    ...d.labels,
  };
  const { doc, done } = startDoc(`${l.title}: ${d.procedureName}`, fonts);
  const left = doc.page.margins.left;
  doc.font('R').fontSize(12).text(n(d.agency.toUpperCase()), left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('B').fontSize(15).text(n(l.title), left, doc.y + 10, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('B').fontSize(14).text(n(d.procedureName), left, doc.y + 6, { width: CONTENT_WIDTH, align: 'center' });
  if (d.procedureCode) doc.font('R').fontSize(11).text(n(`Mã thủ tục: ${d.procedureCode}`), left, doc.y + 2, { width: CONTENT_WIDTH, align: 'center' });
  const heading = (t: string) => doc.font('B').fontSize(13).text(n(t), left, doc.y + 14, { width: CONTENT_WIDTH });
  const para = (t: string) => doc.font('R').fontSize(13).text(n(t), left + 14, doc.y + 3, { width: CONTENT_WIDTH - 14 });
  heading(`1. ${l.papers}`);
  d.papers.forEach((p, i) => para(`${i + 1}) ${p.name}${p.note ? ` — ${p.note}` : ''}`));
  heading(`2. ${l.fee}`);
  para(d.fee);
  heading(`3. ${l.time}`);
  para(d.processingTime);
  heading(`4. ${l.where}`);
  para(d.where);
  if (d.notes?.length) {
    heading(`5. ${l.notes}`);
    for (const t of d.notes) para(`• ${t}`);
  }
  if (d.link) {
    const y = doc.y + 16;
    doc.image(await qrPng(d.link.payload), left, y, { width: 90, height: 90 });
    doc.font('R').fontSize(12).text(n(d.link.caption), left + 100, y + 30, { width: CONTENT_WIDTH - 100 });
    doc.y = y + 96;
  }
  const t = hanoiParts(d.printedAt);
  doc.font('R').fontSize(10).text(n(`${l.printed} ${t.hour}:${t.minute} ${t.day}/${t.month}/${t.year}`), left, doc.y + 12, { width: CONTENT_WIDTH, align: 'right' });
  doc.end();
  return done;
}

// ---- End-of-shift report (a community point, a bus) ----

export interface ShiftReportData {
  /** e.g. "Nhà văn hoá phường Ba Đình (NVH-BD01)". */
  place: string;
  /** The staff member, as the city names them (no ID number). */
  staff: string;
  from: Date;
  to: Date;
  /** Dossiers by procedure. */
  dossiers: { name: string; count: number }[];
  /** Fees by method, already localised: e.g. "Tiền mặt", 3, "150.000 ₫". */
  fees: { method: string; count: number; amount: string }[];
  feesTotal: string;
  appointments: { label: string; count: number }[];
  /** Dossiers not yet confirmed by the city, with the oldest's time; none: an empty list. */
  unsent: { count: number; since: Date | null };
  printedAt: Date;
}

/** A plain table report on A4: what the shift took, what it collected, what is still to send. */
export async function shiftReportPdf(d: ShiftReportData, fonts: A4Fonts = defaultFonts()): Promise<Buffer> {
  const { doc, done } = startDoc(`Báo cáo ca làm việc ${d.place}`, fonts);
  const left = doc.page.margins.left;
  const time = (at: Date) => {
    const t = hanoiParts(at);
    return `${t.hour}:${t.minute} ${t.day}/${t.month}/${t.year}`;
  };
  doc.font('R').fontSize(12).text(n('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG HÀ NỘI'), left, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('B').fontSize(16).text(n('BÁO CÁO CA LÀM VIỆC'), left, doc.y + 10, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('R').fontSize(12).text(n(d.place), left, doc.y + 4, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('R').fontSize(12).text(n(`Nhân viên: ${d.staff} · Từ ${time(d.from)} đến ${time(d.to)}`), left, doc.y + 4, { width: CONTENT_WIDTH, align: 'center' });
  const heading = (t: string) => doc.font('B').fontSize(13).text(n(t), left, doc.y + 16, { width: CONTENT_WIDTH });
  const row = (label: string, value: string, bold = false) => {
    const y = doc.y + 4;
    doc.font(bold ? 'B' : 'R').fontSize(12).text(n(label), left + 14, y, { width: CONTENT_WIDTH - 160 });
    const after = doc.y;
    doc.font(bold ? 'B' : 'R').fontSize(12).text(n(value), left + CONTENT_WIDTH - 140, y, { width: 140, align: 'right' });
    doc.y = Math.max(after, doc.y);
  };
  const total = d.dossiers.reduce((a, x) => a + x.count, 0);
  heading(`1. Hồ sơ đã tiếp nhận: ${total}`);
  if (d.dossiers.length === 0) row('Không có hồ sơ nào trong ca.', '');
  for (const x of d.dossiers) row(x.name, String(x.count));
  heading('2. Phí, lệ phí đã thu');
  for (const f of d.fees) row(`${f.method} (${f.count})`, f.amount);
  row('Tổng cộng', d.feesTotal, true);
  heading('3. Lịch hẹn trong ngày');
  for (const a of d.appointments) row(a.label, String(a.count));
  heading('4. Chưa gửi lên hệ thống');
  row(d.unsent.count === 0 ? 'Tất cả hồ sơ đã gửi.' : `Còn ${d.unsent.count} hồ sơ chưa gửi${d.unsent.since ? `, từ ${time(d.unsent.since)}` : ''}.`, '');
  doc.font('R').fontSize(10).text(n(`In lúc ${time(d.printedAt)}`), left, doc.y + 18, { width: CONTENT_WIDTH, align: 'right' });
  doc.end();
  return done;
}

/** The A4 test page for diagnostics: every Vietnamese vowel with its marks and a QR, on the named printer. */
export function a4TestPagePdf(printerDescription: string, printedAt: Date, fonts: A4Fonts = defaultFonts()): Promise<Buffer> {
  return procedureGuidePdf(
    {
      procedureName: 'TRANG IN THỬ / TEST PAGE',
      agency: 'Trung tâm Phục vụ hành chính công Hà Nội',
      papers: [{ name: 'Tiếng Việt: à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ ê ề ế ể ễ ệ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ ư ừ ứ ử ữ ự' }],
      fee: '—',
      processingTime: '—',
      where: printerDescription,
      link: { payload: 'KIOSK-A4-TEST-PAGE', caption: 'QR kiểm tra / test QR' },
      printedAt,
    },
    fonts,
  );
}
