import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { silentLogger } from '../../common/logger';
import { pngToRgba } from './bitmap';
import { procedureGuidePdf, receptionReceiptPdf, type ReceptionReceiptData } from './a4-documents';
import { createA4Printer } from './a4-printer';
import { listJobs } from '../transports/cups';
import { openCupsLab, type CupsLab } from './cups-test-helper';
import { runPrinterDiag } from './printer-diag';

const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'a4-test-'));
const suffix = `${process.pid}`;
const PDF_Q = `KIOSK_TEST_PDF_${suffix}`;
const DEAD_Q = `KIOSK_TEST_DEAD_${suffix}`;
const DEMO_Q = `KIOSK_TEST_DEMO_${suffix}`;
const outDir = join(tmp, 'out');
let lab: CupsLab;

// CUPS tests need the scheduler binary and root (lpadmin, /etc/cups); build/ installs both on
// the kiosk and CI images. Elsewhere they are skipped, loudly.
const cupsUsable = existsSync('/usr/sbin/cupsd') && existsSync('/usr/lib/cups/backend/cups-pdf') && process.getuid?.() === 0;
if (!cupsUsable) console.warn('a4-printer.test: CUPS tests SKIPPED (need /usr/sbin/cupsd, printer-driver-cups-pdf and root)');

beforeAll(async () => {
  if (!cupsUsable) return;
  lab = await openCupsLab();
  await lab.addPdfQueue(PDF_Q, outDir);
  await lab.addDeadQueue(DEAD_Q);
});
afterAll(async () => {
  if (!cupsUsable) return rmSync(tmp, { recursive: true, force: true });
  // The demo queue was made by the product code, not the lab: remove it while cupsd still runs.
  await run('cancel', ['-a', DEMO_Q]).catch(() => {});
  await run('lpadmin', ['-x', DEMO_Q]).catch(() => {});
  rmSync(`/etc/cups/cups-pdf-${DEMO_Q}.conf`, { force: true });
  await lab?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const receipt: ReceptionReceiptData = {
  parentAgency: 'UBND Thành phố Hà Nội',
  agency: 'Trung tâm Phục vụ hành chính công',
  place: 'Hà Nội',
  receiptCode: 'HN-2611-004217',
  receivingUnit: 'Bộ phận tiếp nhận: Kiosk tự phục vụ – Chi nhánh Hoàn Kiếm',
  // NFD on purpose: what a badly normalised form field would send.
  applicant: { name: 'Nguyễn Thị Hằng'.normalize('NFD'), address: 'Số 12 phố Hàng Bạc, Hoàn Kiếm, Hà Nội' },
  procedureName: 'Đăng ký thường trú',
  papers: [
    { name: 'Tờ khai thay đổi thông tin cư trú (CT01)', form: 'Bản chính', quantity: 1 },
    { name: 'Giấy tờ chứng minh chỗ ở hợp pháp', form: 'Bản sao', quantity: 1 },
  ],
  processingTime: '07 ngày làm việc',
  receivedAt: new Date(Date.UTC(2026, 10, 23, 2, 30)),
  appointmentAt: new Date(Date.UTC(2026, 11, 2, 8, 0)),
  resultDelivery: 'Bộ phận một cửa – Chi nhánh Hoàn Kiếm',
};

async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

async function pdfQr(file: string): Promise<string | null> {
  const base = join(tmp, `page-${Math.random().toString(36).slice(2)}`);
  await run('pdftoppm', ['-r', '150', '-png', '-singlefile', file, base]);
  const img = pngToRgba(readFileSync(`${base}.png`));
  return jsQR(img.data, img.width, img.height)?.data ?? null;
}

async function write(buf: Buffer, name: string): Promise<string> {
  const f = join(tmp, name);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(f, buf);
  return f;
}

describe('A4 documents (pdfkit + Be Vietnam Pro)', () => {
  it('Mẫu 01 receipt: exact Vietnamese text round-trip (NFC even from NFD input) and a readable QR', async () => {
    const f = await write(await receptionReceiptPdf(receipt), 'm01.pdf');
    const text = await pdfText(f);
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: HN-2611-004217',
      'Tiếp nhận hồ sơ của: Nguyễn Thị Hằng',
      'Nội dung yêu cầu giải quyết: Đăng ký thường trú',
      'Tờ khai thay đổi thông tin cư trú (CT01)',
      'Thời gian trả kết quả giải quyết hồ sơ: 15 giờ 00 phút',
      '02/12/2026',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
    ]) expect(text).toContain(s);
    expect(await pdfQr(f)).toBe('HN-2611-004217');
  });

  it('guidance sheet lists papers, fee, time and place as given', async () => {
    const f = await write(
      await procedureGuidePdf({
        procedureName: 'Cấp bản sao trích lục hộ tịch',
        agency: 'UBND phường Hoàn Kiếm',
        papers: [{ name: 'Tờ khai cấp bản sao trích lục hộ tịch' }, { name: 'Giấy ủy quyền', note: 'nếu nộp thay' }],
        fee: '8.000 đồng/bản',
        processingTime: 'Trong ngày làm việc',
        where: 'Bộ phận một cửa, 126 Hàng Trống',
        printedAt: new Date(Date.UTC(2026, 10, 23, 2, 30)),
        link: { payload: 'https://dichvucong.hanoi.gov.vn/tthc/1.001193', caption: 'Quét mã để nộp trực tuyến' },
      }),
      'guide.pdf',
    );
    const text = await pdfText(f);
    for (const s of ['HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH', 'Giấy ủy quyền — nếu nộp thay', '8.000 đồng/bản', 'Trong ngày làm việc', 'Quét mã để nộp trực tuyến']) expect(text).toContain(s);
    expect(await pdfQr(f)).toBe('https://dichvucong.hanoi.gov.vn/tthc/1.001193');
  });
});

