import { formatHanoiDate, formatHanoiDateTime } from '../../common/hanoi-time';
import { formatVnd } from '../../common/money';
import type { ReceiptBlock, ReceiptDocument } from './printer-types';

/**
 * Pure builders: plain data in, a ReceiptDocument out. The caller passes strings already in
 * the citizen's language; the labels below are only defaults (Vietnamese or English) that any
 * caller may override. Nothing personal is taken beyond what is printed: no name, no ID
 * number, and for cards only the last four digits.
 */

export type LabelLang = 'vi' | 'en';


// ---- queue ticket ----

export interface QueueTicketLabels {
  title: string;
  field: string;
  counter: string;
  wait: string;
  time: string;
  footer: string;
}

const QUEUE_LABELS: Record<LabelLang, QueueTicketLabels> = {
  vi: { title: 'SỐ THỨ TỰ', field: 'Lĩnh vực', counter: 'Quầy', wait: 'Chờ dự kiến', time: 'Giờ lấy số', footer: 'Vui lòng chờ đến khi số của bạn được gọi.' },
  en: { title: 'QUEUE NUMBER', field: 'Service', counter: 'Counter', wait: 'Estimated wait', time: 'Issued at', footer: 'Please wait until your number is called.' },
};

export interface QueueTicketData {
  /** The number as called, e.g. "A-0123" or "1024". */
  number: string;
  /** Lĩnh vực (field of procedures), already localised. */
  field: string;
  /** Branch / centre name. */
  branch: string;
  /** Printed after the "Quầy"/"Counter" label, e.g. "3–5" or "3 (tầng 2)"; omitted when unknown. */
  counterHint?: string;
  /** Already localised, e.g. "khoảng 15 phút". */
  estimatedWait?: string;
  issuedAt: Date;
  lang?: LabelLang;
  labels?: Partial<QueueTicketLabels>;
}

export function queueTicket(d: QueueTicketData): ReceiptDocument {
  const l = { ...QUEUE_LABELS[d.lang ?? 'vi'], ...d.labels };
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.branch, align: 'center', bold: true },
    { kind: 'rule' },
    { kind: 'text', text: l.title, align: 'center', size: 'large' },
    { kind: 'text', text: d.number, align: 'center', size: 'huge' },
    { kind: 'text', text: `${l.field}: ${d.field}`, align: 'center' },
  ];
  if (d.counterHint) blocks.push({ kind: 'text', text: `${l.counter}: ${d.counterHint}`, align: 'center', bold: true });
  blocks.push({ kind: 'rule' });
  if (d.estimatedWait) blocks.push({ kind: 'pair', label: l.wait, value: d.estimatedWait });
  blocks.push({ kind: 'pair', label: l.time, value: formatHanoiDateTime(d.issuedAt) });
  blocks.push({ kind: 'text', text: l.footer, align: 'center', size: 'small' });
  return { kind: 'queue-ticket', blocks };
}

// ---- dossier receipt ----

export interface DossierReceiptLabels {
  title: string;
  procedure: string;
  code: string;
  appointment: string;
  fee: string;
  noFee: string;
  time: string;
  offlineNotice: string;
  lookup: string;
}

const DOSSIER_LABELS: Record<LabelLang, DossierReceiptLabels> = {
  vi: {
    title: 'BIÊN NHẬN HỒ SƠ',
    procedure: 'Thủ tục',
    code: 'Mã hồ sơ',
    appointment: 'Ngày hẹn trả kết quả',
    fee: 'Phí, lệ phí đã nộp',
    noFee: 'Không thu phí',
    time: 'Thời gian nộp',
    offlineNotice: 'ĐÃ NỘP — hồ sơ sẽ được gửi khi có kết nối mạng.',
    lookup: 'Quét mã QR hoặc nhập mã hồ sơ để tra cứu.',
  },
  en: {
    title: 'DOSSIER RECEIPT',
    procedure: 'Procedure',
    code: 'Dossier code',
    appointment: 'Result date',
    fee: 'Fee paid',
    noFee: 'No fee',
    time: 'Submitted at',
    offlineNotice: 'SUBMITTED — it will be sent when the kiosk is online.',
    lookup: 'Scan the QR code or enter the dossier code to check progress.',
  },
};

