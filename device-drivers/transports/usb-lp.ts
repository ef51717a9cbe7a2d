import { constants, promises as fs } from 'node:fs';
import { err, ok, type Result } from '../../common/result';

/**
 * A USB printer-class device file (/dev/usb/lpN, Linux usblp). Writes go to the printer's
 * bulk-out pipe, reads come from its bulk-in pipe (where DLE EOT replies arrive). Opened
 * non-blocking so a stalled printer turns into a timeout instead of a stuck thread; the same
 * code works on a FIFO or a regular file, which is how it is tested on machines without USB.
 */
export interface UsbLpError {
  code: 'not-found' | 'no-reader' | 'permission' | 'timeout' | 'failed';
  detail: string;
}

export interface UsbLpHandle {
  writeAll(bytes: Uint8Array, timeoutMs: number): Promise<Result<void, UsbLpError>>;
  /** Reads up to `max` bytes; resolves with fewer (possibly none) at the deadline. */
  read(max: number, timeoutMs: number): Promise<Result<Uint8Array, UsbLpError>>;
  readonly readable: boolean;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const mapError = (e: NodeJS.ErrnoException, path: string): UsbLpError => {
  switch (e.code) {
    case 'ENOENT':
    case 'ENODEV':
      return { code: 'not-found', detail: `${path}: no such device` };
    case 'ENXIO':
      return { code: 'no-reader', detail: `${path}: nothing is reading (printer off or unplugged)` };
    case 'EACCES':
    case 'EPERM':
      return { code: 'permission', detail: `${path}: permission denied (add the kiosk user to group lp)` };
    default:
      return { code: 'failed', detail: `${path}: ${e.code ?? e.message}` };
  }
};

export async function openUsbLp(path: string, options: { bidirectional: boolean }): Promise<Result<UsbLpHandle, UsbLpError>> {
  let wfd: fs.FileHandle;
  try {
    // O_APPEND keeps a regular-file capture intact across jobs; it means nothing to a device.
    wfd = await fs.open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND);
  } catch (e) {
    return err(mapError(e as NodeJS.ErrnoException, path));
  }
  let rfd: fs.FileHandle | null = null;
  if (options.bidirectional) {
    try {
      rfd = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      rfd = null;
    }
  }
  return ok({
    readable: rfd !== null,
    async writeAll(bytes, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let off = 0;
      while (off < bytes.length) {
        try {
          const { bytesWritten } = await wfd.write(bytes, off, bytes.length - off);
          off += bytesWritten;
          if (bytesWritten > 0) continue;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') return err(mapError(e as NodeJS.ErrnoException, path));
        }
        // The printer (or the FIFO) is not taking data: wait, but not forever.
        if (Date.now() > deadline) return err({ code: 'timeout', detail: `${path}: printer accepted ${off} of ${bytes.length} bytes` });
        await sleep(5);
      }
      return ok(undefined);
    },
    async read(max, timeoutMs) {
      if (!rfd) return ok(new Uint8Array(0));
      const deadline = Date.now() + timeoutMs;
      const buf = new Uint8Array(max);
      let got = 0;
      while (got < max) {
        try {
          const { bytesRead } = await rfd.read(buf, got, max - got, null);
          got += bytesRead;
          if (bytesRead > 0) continue;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') return err(mapError(e as NodeJS.ErrnoException, path));
        }
        if (Date.now() > deadline) break;
        await sleep(5);
      }
      return ok(buf.slice(0, got));
    },
    async close() {
      await wfd.close().catch(() => {});
      await rfd?.close().catch(() => {});
    },
  });
}