describe.skipIf(!cupsUsable)('A4 printer through CUPS', () => {
  it('prints to a cups-pdf queue and follows the job to completion; the printed page carries the QR', async () => {
    const p = createA4Printer({ queue: PDF_Q, pollMs: 100 }, { logger: silentLogger });
    if (!p.ok) throw new Error(p.error.detail);
    expect(await p.value.status()).toEqual({ state: 'ready', queue: PDF_Q });
    const r = await p.value.printPdf(await receptionReceiptPdf(receipt), 'Giấy tiếp nhận hồ sơ');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const out = await lab.waitForPdf(outDir, r.value.jobId);
    // cups-pdf re-distils through PostScript, which turns text into outlines: check the page
    // as a reader would, by its QR (the text layer is checked on the PDF we send, above).
    expect(await pdfQr(out)).toBe('HN-2611-004217');
  });

  it('cancels a job stuck on an unreachable printer and says so', async () => {
    const p = createA4Printer({ queue: DEAD_Q, stuckAfterMs: 1500, pollMs: 100 }, { logger: silentLogger });
    if (!p.ok) throw new Error(p.error.detail);
    const r = await p.value.printPdf(await receptionReceiptPdf(receipt), 'stuck');
    expect(r).toMatchObject({ ok: false, error: { code: 'job-stuck' } });
    if (r.ok) return;
    expect(r.error.detail).toMatch(/cancelled/);
    const pending = await listJobs(DEAD_Q, 'not-completed');
    expect(pending.ok && pending.value).not.toContain(r.error.jobId);
  });

  it('unknown queue and non-PDF input are typed errors, not exceptions', async () => {
    const p = createA4Printer({ queue: 'NO_SUCH_QUEUE_X' }, { logger: silentLogger });
    if (!p.ok) throw new Error();
    expect(await p.value.status()).toEqual({ state: 'unknown-queue', queue: 'NO_SUCH_QUEUE_X' });
    expect(await p.value.printPdf(Buffer.from('%PDF-1.4\n'), 'x')).toMatchObject({ ok: false, error: { code: 'unknown-queue' } });
    expect(await p.value.printPdf(Buffer.from('hello'), 'x')).toMatchObject({ ok: false, error: { code: 'bad-document' } });
    expect(createA4Printer({ queue: 'bad name; rm -rf /' }, { logger: silentLogger })).toMatchObject({ ok: false, error: { code: 'bad-config' } });
  });

  it('demo mode creates its own cups-pdf queue on first use', async () => {
    const demoOut = join(tmp, 'demo');
    // The flat form a kiosk config file uses.
    const p = createA4Printer({ kind: 'simulator', queue: DEMO_Q, pollMs: 100, outDir: demoOut }, { logger: silentLogger });
    if (!p.ok) throw new Error();
    expect(await p.value.status()).toEqual({ state: 'ready', queue: DEMO_Q });
    const r = await p.value.printPdf(await receptionReceiptPdf(receipt), 'demo');
    expect(r.ok).toBe(true);
    if (r.ok) await lab.waitForPdf(demoOut, r.value.jobId);
  });

  it('kiosk diag a4: status and test page on the queue, unknown queue explained', async () => {
    expect(await runPrinterDiag('status', { queue: PDF_Q }, 'a4')).toMatchObject({ ok: true, status: 'ready' });
    const t = await runPrinterDiag('test', { config: { queue: PDF_Q, pollMs: 100 } }, 'a4');
    expect(t.ok).toBe(true);
    expect(t.lines.join('\n')).toMatch(new RegExp(`Test page ${PDF_Q}-\\d+ completed`));
    const u = await runPrinterDiag('test', { queue: 'NO_SUCH_QUEUE_Y' }, 'a4');
    expect(u).toMatchObject({ ok: false, status: 'unknown-queue' });
    expect(u.lines.join('\n')).toMatch(/lpstat -p/);
  });

  it("file mode (no CUPS, e.g. a non-root demo) writes the PDF into a folder", async () => {
    const dir = join(tmp, 'file-mode');
    const p = createA4Printer({ kind: 'file', outDir: dir }, { logger: silentLogger });
    if (!p.ok) throw new Error(p.error.detail);
    expect(await p.value.status()).toMatchObject({ state: 'ready' });
    const r = await p.value.printPdf(await receptionReceiptPdf(receipt), 'x');
    expect(r).toMatchObject({ ok: true, value: { jobId: 'file-1' } });
    expect(await pdfText(join(dir, 'file-1.pdf'))).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(createA4Printer({ kind: 'file' }, { logger: silentLogger })).toMatchObject({ ok: false, error: { code: 'bad-config' } });
  });
});