export interface DossierReceiptData {
  branch: string;
  procedureName: string;
  receiptCode: string;
  /** What the QR carries; defaults to the receipt code itself. */
  qrPayload?: string;
  /** Already formatted (e.g. "05/12/2026") or a Date. */
  appointmentDate: string | Date;
  /** VND, or null when the procedure is free. */
  feePaid: number | null;
  /** Printed after the amount when the fee was taken in cash by staff (a community point, a bus). */
  paidInCash?: boolean;
  submittedAt: Date;
  /** True when the kiosk was offline: the dossier sits in the outbox. */
  pendingSync: boolean;
  lang?: LabelLang;
  labels?: Partial<DossierReceiptLabels>;
}

export function dossierReceipt(d: DossierReceiptData): ReceiptDocument {
  const lang = d.lang ?? 'vi';
  const l = { ...DOSSIER_LABELS[lang], ...d.labels };
  const appointment = typeof d.appointmentDate === 'string' ? d.appointmentDate : formatHanoiDate(d.appointmentDate);
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.branch, align: 'center', bold: true },
    { kind: 'text', text: l.title, align: 'center', size: 'large' },
    { kind: 'rule' },
    { kind: 'text', text: `${l.procedure}:`, bold: true },
    { kind: 'text', text: d.procedureName },
    { kind: 'pair', label: l.code, value: d.receiptCode, bold: true },
    { kind: 'pair', label: l.appointment, value: appointment },
    { kind: 'pair', label: l.fee, value: d.feePaid === null ? l.noFee : `${formatVnd(d.feePaid, lang)}${d.paidInCash ? ` (${lang === 'vi' ? 'tiền mặt' : 'cash'})` : ''}` },
    { kind: 'pair', label: l.time, value: formatHanoiDateTime(d.submittedAt) },
  ];
  if (d.pendingSync) blocks.push({ kind: 'rule' }, { kind: 'text', text: l.offlineNotice, align: 'center', bold: true });
  blocks.push({ kind: 'qr', data: d.qrPayload ?? d.receiptCode, moduleSize: 6 });
  blocks.push({ kind: 'text', text: d.receiptCode, align: 'center', bold: true });
  blocks.push({ kind: 'text', text: l.lookup, align: 'center', size: 'small' });
  return { kind: 'dossier-receipt', blocks };
}

// ---- payment slip ----

export interface PaymentSlipLabels {
  title: string;
  amount: string;
  method: string;
  card: string;
  approval: string;
  reference: string;
  time: string;
  footer: string;
}

const PAYMENT_LABELS: Record<LabelLang, PaymentSlipLabels> = {
  vi: { title: 'BIÊN LAI THANH TOÁN', amount: 'Số tiền', method: 'Hình thức', card: 'Thẻ', approval: 'Mã chuẩn chi', reference: 'Mã giao dịch', time: 'Thời gian', footer: 'Xin cảm ơn.' },
  en: { title: 'PAYMENT SLIP', amount: 'Amount', method: 'Method', card: 'Card', approval: 'Approval code', reference: 'Transaction', time: 'Time', footer: 'Thank you.' },
};

export interface PaymentSlipData {
  branch: string;
  amountVnd: number;
  /** Already localised, e.g. "Thẻ ngân hàng" or "VietQR". */
  method: string;
  /** Last four digits of the card only; the full number never reaches this code. */
  cardLast4?: string;
  approvalCode?: string;
  reference?: string;
  paidAt: Date;
  lang?: LabelLang;
  labels?: Partial<PaymentSlipLabels>;
}

/** "**** **** **** 1234"; anything that is not exactly four digits prints as all stars. */
export function maskedPan(last4: string): string {
  return `**** **** **** ${/^\d{4}$/.test(last4) ? last4 : '****'}`;
}

export function paymentSlip(d: PaymentSlipData): ReceiptDocument {
  const lang = d.lang ?? 'vi';
  const l = { ...PAYMENT_LABELS[lang], ...d.labels };
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.branch, align: 'center', bold: true },
    { kind: 'text', text: l.title, align: 'center', size: 'large' },
    { kind: 'rule' },
    { kind: 'pair', label: l.amount, value: formatVnd(d.amountVnd, lang), bold: true },
    { kind: 'pair', label: l.method, value: d.method },
  ];
  if (d.cardLast4 !== undefined) blocks.push({ kind: 'pair', label: l.card, value: maskedPan(d.cardLast4) });
  if (d.approvalCode) blocks.push({ kind: 'pair', label: l.approval, value: d.approvalCode });
  if (d.reference) blocks.push({ kind: 'pair', label: l.reference, value: d.reference });
  blocks.push({ kind: 'pair', label: l.time, value: formatHanoiDateTime(d.paidAt) });
  blocks.push({ kind: 'rule' }, { kind: 'text', text: l.footer, align: 'center' });
  return { kind: 'payment-slip', blocks };
}

