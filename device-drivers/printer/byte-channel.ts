import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../common/result';
import { connectRawTcp } from '../transports/raw-tcp';
import { openUsbLp, type UsbLpHandle } from '../transports/usb-lp';

/** The byte pipe a receipt printer sits on: serial, USB device file or raw TCP. */
export interface ChannelError {
  code: 'not-found' | 'open-failed' | 'closed' | 'write-failed' | 'write-timeout' | 'no-reply';
  detail: string;
}

export interface ByteChannel {
  readonly description: string;
  /** False for write-only paths (a FIFO or a capture file): no status can be read back. */
  readonly canRead: boolean;
  open(): Promise<Result<void, ChannelError>>;
  write(bytes: Uint8Array, timeoutMs: number): Promise<Result<void, ChannelError>>;
  /** Drops unread input, writes `bytes`, waits for exactly `expect` reply bytes. */
  request(bytes: Uint8Array, expect: number, timeoutMs: number): Promise<Result<Uint8Array, ChannelError>>;
  close(): Promise<void>;
}

/** What the stream channel needs from a Node stream (SerialPort, net.Socket). */
interface Endpoint {
  /** False once the other side is gone, even before the 'close' event has been delivered. */
  isAlive(): boolean;
  write(bytes: Uint8Array): Promise<Error | null>;
  onData(cb: (b: Buffer) => void): void;
  onClose(cb: (why: string) => void): void;
  close(): Promise<void>;
}

class StreamChannel implements ByteChannel {
  readonly canRead = true;
  #endpoint: Endpoint | null = null;
  #inbox: number[] = [];
  #waiter: (() => void) | null = null;
  #closedWhy: string | null = null;

  constructor(
    readonly description: string,
    private readonly opener: () => Promise<Result<Endpoint, ChannelError>>,
  ) {}

