// A tiny TCP proxy that throttles each direction to a link rate (shared by all connections),
// counts the bytes, and can cut every open connection at once. For benchmarks and tests.
import net from 'node:net';

class Link {
  #freeAt = 0;
  bytes = 0;
  constructor(readonly bitsPerSecond: number) {}
  /** Milliseconds to wait before these bytes may leave. */
  reserve(n: number): number {
    const now = performance.now();
    this.#freeAt = Math.max(now, this.#freeAt) + (n * 8 * 1000) / this.bitsPerSecond;
    this.bytes += n;
    return this.#freeAt - now;
  }
}

export interface ThrottleProxy {
  readonly url: string;
  readonly up: Link;
  readonly down: Link;
  cutAll(): number;
  close(): Promise<void>;
}

const PIECE = 8 * 1024;

function pump(src: net.Socket, dst: net.Socket, link: Link): void {
  src.on('data', (chunk: Buffer) => {
    src.pause();
    let off = 0;
    const next = () => {
      if (off >= chunk.length) return src.resume();
      const piece = chunk.subarray(off, off + PIECE);
      off += piece.length;
      const wait = link.reserve(piece.length);
      setTimeout(() => {
        if (dst.destroyed) return;
        dst.write(piece);
        next();
      }, wait);
    };
    next();
  });
  src.on('end', () => dst.end());
  src.on('error', () => dst.destroy());
  src.on('close', () => dst.destroy());
}

export async function startThrottleProxy(target: { host: string; port: number }, bitsPerSecond: number): Promise<ThrottleProxy> {
  const up = new Link(bitsPerSecond);
  const down = new Link(bitsPerSecond);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    pump(client, upstream, up);
    pump(upstream, client, down);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    up,
    down,
    cutAll: () => {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
