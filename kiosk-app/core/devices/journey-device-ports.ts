import { readFileSync } from 'node:fs';
import { canvasLib } from '../../../device-drivers/imaging/canvas';
import { err, ok, type Result } from '../../../common/result';
import { readMrzFromImage, type IdReader } from '../../../device-drivers/id-reader';
import { bookingSlip, dossierReceipt, paymentSlip, queueTicket, receptionReceiptPdf, type A4Printer, type ReceiptPrinter } from '../../../device-drivers/printer';
import type { OcrPool, Scanner } from '../../../device-drivers/scanner';
import { loadSampleManifest, samplePath, type ScannerSimulator } from '../../../device-drivers/simulators/scanner-simulator';
import type { A4PrinterPort, DeviceError, IdentityReader, PaperScanner, ReceiptPrinterPort, ScannedPage } from '../dossier/journey-ports';
import type { Identity } from '../session/citizen-session';
import { slipQrOf } from '../../api/staff-contract';

// The journey's device ports, mapped onto the drivers. Each missing device answers with a
// typed error (the journey then offers another way), never a crash.

const missing = (device: string): DeviceError => ({ code: 'not-connected', message: `${device} not configured` });

export function identityReaderPort(reader: IdReader | null): IdentityReader {
  return {
    async readCard(timeoutMs, signal) {
      if (!reader) return err(missing('id reader'));
      if (signal?.aborted) return err({ code: 'cancelled' });
      // The reader's read() waits only for a good code; a damaged or foreign code is reported
      // on onReadError, and the citizen must hear about it now, not when the wait times out.
      let offError = () => {};
      let onAbort = () => {};
      const early = new Promise<Result<Identity, DeviceError>>((resolve) => {
        offError = reader.onReadError((e) => resolve(err({ code: e.code, message: e.detail })));
        onAbort = () => resolve(err({ code: 'cancelled' }));
        signal?.addEventListener('abort', onAbort, { once: true });
      });
      try {
        const r = await Promise.race([reader.read(timeoutMs).then((x) => (x.ok ? ok(x.value) : err<DeviceError>({ code: x.error.code, message: x.error.detail }))), early]);
        return r;
      } finally {
        offError();
        signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/**
 * A screen-sized copy of a scanned page: a 150 dpi A4 page is ~300 KB of PNG, which the
 * renderer would carry for every page; 480 px wide shows the page well enough to check it.
 */
async function previewOf(path: string): Promise<Buffer> {
  const bytes = readFileSync(path);
  try {
    const img = await canvasLib().loadImage(bytes);
    if (img.width <= PREVIEW_WIDTH) return bytes;
    const h = Math.round((img.height * PREVIEW_WIDTH) / img.width);
    const c = canvasLib().createCanvas(PREVIEW_WIDTH, h);
    c.getContext('2d').drawImage(img, 0, 0, PREVIEW_WIDTH, h);
    return c.toBuffer('image/png');
  } catch {
    return bytes;
  }
}
const PREVIEW_WIDTH = 480;

/** The card area of the glass (the corner guide), so an MRZ scan is 1 Mpx rather than A4. */
const CARD_AREA_MM = { left: 0, top: 0, width: 90, height: 60 };

export function paperScannerPort(scanner: Scanner | null, ocr: OcrPool, simulator: ScannerSimulator | null): PaperScanner {
  const samples = simulator ? loadSampleManifest() : null;
  return {
    // Demo and training: whatever page the trainer laid on the simulated glass (demo.layOnGlass) is scanned.
    async scan({ dir, source }) {
      if (!scanner) return err(missing('scanner'));
      const r = await scanner.scan({ source, mode: 'gray', dpi: 150, outDir: dir, format: 'png', dropBlankPages: false, checkReadability: true });
      if (!r.ok) return err({ code: r.error.code, message: r.error.detail });
      const pages: ScannedPage[] = [];
      for (const p of r.value.pages) {
        pages.push({ file: p.path, previewPng: await previewOf(p.path), blank: p.blank, readable: p.readability ? p.readability.readable : null });
      }
      return ok(pages);
    },
    async readMrz(dir) {
      if (!scanner) return err(missing('scanner'));
      if (simulator && samples) {
        const back = samples.cards.find((c) => c.side === 'back');
        if (back) simulator.placeOnGlass(samplePath(back.file));
      }
      const r = await scanner.scan({ source: 'flatbed', mode: 'gray', dpi: 300, outDir: dir, format: 'png', areaMm: CARD_AREA_MM, dropBlankPages: false });
      if (!r.ok) return err({ code: r.error.code, message: r.error.detail });
      const page = r.value.pages[0];
      if (!page) return err({ code: 'no-paper' });
      const engine = await ocr.get('eng');
      if (!engine.ok) return err({ code: 'ocr-unavailable', message: engine.error.code });
      const mrz = await readMrzFromImage(engine.value, page.path);
      if (!mrz.ok) return err({ code: 'rescan-needed', message: mrz.error.code });
      return ok(mrz.value.identity);
    },
  };
}

const printerError = (e: { code: string; detail: string }): DeviceError => ({ code: e.code, message: e.detail });

/** Receipts are official papers: Vietnamese, or English for a citizen who chose another language. */
const receiptLang = (lang: string): 'vi' | 'en' => (lang === 'vi' ? 'vi' : 'en');

/** The centre's customer-care hotline, printed where a citizen may need their money back. */
export const CENTRE_HOTLINE = '1900 1009';

const PAYMENT_NOTICE = {
  vi: {
    unconfirmedTitle: 'CHƯA XÁC NHẬN THANH TOÁN',
    paidTitle: 'ĐÃ THANH TOÁN - CHƯA NỘP HỒ SƠ',
    card: 'Thẻ ngân hàng',
    reference: 'Mã tham chiếu',
    time: 'Thời gian',
    unconfirmedFooter: `Nếu tiền đã bị trừ trong tài khoản, xin giữ phiếu này và mã giao dịch trong ứng dụng ngân hàng, gọi ${CENTRE_HOTLINE} hoặc hỏi nhân viên để được hoàn tiền hoặc nộp tiếp hồ sơ.`,
    paidFooter: `Hồ sơ chưa được nộp. Xin giữ phiếu này, gọi ${CENTRE_HOTLINE} hoặc đến quầy để nộp tiếp hồ sơ hoặc được hoàn tiền.`,
  },
  en: {
    unconfirmedTitle: 'PAYMENT NOT CONFIRMED',
    paidTitle: 'PAID - DOSSIER NOT SUBMITTED',
    card: 'Bank card',
    reference: 'Reference',
    time: 'Time',
    unconfirmedFooter: `If the money left your account, keep this slip and the transaction code in your bank app, and call ${CENTRE_HOTLINE} or ask staff for a refund or to complete your dossier.`,
    paidFooter: `Your dossier was not submitted. Keep this slip and call ${CENTRE_HOTLINE} or come to the counter to complete it or get a refund.`,
  },
} as const;

export function receiptPrinterPort(printer: ReceiptPrinter | null, branchName: string): ReceiptPrinterPort {
  return {
    async printDossierReceipt(d) {
      if (!printer) return err(missing('receipt printer'));
      const r = await printer.print(
        dossierReceipt({
          branch: branchName,
          procedureName: d.procedureName,
          receiptCode: d.receiptCode,
          appointmentDate: d.appointmentDate ? new Date(d.appointmentDate) : '—',
          feePaid: d.feePaid ?? null,
          paidInCash: d.paymentMethod === 'cash',
          submittedAt: new Date(d.submittedAt),
          pendingSync: d.queued,
          lang: receiptLang(d.lang),
        }),
      );
      return r.ok ? ok(undefined) : err(printerError(r.error));
    },
    async printPaymentNotice(d) {
      if (!printer) return err(missing('receipt printer'));
      const lang = receiptLang(d.lang);
      const text = PAYMENT_NOTICE[lang];
      const r = await printer.print(
        paymentSlip({
          branch: branchName,
          amountVnd: d.amount,
          method: d.method === 'vietqr' ? 'VietQR' : text.card,
          reference: d.reference,
          paidAt: new Date(d.at),
          lang,
          labels: { title: d.kind === 'paid' ? text.paidTitle : text.unconfirmedTitle, reference: text.reference, time: text.time, footer: `${d.procedureName}. ${d.kind === 'paid' ? text.paidFooter : text.unconfirmedFooter}` },
        }),
      );
      return r.ok ? ok(undefined) : err(printerError(r.error));
    },
    async printBookingSlip(d) {
      if (!printer) return err(missing('receipt printer'));
      const r = await printer.print(
        bookingSlip({
          branch: branchName, bookingCode: d.bookingCode, qrPayload: slipQrOf(d.bookingCode, d.appointmentId), start: new Date(d.start),
          pointName: d.pointName, pointAddress: d.pointAddress, pointPhone: d.pointPhone, procedureName: d.procedureName, papers: d.papers, lang: receiptLang(d.lang),
        }),
      );
      return r.ok ? ok(undefined) : err(printerError(r.error));
    },
    async printQueueTicket(d) {
      if (!printer) return err(missing('receipt printer'));
      const r = await printer.print(
        queueTicket({
          number: d.number,
          field: d.fieldName,
          branch: d.branchName,
          ...(d.counterHint ? { counterHint: d.counterHint } : {}),
          estimatedWait: receiptLang(d.lang) === 'vi' ? `khoảng ${d.estimatedWaitMinutes} phút` : `about ${d.estimatedWaitMinutes} min`,
          issuedAt: new Date(d.issuedAt),
          lang: receiptLang(d.lang),
        }),
      );
      return r.ok ? ok(undefined) : err(printerError(r.error));
    },
  };
}

export function a4PrinterPort(printer: A4Printer | null, kioskName: string): A4PrinterPort {
  return {
    async printReceiptA4(d): Promise<Result<void, DeviceError>> {
      if (!printer) return err(missing('A4 printer'));
      const receivedAt = new Date(d.submittedAt);
      const pdf = await receptionReceiptPdf({
        parentAgency: 'UBND THÀNH PHỐ HÀ NỘI',
        agency: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG',
        place: 'Hà Nội',
        receiptCode: d.receiptCode,
        receivingUnit: `Kiosk tự phục vụ – ${kioskName}`,
        applicant: { name: d.applicantName, ...(d.applicantAddress ? { address: d.applicantAddress } : {}), ...(d.phone ? { phone: d.phone } : {}) },
        procedureName: d.procedureName,
        papers: d.papers.map((name) => ({ name, form: 'Bản điện tử (bản quét)', quantity: 1 })),
        processingTime: 'Theo quy định của thủ tục',
        receivedAt,
        appointmentAt: d.appointmentDate ? new Date(d.appointmentDate) : receivedAt,
        resultDelivery: 'Bộ phận một cửa',
      });
      const r = await printer.printPdf(pdf, `Giấy tiếp nhận ${d.receiptCode}`);
      return r.ok ? ok(undefined) : err(printerError(r.error));
    },
  };
}