  async open(): Promise<Result<void, ChannelError>> {
    if (this.#endpoint?.isAlive()) return ok(undefined);
    if (this.#endpoint) await this.close();
    const r = await this.opener();
    if (!r.ok) return r;
    this.#closedWhy = null;
    this.#inbox = [];
    const ep = r.value;
    ep.onData((b) => {
      for (const x of b) this.#inbox.push(x);
      this.#waiter?.();
    });
    ep.onClose((why) => {
      if (this.#endpoint === ep) this.#endpoint = null;
      this.#closedWhy = why;
      this.#waiter?.();
    });
    this.#endpoint = ep;
    return ok(undefined);
  }

  async write(bytes: Uint8Array, timeoutMs: number): Promise<Result<void, ChannelError>> {
    const ep = this.#endpoint;
    if (!ep?.isAlive()) return err({ code: 'closed', detail: this.#closedWhy ?? `${this.description} is not open` });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const res = await Promise.race([ep.write(bytes), timeout]);
    clearTimeout(timer);
    if (res === 'timeout') return err({ code: 'write-timeout', detail: `${this.description}: write of ${bytes.length} bytes did not finish in ${timeoutMs} ms` });
    if (res) {
      // The link is broken: drop it so the next open() reconnects.
      await this.close();
      return err({ code: 'write-failed', detail: `${this.description}: ${res.message}` });
    }
    return ok(undefined);
  }

  async request(bytes: Uint8Array, expect: number, timeoutMs: number): Promise<Result<Uint8Array, ChannelError>> {
    this.#inbox = [];
    const w = await this.write(bytes, timeoutMs);
    if (!w.ok) return w;
    const deadline = Date.now() + timeoutMs;
    while (this.#inbox.length < expect) {
      if (!this.#endpoint) return err({ code: 'closed', detail: this.#closedWhy ?? 'closed' });
      const left = deadline - Date.now();
      if (left <= 0) return err({ code: 'no-reply', detail: `${this.description}: no reply within ${timeoutMs} ms` });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.#waiter = null;
    }
    return ok(Uint8Array.from(this.#inbox.splice(0, expect)));
  }

  async close(): Promise<void> {
    const ep = this.#endpoint;
    this.#endpoint = null;
    await ep?.close();
  }
}

export function serialChannel(path: string, baudRate: number): ByteChannel {
  return new StreamChannel(`serial ${path}`, async () => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    const opened = await new Promise<Error | null>((r) => port.open((e) => r(e ?? null)));
    if (opened) {
      const missing = /ENOENT|No such file/.test(opened.message);
      return err({ code: missing ? 'not-found' : 'open-failed', detail: `${path}: ${opened.message}` });
    }
    return ok({
      isAlive: () => port.isOpen,
      write: (b) => new Promise((r) => port.write(Buffer.from(b), (e) => (e ? r(e) : port.drain((d) => r(d ?? null))))),
      onData: (cb) => port.on('data', cb),
      onClose: (cb) => port.once('close', () => cb(`${path} closed (unplugged?)`)),
      close: () => new Promise((r) => (port.isOpen ? port.close(() => r()) : r())),
    });
  });
}

export function tcpChannel(host: string, port: number, connectTimeoutMs = 3000): ByteChannel {
  return new StreamChannel(`tcp ${host}:${port}`, async () => {
    const r = await connectRawTcp(host, port, connectTimeoutMs);
    if (!r.ok) return err({ code: r.error.code === 'refused' || r.error.code === 'unreachable' ? 'not-found' : 'open-failed', detail: r.error.detail });
    const s = r.value;
    s.on('error', () => {}); // surfaced through 'close'
    return ok({
      isAlive: () => !s.destroyed && s.writable,
      write: (b) => new Promise((res) => (s.destroyed ? res(new Error('connection closed')) : s.write(b, (e) => res(e ?? null)))),
      onData: (cb) => s.on('data', cb),
      onClose: (cb) => s.once('close', () => cb(`${host}:${port} connection closed`)),
      close: () =>
        new Promise<void>((res) => {
          if (s.destroyed) return res();
          s.once('close', () => res());
          s.end();
          setTimeout(() => {
            s.destroy();
            res();
          }, 500).unref();
        }),
    });
  });
}

/** USB printer-class device file; `bidirectional` false for FIFOs and capture files. */
export function usbLpChannel(path: string, bidirectional: boolean): ByteChannel {
  let h: UsbLpHandle | null = null;
  return {
    description: `usb-lp ${path}`,
    get canRead() {
      return h?.readable ?? bidirectional;
    },
    async open() {
      if (h) return ok(undefined);
      const r = await openUsbLp(path, { bidirectional });
      if (!r.ok) return err({ code: r.error.code === 'not-found' || r.error.code === 'no-reader' ? 'not-found' : 'open-failed', detail: r.error.detail });
      h = r.value;
      return ok(undefined);
    },
    async write(bytes, timeoutMs) {
      if (!h) return err({ code: 'closed', detail: `${path} is not open` });
      const r = await h.writeAll(bytes, timeoutMs);
      if (r.ok) return r;
      return err({ code: r.error.code === 'timeout' ? 'write-timeout' : 'write-failed', detail: r.error.detail });
    },
    async request(bytes, expect, timeoutMs) {
      if (!h) return err({ code: 'closed', detail: `${path} is not open` });
      void (await h.read(4096, 0)); // stale replies from an earlier request are dropped
      const w = await h.writeAll(bytes, timeoutMs);
      if (!w.ok) return err({ code: 'write-failed', detail: w.error.detail });
      const r = await h.read(expect, timeoutMs);
      if (!r.ok) return err({ code: 'write-failed', detail: r.error.detail });
      if (r.value.length < expect) return err({ code: 'no-reply', detail: `${path}: no reply within ${timeoutMs} ms` });
      return ok(r.value);
    },
    async close() {
      await h?.close();
      h = null;
    },
  };
}
