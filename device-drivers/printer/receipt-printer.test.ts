import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { createMemoryLogger, silentLogger } from '../../common/logger';
import { ManualClock } from '../../common/clock';
import { startReceiptPrinterSimulator, type RunningReceiptPrinterSimulator } from '../simulators/receipt-printer-simulator';
import { decodeEscPos } from '../simulators/receipt-printer-escpos-decoder';
import { bands, bitmapToPng, getDot, pngToRgba, type Bitmap } from './bitmap';
import { renderTextBlocks } from './raster-render';
import { buildEscPosJob, concatSegments } from './escpos-job';
import { dossierReceipt, paymentSlip, queueTicket } from './receipt-documents';
import { createReceiptPrinter, type ConfiguredReceiptPrinter } from './receipt-printer-config';
import type { ReceiptPrinterConfig } from './receipt-printer-config-schema';

const run = promisify(execFile);
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 30));
const tmp = mkdtempSync(join(tmpdir(), 'receipt-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dossier = dossierReceipt({
  branch: 'Trung tâm Phục vụ hành chính công Hà Nội',
  procedureName: 'Đăng ký thường trú',
  receiptCode: 'HN-2611-004217',
  appointmentDate: '05/12/2026',
  feePaid: 15000,
  submittedAt: clock.now(),
  pendingSync: false,
});

let sims: RunningReceiptPrinterSimulator[] = [];
let printers: ConfiguredReceiptPrinter[] = [];
afterEach(async () => {
  for (const p of printers) await p.close();
  for (const s of sims) await s.close();
  sims = [];
  printers = [];
});

async function setup(opts: Parameters<typeof startReceiptPrinterSimulator>[0], extra: Partial<ReceiptPrinterConfig> = {}) {
  const sim = await startReceiptPrinterSimulator(opts);
  sims.push(sim);
  const p = createReceiptPrinter({ ...sim.config, ...extra }, { logger: silentLogger, clock });
  if (!p.ok) throw new Error(p.error.detail);
  printers.push(p.value);
  return { sim, printer: p.value };
}

function decodeQr(png: Buffer): string | null {
  const img = pngToRgba(png);
  return jsQR(img.data, img.width, img.height)?.data ?? null;
}