// ---- booking slip (a slot at a community service point) ----

export interface BookingSlipLabels {
  title: string;
  code: string;
  when: string;
  where: string;
  phone: string;
  procedure: string;
  bring: string;
  footer: string;
}

const BOOKING_LABELS: Record<LabelLang, BookingSlipLabels> = {
  vi: {
    title: 'PHIẾU HẸN', code: 'Mã đặt lịch', when: 'Thời gian', where: 'Địa điểm', phone: 'Điện thoại', procedure: 'Thủ tục', bring: 'Giấy tờ cần mang:',
    footer: 'Mang phiếu này và thẻ căn cước. Huỷ hẹn: nhập mã đặt lịch tại kiosk bất kỳ.',
  },
  en: {
    title: 'APPOINTMENT', code: 'Booking code', when: 'Time', where: 'Place', phone: 'Phone', procedure: 'Procedure', bring: 'Papers to bring:',
    footer: 'Bring this slip and your ID card. To cancel, enter the booking code at any kiosk.',
  },
};

export interface BookingSlipData {
  branch: string;
  bookingCode: string;
  /** What the QR carries (the code and the appointment's id), read at the point's check-in. */
  qrPayload: string;
  start: Date;
  pointName: string;
  pointAddress: string;
  pointPhone: string;
  procedureName: string;
  papers: readonly string[];
  lang?: LabelLang;
  labels?: Partial<BookingSlipLabels>;
}

/** No name and no ID number: the code and the QR are enough at the point. */
export function bookingSlip(d: BookingSlipData): ReceiptDocument {
  const l = { ...BOOKING_LABELS[d.lang ?? 'vi'], ...d.labels };
  const blocks: ReceiptBlock[] = [
    { kind: 'text', text: d.branch, align: 'center', bold: true },
    { kind: 'text', text: l.title, align: 'center', size: 'large' },
    { kind: 'rule' },
    { kind: 'pair', label: l.when, value: formatHanoiDateTime(d.start), bold: true },
    { kind: 'text', text: `${l.where}: ${d.pointName}`, bold: true },
    { kind: 'text', text: d.pointAddress },
    { kind: 'pair', label: l.phone, value: d.pointPhone },
    { kind: 'text', text: `${l.procedure}: ${d.procedureName}` },
  ];
  if (d.papers.length > 0) blocks.push({ kind: 'text', text: l.bring, bold: true }, ...d.papers.map((p): ReceiptBlock => ({ kind: 'text', text: `- ${p}`, size: 'small' })));
  blocks.push({ kind: 'rule' }, { kind: 'qr', data: d.qrPayload, moduleSize: 6 }, { kind: 'pair', label: l.code, value: d.bookingCode, bold: true }, { kind: 'text', text: l.footer, align: 'center', size: 'small' });
  return { kind: 'custom', blocks };
}

/** The diagnostics test page: shows the model, the mode and a line with every Vietnamese tone. */
export function testPage(info: { model: string; paperWidth: number; textMode: string; transport: string; printedAt: Date }): ReceiptDocument {
  return {
    kind: 'test-page',
    blocks: [
      { kind: 'text', text: 'TRANG IN THỬ / TEST PAGE', align: 'center', size: 'large' },
      { kind: 'pair', label: 'Model', value: info.model },
      { kind: 'pair', label: 'Paper', value: `${info.paperWidth} mm` },
      { kind: 'pair', label: 'Text mode', value: info.textMode },
      { kind: 'pair', label: 'Transport', value: info.transport },
      { kind: 'pair', label: 'Time', value: formatHanoiDateTime(info.printedAt) },
      { kind: 'rule' },
      { kind: 'text', text: 'Tiếng Việt: à á ả ã ạ ă ằ ắ ẳ ẵ ặ â ầ ấ ẩ ẫ ậ đ ê ề ế ể ễ ệ ô ồ ố ổ ỗ ộ ơ ờ ớ ở ỡ ợ ư ừ ứ ử ữ ự' },
      { kind: 'text', text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', align: 'center', bold: true },
      { kind: 'qr', data: 'KIOSK-TEST-PAGE', moduleSize: 5 },
    ],
  };
}
