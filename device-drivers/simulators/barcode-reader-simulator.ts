import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../transports/pty-pair';

export interface PresentOptions {
  /** Frame terminator the simulated reader is configured for. */
  terminator?: '\r' | '\n' | '\r\n';
  /** Split the bytes into chunks of this size with a pause between, as a slow UART would. */
  chunkSize?: number;
  chunkDelayMs?: number;
  /** Line noise before the frame (e.g. 0x00 0xFF from a reader powering up). */
  garbageBefore?: Uint8Array;
}

/**
 * A 2D barcode reader on the device end of a PTY pair: the driver opens `driverPath` with
 * serialport exactly as it would a USB-serial reader. Also the demo/training mode's card
 * reader: the control API "presents" a card, sends noise, or a torn frame.
 */
export class BarcodeReaderSimulator {
  readonly driverPath: string;
  readonly #pty: PtyPair | null;
  readonly #port: SerialPort;

  private constructor(driverPath: string, port: SerialPort, pty: PtyPair | null) {
    this.driverPath = driverPath;
    this.#port = port;
    this.#pty = pty;
  }

  /** Creates its own socat PTY pair, or uses `devicePath` of an existing one. */
  static async start(opts: { devicePath?: string; driverPath?: string } = {}): Promise<BarcodeReaderSimulator> {
    let pty: PtyPair | null = null;
    let devicePath = opts.devicePath;
    let driverPath = opts.driverPath ?? '';
    if (!devicePath) {
      pty = await openPtyPair();
      devicePath = pty.devicePath;
      driverPath = pty.driverPath;
    }
    const port = new SerialPort({ path: devicePath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
    return new BarcodeReaderSimulator(driverPath, port, pty);
  }

  /** "Reads" a card: sends the QR text as the reader would. */
  async present(qrText: string, opts: PresentOptions = {}): Promise<void> {
    const body = Buffer.from(qrText + (opts.terminator ?? '\r\n'), 'utf8');
    const bytes = opts.garbageBefore ? Buffer.concat([Buffer.from(opts.garbageBefore), body]) : body;
    await this.sendRaw(bytes, opts.chunkSize, opts.chunkDelayMs);
  }

  /** A frame cut off mid-way (reader unplugged, card moved): no terminator follows. */
  async presentPartial(qrText: string, fraction = 0.5): Promise<void> {
    const b = Buffer.from(qrText, 'utf8');
    await this.sendRaw(b.subarray(0, Math.max(1, Math.floor(b.length * fraction))));
  }

  async sendGarbage(bytes: Uint8Array): Promise<void> {
    await this.sendRaw(bytes);
  }

  async sendRaw(bytes: Uint8Array, chunkSize = bytes.length, chunkDelayMs = 5): Promise<void> {
    for (let i = 0; i < bytes.length; i += Math.max(1, chunkSize)) {
      const part = bytes.subarray(i, i + Math.max(1, chunkSize));
      await new Promise<void>((res, rej) => this.#port.write(Buffer.from(part), (e) => (e ? rej(e) : res())));
      await new Promise<void>((res) => this.#port.drain(() => res()));
      if (i + chunkSize < bytes.length) await new Promise((r) => setTimeout(r, chunkDelayMs));
    }
  }

  async stop(): Promise<void> {
    if (this.#port.isOpen) await new Promise<void>((r) => this.#port.close(() => r()));
    await this.#pty?.close();
  }
}

/** Sample cards for the demo and tests (synthetic people, not real citizens). */
export const SAMPLE_CCCD_QR = {
  nguyenVanA: '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Hà Nội|15042021',
  tranThiBinh: '001196007890||Trần Thị Bình|29021996|Nữ|Số 12 ngõ 34 Láng Hạ, Phường Láng Hạ, Hà Nội|01072021',
  sixFields: '001085004321|Lê Quốc Đạt|15081985|Nam|Thôn Đông, Xã Vân Hội, Hà Nội|20052022',
} as const;
