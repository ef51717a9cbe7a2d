import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes everything this process writes private to the kiosk's user, before any file is
 * opened: files 0600 and folders 0700 (umask), the data dir itself 0700 even when it already
 * existed, and a temporary folder inside it, emptied at each start, in place of /tmp, so ID
 * scans, MRZ crops and speech never land in a shared folder. Child processes (scanimage,
 * tesseract, espeak-ng) inherit TMPDIR. Process-wide, so only the shells call it.
 */
export function preparePrivateDataDir(dataDir: string): { tmpDir: string } {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const tmpDir = join(dataDir, 'tmp');
  // Whatever a crash left here is a half-finished session's scans: they go.
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(tmpDir, { mode: 0o700 });
  process.env['TMPDIR'] = tmpDir;
  return { tmpDir };
}

/** Loopback only: the host serves personal data to the kiosk's own window and nobody else. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
