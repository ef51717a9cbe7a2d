import { createServer, type Server, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { canvasLib } from '../imaging/canvas';
import { SerialPort } from 'serialport';
import { blit, bitmapToPng, emptyBitmap, type Bitmap } from '../printer/bitmap';
import { statusByteFor, type SimulatedCondition, type StatusRequest } from '../printer/escpos-status';
import { dotsForPaper, type PaperWidth } from '../printer/printer-types';
import { RECEIPT_FONT_FAMILY, registerReceiptFonts, renderQrBitmap } from '../printer/raster-render';
import { decodeTcvn3, decodeWpc1258 } from '../printer/vietnamese-codepages';
import { openPtyPair, type PtyPair } from '../transports/pty-pair';
import type { ReceiptPrinterConfig } from '../printer/receipt-printer-config-schema';
import { EscPosDecoder, type EscPosCommand, type EscPosDecodeError } from './receipt-printer-escpos-decoder';

/**
 * A receipt printer made of software: it reads ESC/POS bytes from a real transport (a PTY
 * or a TCP socket), answers DLE EOT with whatever status it is told to have, and draws what
 * a printer would print, so tests can read the receipt back (QR decode, OCR) and the demo and
 * training mode can show it on screen.
 */
export interface SimulatedJob {
  index: number;
  /** Bytes received for this job (init to cut). */
  bytes: number;
  /** Text-mode lines as the printer's code page decodes them (raster text is not here: OCR it). */
  textLines: string[];
  /** Payloads of the QR codes printed with GS ( k. */
  qrPayloads: string[];
  rasterCommands: number;
  errors: EscPosDecodeError[];
  /** True when the job ended with a cut; false when the printer went offline mid-job. */
  cut: boolean;
  bitmap: Bitmap;
}

export interface ReceiptPrinterSimulatorControl {
  setStatus(condition: SimulatedCondition): void;
  getStatus(): SimulatedCondition;
  /** The printer goes offline (as if the cover were opened mid-print) once `n` more bytes arrive. */
  goOfflineAfterBytes(n: number): void;
  /** Stops answering DLE EOT, like a printer that was switched off. */
  setMute(mute: boolean): void;
  jobs(): readonly SimulatedJob[];
  lastPrintPng(scale?: number): Buffer | null;
  onJob(listener: (job: SimulatedJob) => void): () => void;
  /** Bytes received in total, for tests. */
  bytesReceived(): number;
}

const LINE_DOTS = 30; // Font A 24-dot characters plus default 6-dot spacing (1/6 inch at 180/203 dpi)

export class ReceiptPrinterSimulator implements ReceiptPrinterSimulatorControl {
  readonly dots: number;
  #decoder = new EscPosDecoder();
  #condition: SimulatedCondition = 'ready';
  #offlineAfter: number | null = null;
  #mute = false;
  #jobs: SimulatedJob[] = [];
  #listeners = new Set<(j: SimulatedJob) => void>();
  #received = 0;
  // page state
  #pieces: Bitmap[] = [];
  #jobBytes = 0;
  #textLines: string[] = [];
  #qr: string[] = [];
  #raster = 0;
  #errors: EscPosDecodeError[] = [];
  #line: number[] = [];
  #hasContent = false; // text, image or QR since the last cut (feeds alone are not a receipt)
  // style state
  #align = 0;
  #bold = false;
  #w = 1;
  #h = 1;
  #table = 0;
  #qrSize = 3;
  #qrLevel: 'L' | 'M' | 'Q' | 'H' = 'L';
  #qrData: Uint8Array | null = null;

  constructor(readonly paperWidth: PaperWidth = 80) {
    this.dots = dotsForPaper(paperWidth);
  }

  setStatus(condition: SimulatedCondition): void {
    const wasPrinting = this.#printable();
    this.#condition = condition;
    if (wasPrinting && !this.#printable()) this.#abortJob();
  }
  getStatus(): SimulatedCondition {
    return this.#condition;
  }
  goOfflineAfterBytes(n: number): void {
    this.#offlineAfter = Math.max(0, n);
  }
  setMute(mute: boolean): void {
    this.#mute = mute;
  }
  jobs(): readonly SimulatedJob[] {
    return this.#jobs;
  }
  lastPrintPng(scale = 1): Buffer | null {
    const j = this.#jobs.at(-1);
    return j ? bitmapToPng(j.bitmap, scale) : null;
  }
  onJob(listener: (job: SimulatedJob) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  bytesReceived(): number {
    return this.#received;
  }

  #printable(): boolean {
    return this.#condition === 'ready' || this.#condition === 'paper-near-end';
  }

  /** Feeds bytes from the wire; returns the bytes the printer sends back. */
  receive(chunk: Uint8Array): Uint8Array {
    const replies: number[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      let part = rest;
      if (this.#offlineAfter !== null) {
        if (this.#offlineAfter === 0) {
          this.#offlineAfter = null;
          this.setStatus('offline');
          continue;
        }
        part = rest.slice(0, this.#offlineAfter);
        this.#offlineAfter -= part.length;
      }
      rest = rest.slice(part.length);
      this.#received += part.length;
      if (this.#printable()) this.#jobBytes += part.length;
      for (const item of this.#decoder.push(part)) {
        if (item.kind === 'error') {
          if (this.#printable()) this.#errors.push(item.error);
          continue;
        }
        const c = item.command;
        if (c.op === 'status-request') {
          if (!this.#mute) replies.push(statusByteFor(this.#condition, c.n as StatusRequest));
          continue;
        }
        // Like Epson printers, act on DLE EOT even inside image or QR data: a driver that
        // sends such bytes gets replies it never asked for (and misreads its next status).
        if (c.op === 'raster' || c.op === 'qr-store') {
          const data = c.op === 'raster' ? c.bitmap.data : c.data;
          for (let i = 0; i + 2 < data.length; i++) {
            const n = data[i + 2] ?? 0;
            if (data[i] === 0x10 && data[i + 1] === 0x04 && n >= 1 && n <= 4 && !this.#mute) replies.push(statusByteFor(this.#condition, n as StatusRequest));
          }
        }
        // Offline, out of paper or with the cover open, a printer drops what it cannot print.
        if (this.#printable()) this.#apply(c);
      }
      if (this.#offlineAfter === 0) {
        this.#offlineAfter = null;
        this.setStatus('offline');
      }
    }
    return Uint8Array.from(replies);
  }

  #apply(c: EscPosCommand): void {
    switch (c.op) {
      case 'init':
        this.#align = 0;
        this.#bold = false;
        this.#w = this.#h = 1;
        this.#table = 0;
        return;
      case 'text':
        for (const b of c.bytes) this.#line.push(b);
        return;
      case 'lf':
        this.#printLine(true);
        return;
      case 'cr':
      case 'tab':
      case 'setting':
      case 'underline':
      case 'font':
      case 'status-request':
      case 'qr-model':
        return;
      case 'print-mode':
        this.#bold = (c.n & 0x08) !== 0;
        this.#h = c.n & 0x10 ? 2 : 1;
        this.#w = c.n & 0x20 ? 2 : 1;
        return;
      case 'code-table':
        this.#table = c.n;
        return;
      case 'align':
        this.#align = Math.min(2, c.n);
        return;
      case 'bold':
        this.#bold = c.on;
        return;
      case 'size':
        this.#w = c.width;
        this.#h = c.height;
        return;
      case 'feed-lines':
        this.#printLine(false);
        this.#pieces.push(emptyBitmap(this.dots, c.n * LINE_DOTS));
        return;
      case 'feed-dots':
        this.#printLine(false);
        this.#pieces.push(emptyBitmap(this.dots, c.n));
        return;
      case 'raster': {
        this.#printLine(false);
        this.#raster++;
        this.#hasContent = true;
        const page = emptyBitmap(this.dots, c.bitmap.height * (c.mode & 2 ? 2 : 1));
        const x = this.#align === 1 ? Math.floor((this.dots - c.bitmap.width) / 2) : this.#align === 2 ? this.dots - c.bitmap.width : 0;
        blit(page, c.bitmap, Math.max(0, x), 0);
        this.#pieces.push(page);
        return;
      }
      case 'qr-size':
        this.#qrSize = c.n;
        return;
      case 'qr-error-level':
        this.#qrLevel = c.level;
        return;
      case 'qr-store':
        this.#qrData = c.data;
        return;
      case 'qr-print': {
        this.#printLine(false);
        if (!this.#qrData) return;
        const text = Buffer.from(this.#qrData).toString('latin1');
        try {
          this.#pieces.push(renderQrBitmap(text, this.#qrSize, this.dots, this.#qrLevel));
          this.#qr.push(text);
          this.#hasContent = true;
        } catch (e) {
          this.#errors.push({ code: 'bad-parameter', offset: this.#received, detail: `QR cannot be drawn: ${(e as Error).message}` });
        }
        return;
      }
      case 'cut':
        this.#printLine(false);
        if (c.feed) this.#pieces.push(emptyBitmap(this.dots, c.feed));
        this.#finishJob(true);
        return;
    }
  }

  #decodeLine(bytes: Uint8Array): string {
    if (this.#table === 52 || this.#table === 94) return decodeWpc1258(bytes);
    if (this.#table === 30 || this.#table === 31 || this.#table === 27) return decodeTcvn3(bytes);
    return Buffer.from(bytes).toString('latin1');
  }

  /** Prints the text buffer in Font A cells (12×24 dots, scaled by GS !). */
  #printLine(lineFeed: boolean): void {
    if (this.#line.length === 0) {
      if (lineFeed) this.#pieces.push(emptyBitmap(this.dots, LINE_DOTS * this.#h));
      return;
    }
    const text = this.#decodeLine(Uint8Array.from(this.#line));
    this.#line = [];
    this.#hasContent = true;
    this.#textLines.push(text);
    registerReceiptFonts();
    const chars = [...text];
    const cell = 12 * this.#w;
    const height = LINE_DOTS * this.#h;
    const canvas = canvasLib().createCanvas(this.dots, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, this.dots, height);
    ctx.fillStyle = '#000';
    ctx.font = `${19 * this.#h}px ${this.#bold ? RECEIPT_FONT_FAMILY.bold : RECEIPT_FONT_FAMILY.regular}`;
    const width = chars.length * cell;
    const x0 = this.#align === 1 ? Math.floor((this.dots - width) / 2) : this.#align === 2 ? this.dots - width : 0;
    chars.forEach((ch, k) => ctx.fillText(ch, Math.max(0, x0) + k * cell, 25 * this.#h, cell));
    const img = ctx.getImageData(0, 0, this.dots, height);
    const b = emptyBitmap(this.dots, height);
    for (let y = 0; y < height; y++) for (let x = 0; x < this.dots; x++) if ((img.data[(y * this.dots + x) * 4] ?? 255) < 128) b.data[y * (this.dots >> 3) + (x >> 3)]! |= 0x80 >> (x & 7);
    this.#pieces.push(b);
  }

  #abortJob(): void {
    if (this.#hasContent || this.#line.length > 0) this.#finishJob(false);
    else {
      this.#pieces = [];
      this.#jobBytes = 0;
    }
  }

  #finishJob(cut: boolean): void {
    const height = this.#pieces.reduce((h, p) => h + p.height, 0);
    const bitmap = emptyBitmap(this.dots, height);
    let y = 0;
    for (const p of this.#pieces) {
      bitmap.data.set(p.data.subarray(0, (p.width >> 3) * p.height), y * (this.dots >> 3));
      y += p.height;
    }
    const job: SimulatedJob = {
      index: this.#jobs.length,
      bytes: this.#jobBytes,
      textLines: this.#textLines,
      qrPayloads: this.#qr,
      rasterCommands: this.#raster,
      errors: this.#errors,
      cut,
      bitmap,
    };
    this.#jobs.push(job);
    this.#pieces = [];
    this.#textLines = [];
    this.#qr = [];
    this.#raster = 0;
    this.#errors = [];
    this.#jobBytes = 0;
    this.#line = [];
    this.#hasContent = false;
    for (const l of this.#listeners) l(job);
  }

  // ---- transports ----

  /** Serves the printer on a TCP port (raw 9100 style). Port 0 picks a free one. */
  async listenTcp(port = 0, host = '127.0.0.1'): Promise<{ host: string; port: number; close(): Promise<void> }> {
    const sockets = new Set<Socket>();
    const server: Server = createServer((s) => {
      sockets.add(s);
      s.on('data', (d) => {
        const r = this.receive(d);
        if (r.length) s.write(r);
      });
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(port, host, () => r()));
    const addr = server.address();
    const actual = typeof addr === 'object' && addr ? addr.port : port;
    return {
      host,
      port: actual,
      close: () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
    };
  }

  /** Sits on the device end of a serial line (a PTY from openPtyPair, or a real port). */
  async attachSerial(path: string): Promise<{ close(): Promise<void> }> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    port.on('data', (d: Buffer) => {
      const r = this.receive(d);
      if (r.length) port.write(Buffer.from(r));
    });
    return { close: () => new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r())) };
  }

  /** Reads a one-way stream (a FIFO standing in for /dev/usb/lp0); replies go nowhere. */
  attachReadable(stream: Readable): void {
    stream.on('data', (d: Buffer) => this.receive(d));
  }
}

export interface RunningReceiptPrinterSimulator {
  /** A config createReceiptPrinter accepts, pointing the real driver at this simulator. */
  config: ReceiptPrinterConfig;
  control: ReceiptPrinterSimulatorControl;
  simulator: ReceiptPrinterSimulator;
  close(): Promise<void>;
}

/**
 * Starts a simulator on a real transport: 'tcp' (loopback, default; no socat needed) or 'pty'
 * (a socat PTY pair, the driver uses the serial transport). With `outDir`, each printed
 * receipt is also written there as job-<n>.png for the demo and training screens.
 */
export async function startReceiptPrinterSimulator(
  options: { transport?: 'tcp' | 'pty'; paperWidth?: PaperWidth; textMode?: ReceiptPrinterConfig['textMode']; outDir?: string; port?: number } = {},
): Promise<RunningReceiptPrinterSimulator> {
  const paperWidth = options.paperWidth ?? 80;
  const sim = new ReceiptPrinterSimulator(paperWidth);
  if (options.outDir) {
    const dir = options.outDir;
    mkdirSync(dir, { recursive: true });
    sim.onJob((j) => writeFileSync(join(dir, `job-${j.index}.png`), bitmapToPng(j.bitmap)));
  }
  const base = { model: 'Simulated ESC/POS printer', paperWidth, textMode: options.textMode ?? 'raster' } as const;
  if (options.transport === 'pty') {
    const pair: PtyPair = await openPtyPair();
    const att = await sim.attachSerial(pair.devicePath);
    return {
      config: { ...base, transport: { kind: 'serial', path: pair.driverPath, baudRate: 115200 } },
      control: sim,
      simulator: sim,
      close: async () => {
        await att.close();
        await pair.close();
      },
    };
  }
  const srv = await sim.listenTcp(options.port ?? 0);
  return {
    config: { ...base, transport: { kind: 'tcp', host: srv.host, port: srv.port } },
    control: sim,
    simulator: sim,
    close: () => srv.close(),
  };
}
