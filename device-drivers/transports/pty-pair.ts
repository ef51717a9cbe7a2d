import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A pair of connected pseudo-terminals made by socat: a real serial path for the driver
 * (`driverPath`) and one for the simulator (`devicePath`). The driver code cannot tell it
 * from a USB-serial adapter, except that a PTY ignores the baud rate and DTR/RTS.
 */
export interface PtyPair {
  readonly driverPath: string;
  readonly devicePath: string;
  close(): Promise<void>;
}

export async function openPtyPair(options: { dir?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const suffix = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const driverPath = join(dir, `tty-driver-${suffix}`);
  const devicePath = join(dir, `tty-device-${suffix}`);
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${driverPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + (options.timeoutMs ?? 3000);
  while (!(existsSync(driverPath) && existsSync(devicePath))) {
    const failed = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(() => r(null), 10))]);
    if (failed) throw new Error(`socat could not start (${failed.message}); install the socat package`);
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat did not create the PTY pair within ${options.timeoutMs ?? 3000} ms`);
    }
  }
  return {
    driverPath,
    devicePath,
    close: async () => {
      // Unplugged as a USB adapter is: the paths go first, then the line. A driver reconnecting
      // while socat exits then finds nothing, rather than the slave of a PTY on its way out.
      rmSync(driverPath, { force: true });
      rmSync(devicePath, { force: true });
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
      }
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