async function ocr(png: Buffer): Promise<string> {
  const f = join(tmp, `ocr-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(f, png);
  const { stdout } = await run('tesseract', [f, 'stdout', '-l', 'vie', '--psm', '6'], { timeout: 30_000 });
  return stdout.normalize('NFC');
}

const crop = (b: Bitmap, rows: number): Bitmap => bands(b, rows)[0] ?? b;

describe('receipt printer over a serial PTY (socat) against the simulator', () => {
  it('prints the dossier receipt: same dots as rendered, QR decodes to the code, text is legible Vietnamese', async () => {
    const { sim, printer } = await setup({ transport: 'pty' });
    expect(await printer.status()).toEqual({ state: 'ready', confirmed: true });
    const r = await printer.print(dossier);
    expect(r.ok).toBe(true);
    const job = sim.control.jobs().at(-1);
    expect(job?.cut).toBe(true);
    expect(job?.errors).toEqual([]);
    // The dots the printer received are exactly the dots the driver drew (no corruption on the line).
    const textBlocks = dossier.blocks.slice(0, dossier.blocks.findIndex((b) => b.kind === 'qr'));
    const rendered = renderTextBlocks(textBlocks, 576);
    const printed = crop(job!.bitmap, rendered.height);
    // Same dots, except the odd one removed so image bytes never read as a real-time command.
    let extra = 0;
    let missing = 0;
    for (let y = 0; y < rendered.height; y++)
      for (let x = 0; x < 576; x++) {
        const a = getDot(rendered, x, y);
        const b = getDot(printed, x, y);
        if (b && !a) extra++;
        if (a && !b) missing++;
      }
    expect(extra).toBe(0);
    expect(missing).toBeLessThan(20);
    const png = sim.control.lastPrintPng()!;
    expect(decodeQr(png)).toBe('HN-2611-004217');
    const text = await ocr(png);
    expect(text).toContain('Đăng ký thường trú');
    expect(text).toContain('HN-2611-004217');
    expect(text).toContain('Thủ tục');
  });

  it('WPC1258 text mode sends the split-tone bytes and the printer shows proper Vietnamese', async () => {
    const { sim, printer } = await setup({ transport: 'pty', textMode: 'wpc1258' });
    const r = await printer.print({ kind: 'custom', blocks: [{ kind: 'text', text: 'Tiếng Việt' }] });
    expect(r.ok).toBe(true);
    expect(sim.control.jobs().at(-1)?.textLines).toEqual(['Tiếng Việt']);
  });
});

describe('receipt printer over raw TCP', () => {
  it('reports each printer condition as the matching status', async () => {
    const { sim, printer } = await setup({ transport: 'tcp' });
    const cases = [
      ['paper-near-end', { state: 'paper-near-end' }],
      ['paper-out', { state: 'paper-out' }],
      ['cover-open', { state: 'cover-open' }],
      ['offline', { state: 'offline' }],
      ['error', { state: 'error' }],
      ['ready', { state: 'ready', confirmed: true }],
    ] as const;
    for (const [cond, want] of cases) {
      sim.control.setStatus(cond);
      expect(await printer.status()).toMatchObject(want);
    }
  });

  it('refuses to print without paper, with a typed error, and prints nothing', async () => {
    const { sim, printer } = await setup({ transport: 'tcp' });
    sim.control.setStatus('paper-out');
    const r = await printer.print(dossier);
    expect(r).toMatchObject({ ok: false, error: { code: 'paper-out', bytesSent: 0, status: { state: 'paper-out' } } });
    expect(sim.control.jobs()).toHaveLength(0);
  });

  it('a printer that goes offline mid-job gives offline-during-job, and the receipt is not cut', async () => {
    const { sim, printer } = await setup({ transport: 'tcp' }, { probeEveryBytes: 2048 });
    sim.control.goOfflineAfterBytes(5000);
    const r = await printer.print(dossier);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('offline-during-job');
    expect(r.error.bytesSent).toBeGreaterThan(4000);
    expect(r.error.bytesSent).toBeLessThan(20_000);
    expect(r.error.status?.state).toBe('offline');
    expect(sim.control.jobs().at(-1)?.cut).toBe(false);
    // Back online, the reprint works.
    sim.control.setStatus('ready');
    expect((await printer.print(dossier)).ok).toBe(true);
    expect(sim.control.jobs().at(-1)?.cut).toBe(true);
  });

  it('ends up offline right after the last byte: the job is reported as failed, not printed', async () => {
    const { sim, printer } = await setup({ transport: 'tcp' }, { probeEveryBytes: 1_000_000 });
    const job = buildEscPosJob(dossier, { paperWidth: 80, textMode: 'raster' });
    if (!job.ok) throw new Error();
    // The status check before the job (DLE EOT 1 and 4, 6 bytes), then the whole job.
    sim.control.goOfflineAfterBytes(6 + concatSegments(job.value).length);
    const r = await printer.print(dossier);
    expect(r).toMatchObject({ ok: false, error: { code: 'offline-during-job' } });
  });

  it('a printer that stops answering is disconnected; nothing listening is disconnected too', async () => {
    const { sim, printer } = await setup({ transport: 'tcp' }, { statusTimeoutMs: 150 });
    sim.control.setMute(true);
    expect(await printer.status()).toMatchObject({ state: 'disconnected' });
    expect(await printer.print(dossier)).toMatchObject({ ok: false, error: { code: 'disconnected', bytesSent: 0 } });
    const dead = createReceiptPrinter({ transport: { kind: 'tcp', host: '127.0.0.1', port: 1 } }, { logger: silentLogger });
    expect(dead.ok && (await dead.value.status())).toMatchObject({ state: 'disconnected' });
  });

  it('queue ticket and payment slip on 58 mm paper: 384 dots wide, big number, only the masked card', async () => {
    const { sim, printer } = await setup({ transport: 'tcp', paperWidth: 58 });
    const t = await printer.print(queueTicket({ number: 'A-0123', field: 'Hộ tịch', branch: 'Chi nhánh Ba Đình', counterHint: '3', estimatedWait: 'khoảng 15 phút', issuedAt: clock.now() }));
    expect(t.ok).toBe(true);
    expect(sim.control.jobs().at(-1)?.bitmap.width).toBe(384);
    // The number is shrunk to fit 48 mm, not broken over two lines.
    // Tesseract sometimes doubles this font's zero ("A-O0123"); the number itself must be there.
    expect(await ocr(sim.control.lastPrintPng()!)).toMatch(/A\W?[0O]{1,2}123/);
    const slip = paymentSlip({ branch: 'Chi nhánh Ba Đình', amountVnd: 15000, method: 'Thẻ ngân hàng', cardLast4: '4242', approvalCode: 'A1B2C3', paidAt: clock.now() });
    expect(JSON.stringify(slip)).toContain('**** **** **** 4242');
    expect((await printer.print(slip)).ok).toBe(true);
    const text = await ocr(sim.control.lastPrintPng(2)!);
    // Tesseract reads this font's zero as O at times; the digits themselves are what matter.
    expect(text).toMatch(/15\.[0O]{3} đ/);
    expect(text).toContain('Thẻ ngân hàng');
    expect(text).toContain('4242');
  });

  it('a connection dropped mid-job (cable pulled) is a typed disconnected error; the next job reconnects', async () => {
    const { createServer } = await import('node:net');
    let received = 0;
    let drop = true;
    const srv = createServer((s) => {
      s.on('data', (d) => {
        received += d.length;
        // Answer status requests as a ready printer; cut the line once the job is under way.
        for (let i = 0; i + 2 < d.length; i++) if (d[i] === 0x10 && d[i + 1] === 0x04) s.write(Uint8Array.of(0x12));
        if (drop && received > 3000) s.destroy();
      });
      s.on('error', () => {});
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const addr = srv.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const p = createReceiptPrinter({ transport: { kind: 'tcp', host: '127.0.0.1', port }, probeEveryBytes: 1024, statusTimeoutMs: 300 }, { logger: silentLogger });
    if (!p.ok) throw new Error();
    printers.push(p.value);
    const r = await p.value.print(dossier);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('disconnected');
    drop = false;
    expect((await p.value.print(dossier)).ok).toBe(true);
    await p.value.close(); // the server waits for its connections before closing
    await new Promise<void>((r) => srv.close(() => r()));
  });

  it('one job at a time: a second print while printing is refused as busy', async () => {
    const { printer } = await setup({ transport: 'tcp' });
    const [a, b] = await Promise.all([printer.print(dossier), printer.print(dossier)]);
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: { code: 'busy' } });
  });

  it('logs status changes and jobs without any printed content', async () => {
    const sim = await startReceiptPrinterSimulator({});
    sims.push(sim);
    const logger = createMemoryLogger();
    const p = createReceiptPrinter(sim.config, { logger });
    if (!p.ok) throw new Error();
    printers.push(p.value);
    await p.value.print(dossier);
    const all = logger.lines.join('\n');
    expect(all).toContain('printer.job-done');
    expect(all).not.toContain('HN-2611-004217');
    expect(all).not.toContain('thường trú');
  });
});

describe('receipt printer on a USB printer-class device file', () => {
  it('writes a job into a FIFO read by the simulator (write-only: status is unconfirmed)', async () => {
    const fifo = join(tmp, 'lp0');
    await run('mkfifo', [fifo]);
    const { ReceiptPrinterSimulator } = await import('../simulators/receipt-printer-simulator');
    const sim = new ReceiptPrinterSimulator(80);
    const stream = createReadStream(fifo);
    sim.attachReadable(stream);
    // The reader's open() waits in the kernel for a writer, but already counts as a reader.
    await new Promise((r) => setTimeout(r, 50));
    const p = createReceiptPrinter({ transport: { kind: 'usb-lp', path: fifo } }, { logger: silentLogger });
    if (!p.ok) throw new Error(p.error.detail);
    printers.push(p.value);
    expect(await p.value.status()).toEqual({ state: 'ready', confirmed: false });
    expect((await p.value.print(dossier)).ok).toBe(true);
    await p.value.close();
    await new Promise<void>((r) => stream.once('close', () => r()));
    expect(sim.jobs().at(-1)?.cut).toBe(true);
    expect(decodeQr(bitmapToPng(sim.jobs().at(-1)!.bitmap))).toBe('HN-2611-004217');
  });

  it('bidirectional: reads DLE EOT replies back through the device file (a PTY stands in for /dev/usb/lp0)', async () => {
    const { openPtyPair } = await import('../transports/pty-pair');
    const { ReceiptPrinterSimulator } = await import('../simulators/receipt-printer-simulator');
    const pair = await openPtyPair();
    const sim = new ReceiptPrinterSimulator(80);
    const att = await sim.attachSerial(pair.devicePath);
    const p = createReceiptPrinter({ transport: { kind: 'usb-lp', path: pair.driverPath, bidirectional: true } }, { logger: silentLogger });
    if (!p.ok) throw new Error();
    try {
      expect(await p.value.status()).toEqual({ state: 'ready', confirmed: true });
      sim.setStatus('cover-open');
      expect(await p.value.status()).toEqual({ state: 'cover-open' });
      sim.setStatus('ready');
      expect((await p.value.print(dossier)).ok).toBe(true);
      expect(sim.jobs().at(-1)?.qrPayloads).toEqual(['HN-2611-004217']);
    } finally {
      await p.value.close();
      await att.close();
      await pair.close();
    }
  });

  it('a FIFO nobody reads (printer unplugged) is disconnected; a capture file holds a decodable job', async () => {
    const fifo = join(tmp, 'lp1');
    await run('mkfifo', [fifo]);
    const p = createReceiptPrinter({ transport: { kind: 'usb-lp', path: fifo } }, { logger: silentLogger });
    expect(p.ok && (await p.value.status())).toMatchObject({ state: 'disconnected' });
    const file = join(tmp, 'capture.bin');
    writeFileSync(file, '');
    const q = createReceiptPrinter({ transport: { kind: 'usb-lp', path: file }, textMode: 'tcvn3' }, { logger: silentLogger });
    if (!q.ok) throw new Error();
    printers.push(q.value);
    expect((await q.value.print(dossier)).ok).toBe(true);
    const decoded = decodeEscPos(readFileSync(file));
    expect(decoded.ok).toBe(true);
    expect(decoded.ok && decoded.value.some((c) => c.op === 'code-table' && c.n === 30)).toBe(true);
  });
});

describe('config', () => {
  it('rejects a bad config with a readable typed error instead of throwing', () => {
    const r = createReceiptPrinter({ paperWidth: 70, transport: { kind: 'tcp' } }, { logger: silentLogger });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-config');
      expect(r.error.detail).toMatch(/paperWidth/);
      expect(r.error.detail).toMatch(/transport.host/);
    }
  });

  it('accepts the flat device-section form of the kiosk config', async () => {
    const sim = await startReceiptPrinterSimulator({});
    sims.push(sim);
    const t = sim.config.transport;
    if (t.kind !== 'tcp') throw new Error();
    const p = createReceiptPrinter({ kind: 'tcp', host: t.host, port: t.port, paperWidth: 80, textMode: 'wpc1258' }, { logger: silentLogger });
    if (!p.ok) throw new Error(p.error.detail);
    printers.push(p.value);
    expect(p.value.description).toContain('wpc1258');
    expect(await p.value.status()).toEqual({ state: 'ready', confirmed: true });
    expect(createReceiptPrinter({ kind: 'simulator' }, { logger: silentLogger }).ok).toBe(true);
    expect(createReceiptPrinter({ kind: 'laser' }, { logger: silentLogger })).toMatchObject({ ok: false, error: { code: 'bad-config' } });
    expect(createReceiptPrinter({ kind: 'simulator', papperWidth: 58 }, { logger: silentLogger })).toMatchObject({ ok: false, error: { code: 'bad-config' } });
  });

  it('the simulator transport runs the real driver and exposes the control panel (demo mode)', async () => {
    const out = join(tmp, 'demo-out');
    const p = createReceiptPrinter({ transport: { kind: 'simulator', outDir: out } }, { logger: silentLogger, clock });
    if (!p.ok) throw new Error();
    printers.push(p.value);
    expect((await p.value.test()).ok).toBe(true);
    expect(decodeQr(p.value.simulator!.lastPrintPng()!)).toBe('KIOSK-TEST-PAGE');
    // Demo and training screens show the receipt from here.
    expect(decodeQr(readFileSync(join(out, 'job-0.png')))).toBe('KIOSK-TEST-PAGE');
    p.value.simulator!.setStatus('cover-open');
    expect(await p.value.status()).toEqual({ state: 'cover-open' });
  });
});
