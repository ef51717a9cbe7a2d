import { SerialPort } from 'serialport';

// A serial port seen as a stream of bytes that can be awaited one at a time with a
// deadline: what a half-duplex ENQ/ACK protocol needs. Shared by the driver and the
// simulator so both ends read the wire the same way.

export type ReadResult = number | 'timeout' | 'closed' | 'aborted';

export class ByteLink {
  readonly #port: SerialPort;
  readonly #buf: number[] = [];
  #waiter: ((r: ReadResult) => void) | undefined;
  #closed = false;
  readonly #closeListeners = new Set<() => void>();

  private constructor(port: SerialPort) {
    this.#port = port;
    port.on('data', (d: Buffer) => {
      for (const b of d) this.#buf.push(b);
      this.#wake();
    });
    port.on('close', () => {
      this.#closed = true;
      this.#wake();
      for (const l of this.#closeListeners) l();
    });
    // serialport emits 'error' for a vanished device; 'close' follows, which is what we act on.
    port.on('error', () => {});
  }

  static open(path: string, baudRate: number): Promise<ByteLink | Error> {
    return new Promise((resolve) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false });
      port.open((e) => resolve(e ? e : new ByteLink(port)));
    });
  }

  get isOpen(): boolean {
    return !this.#closed && this.#port.isOpen;
  }

  onClose(listener: () => void): () => void {
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  #wake(): void {
    const w = this.#waiter;
    if (!w) return;
    const b = this.#buf.shift();
    if (b !== undefined) {
      this.#waiter = undefined;
      w(b);
    } else if (this.#closed) {
      this.#waiter = undefined;
      w('closed');
    }
  }

  /** The next byte, or why none came before the deadline. */
  readByte(timeoutMs: number): Promise<ReadResult> {
    const b = this.#buf.shift();
    if (b !== undefined) return Promise.resolve(b);
    if (this.#closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#waiter = undefined;
        resolve('timeout');
      }, timeoutMs);
      this.#waiter = (r) => {
        clearTimeout(t);
        resolve(r);
      };
    });
  }

  /** Ends a pending readByte early (used by cancel). */
  abortRead(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.('aborted');
  }

  /** Drops whatever is buffered (stale bytes from an earlier exchange). */
  flushInput(): number[] {
    return this.#buf.splice(0, this.#buf.length);
  }

  write(bytes: Uint8Array | number[]): Promise<boolean> {
    if (!this.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      // No drain(): tcdrain on a PTY whose other end has gone can block a libuv worker
      // thread forever, starving every other port. The write callback (bytes handed to
      // the kernel) is enough for a half-duplex protocol that waits for an answer anyway.
      this.#port.write(Buffer.from(bytes), (e) => resolve(!e));
    });
  }

  close(): Promise<void> {
    if (!this.#port.isOpen) {
      this.#closed = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#port.close(() => resolve()));
  }
}

/**
 * Reads one STX … ETX LRC frame. Returns the raw bytes (framing not yet checked), or
 * 'garbage' with what arrived when the first byte is not STX or the frame overruns maxLen.
 */
export async function readFrame(
  link: ByteLink,
  firstByteTimeoutMs: number,
  interByteTimeoutMs: number,
  maxLen: number,
): Promise<{ kind: 'frame'; bytes: Buffer } | { kind: 'garbage'; bytes: Buffer } | { kind: 'timeout' | 'closed' | 'aborted'; bytes: Buffer }> {
  const first = await link.readByte(firstByteTimeoutMs);
  if (typeof first !== 'number') return { kind: first, bytes: Buffer.alloc(0) };
  return readFrameFrom(link, first, interByteTimeoutMs, maxLen);
}

/** Same, once the first byte is already read (lets a caller act on a lone EOT at once). */
export async function readFrameFrom(
  link: ByteLink,
  first: number,
  interByteTimeoutMs: number,
  maxLen: number,
): Promise<{ kind: 'frame'; bytes: Buffer } | { kind: 'garbage'; bytes: Buffer } | { kind: 'timeout' | 'closed' | 'aborted'; bytes: Buffer }> {
  const got: number[] = [first];
  if (first !== 0x02) {
    // Swallow the rest of the burst so the next read starts clean.
    for (;;) {
      const b = await link.readByte(interByteTimeoutMs);
      if (typeof b !== 'number') break;
      got.push(b);
      if (got.length > 4 * maxLen) break;
    }
    return { kind: 'garbage', bytes: Buffer.from(got) };
  }
  for (;;) {
    const b = await link.readByte(interByteTimeoutMs);
    if (typeof b !== 'number') return { kind: b, bytes: Buffer.from(got) };
    got.push(b);
    if (got.length >= 3 && got[got.length - 2] === 0x03) return { kind: 'frame', bytes: Buffer.from(got) };
    if (got.length > maxLen) return { kind: 'garbage', bytes: Buffer.from(got) };
  }
}
