// The store key: from config (64 hex chars) or <dataDir>/store.key, which must be 0600.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ok, err, type Result } from '../../common/result';
import { classifyStorageError, type StoreError } from './errors';

export const KEY_FILE_NAME = 'store.key';
const HEX64 = /^[0-9a-fA-F]{64}$/;

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

/**
 * Returns the 32-byte store key. A configured key wins; otherwise the key file is read, or
 * created (0600, fsynced) when missing. A key file readable by group/others is refused, because
 * it would make the encryption at rest decorative.
 */
export function resolveStoreKey(dataDir: string, configuredKey?: string): Result<Buffer, StoreError> {
  if (configuredKey !== undefined) {
    if (!HEX64.test(configuredKey.trim())) return err({ code: 'key-invalid', message: 'The configured store key must be 64 hex characters.' });
    return ok(Buffer.from(configuredKey.trim(), 'hex'));
  }
  const file = keyFilePath(dataDir);
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o077) !== 0) {
      return err({ code: 'key-file-permissions', message: `${file} is accessible to other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600.` });
    }
    const text = fs.readFileSync(file, 'utf8').trim();
    if (!HEX64.test(text)) return err({ code: 'key-invalid', message: `${file} does not hold 64 hex characters.` });
    return ok(Buffer.from(text, 'hex'));
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') return err(classifyStorageError(e));
  }
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const key = crypto.randomBytes(32);
    // 'wx' so two processes racing to create the key cannot overwrite each other's.
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, key.toString('hex') + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fsyncDir(dataDir);
    return ok(key);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') return resolveStoreKey(dataDir, configuredKey);
    return err(classifyStorageError(e));
  }
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
