// Where the store key comes from. A real kiosk reads it from a systemd credential or a key
// file outside the data dir, so a copy of the data dir (a stolen disk, a backup) is useless
// without it. Only the demo and tests keep a generated key beside the database.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ok, err, type Result } from '../../common/result';
import { classifyStorageError, type StoreError } from './errors';

export const KEY_FILE_NAME = 'store.key';
const HEX64 = /^[0-9a-fA-F]{64}$/;

export type StoreKeySource =
  /** A key given directly (tests, and tools that already hold it). */
  | { readonly kind: 'raw'; readonly hex: string }
  /** A systemd credential (LoadCredential= / LoadCredentialEncrypted=) in $CREDENTIALS_DIRECTORY. */
  | { readonly kind: 'credential'; readonly name: string; readonly directory?: string }
  /** A file outside the data dir, owned by this user and readable by no one else. */
  | { readonly kind: 'file'; readonly path: string }
  /** The demo's and tests' key: <dataDir>/store.key, created 0600 on first use unless `create` is false. */
  | { readonly kind: 'data-dir'; readonly create?: boolean };

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE_NAME);
}

/** A key file holds 64 hex characters, or exactly 32 raw bytes (e.g. `head -c32 /dev/urandom | systemd-creds encrypt`). */
export function parseKeyMaterial(bytes: Buffer, where: string): Result<Buffer, StoreError> {
  if (bytes.length === 32) return ok(Buffer.from(bytes));
  const text = bytes.toString('utf8').trim();
  if (HEX64.test(text)) return ok(Buffer.from(text, 'hex'));
  return err({ code: 'key-invalid', message: `${where} must hold 64 hex characters or 32 raw bytes (it holds ${bytes.length} bytes).` });
}

/** Refuses a key file that anyone but this user could read: encryption at rest would be decorative. */
function readPrivateKeyFile(file: string): Result<Buffer, StoreError> {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return err({ code: 'key-missing', message: `The store key ${file} does not exist.` });
    return err(classifyStorageError(e));
  }
  if (!st.isFile()) return err({ code: 'key-invalid', message: `The store key ${file} is not a regular file.` });
  if ((st.mode & 0o077) !== 0) {
    return err({ code: 'key-file-permissions', message: `${file} is accessible to other users (mode ${(st.mode & 0o777).toString(8)}); run chmod 600.` });
  }
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && st.uid !== uid) {
    return err({ code: 'key-file-permissions', message: `${file} belongs to uid ${st.uid}, not to the kiosk's user (uid ${uid}); run chown.` });
  }
  try {
    return parseKeyMaterial(fs.readFileSync(file), file);
  } catch (e) {
    return err(classifyStorageError(e));
  }
}

/** Returns the 32-byte store key from its source. */
export function resolveStoreKey(dataDir: string, source: StoreKeySource = { kind: 'data-dir' }): Result<Buffer, StoreError> {
  switch (source.kind) {
    case 'raw':
      if (!HEX64.test(source.hex.trim())) return err({ code: 'key-invalid', message: 'The store key must be 64 hex characters.' });
      return ok(Buffer.from(source.hex.trim(), 'hex'));
    case 'credential': {
      const dir = source.directory ?? process.env['CREDENTIALS_DIRECTORY'];
      if (!dir) {
        return err({ code: 'key-missing', message: `The store key is the systemd credential "${source.name}", but no credentials were passed ($CREDENTIALS_DIRECTORY is not set): start the kiosk through its unit (LoadCredentialEncrypted=${source.name}:…).` });
      }
      return readPrivateKeyFile(path.join(dir, source.name));
    }
    case 'file':
      return readPrivateKeyFile(source.path);
    case 'data-dir':
      return dataDirKey(dataDir, source.create !== false);
  }
}

function dataDirKey(dataDir: string, create: boolean): Result<Buffer, StoreError> {
  const file = keyFilePath(dataDir);
  const existing = readPrivateKeyFile(file);
  if (existing.ok || existing.error.code !== 'key-missing' || !create) return existing;
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
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
    if ((e as { code?: string }).code === 'EEXIST') return readPrivateKeyFile(file);
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
