// Opens the kiosk's encrypted store. Both the app and `kiosk outbox` call openKioskStore, so the
// key is always found the same way: from its configured source (see keys.ts).
import fs from 'node:fs';
import path from 'node:path';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { ok, err, type Result } from '../../common/result';
import { silentLogger, type Logger } from '../../common/logger';
import { classifyStorageError, type StoreError } from './errors';
import { resolveStoreKey, type StoreKeySource } from './keys';
import { deriveAttachmentKey } from './file-crypto';
import { migrate, type Migration, MIGRATIONS } from './migrations';

export const DB_FILE_NAME = 'outbox.db';
export const ATTACHMENTS_DIR = 'attachments';

export interface KioskStore {
  readonly db: Database;
  readonly dataDir: string;
  readonly dbPath: string;
  readonly attachmentsDir: string;
  /** AES-256-GCM key for attachment files, derived from the store key. */
  readonly attachmentKey: Buffer;
  readonly schemaVersion: number;
  /**
   * Runs fn in one write transaction (BEGIN IMMEDIATE … COMMIT, rolled back if fn throws) and
   * returns what fn returns. Every multi-row change of the outbox goes through here; inside
   * another transaction it becomes a savepoint. Durable when it returns (synchronous=FULL).
   */
  transaction<T>(fn: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Where the key comes from; by default <dataDir>/store.key (the demo's and tests' key). */
  key?: StoreKeySource;
  readonly?: boolean;
  logger?: Logger;
  /** For migration tests only. */
  migrations?: readonly Migration[];
}

/** Applies the cipher settings in the order SQLite3MC needs: cipher and legacy before key. */
export function openEncryptedDatabase(file: string, key: Buffer, opts: { readonly?: boolean } = {}): Database {
  const db = new DatabaseCtor(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    db.pragma("cipher='sqlcipher'");
    db.pragma('legacy=4');
    // Raw key (x'…'): skips the 256k-round PBKDF2, the key is already 256 random bits.
    db.pragma(`key="x'${key.toString('hex')}'"`);
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // fails with NOTADB on a wrong key
    if (!opts.readonly) {
      db.pragma('journal_mode=WAL');
    }
    db.pragma('synchronous=FULL');
    db.pragma('foreign_keys=ON');
    db.pragma('busy_timeout=5000');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function nearestExisting(dir: string): string {
  let d = dir;
  while (!fs.existsSync(d) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

export function openKioskStore(opts: OpenStoreOptions): Result<KioskStore, StoreError> {
  const log = (opts.logger ?? silentLogger).child('store');
  const dataDir = path.resolve(opts.dataDir);
  try {
    if (!opts.readonly) {
      // Probe first: on a read-only filesystem SQLite reports confusing codes (and mkdir -p ENOENT).
      fs.accessSync(nearestExisting(dataDir), fs.constants.W_OK);
      fs.mkdirSync(path.join(dataDir, ATTACHMENTS_DIR), { recursive: true, mode: 0o700 });
      fs.accessSync(dataDir, fs.constants.W_OK);
    }
  } catch (e) {
    const se = classifyStorageError(e);
    log.error('store-open-failed', { code: se.code });
    return err(se);
  }
  const keyR = resolveStoreKey(dataDir, opts.key);
  if (!keyR.ok) return keyR;
  const dbPath = path.join(dataDir, DB_FILE_NAME);
  let db: Database;
  try {
    db = openEncryptedDatabase(dbPath, keyR.value, { readonly: opts.readonly });
  } catch (e) {
    const se = classifyStorageError(e);
    log.error('store-open-failed', { code: se.code });
    return err(se);
  }
  let version: number;
  try {
    if (opts.readonly) {
      const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
      version = row.v ?? 0;
    } else {
      const applied = migrate(db, opts.migrations ?? MIGRATIONS);
      if (applied.length) log.info('store-migrated', { applied: applied.join(',') });
      version = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v;
    }
  } catch (e) {
    db.close();
    const se = classifyStorageError(e);
    log.error('store-migration-failed', { code: se.code });
    return err(se.code === 'io-error' ? { code: 'migration-failed', message: se.message } : se);
  }
  return ok({
    db,
    dataDir,
    dbPath,
    attachmentsDir: path.join(dataDir, ATTACHMENTS_DIR),
    attachmentKey: deriveAttachmentKey(keyR.value),
    schemaVersion: version,
    transaction: (fn) => db.transaction(fn).immediate(),
    close: () => {
      if (db.open) db.close();
    },
  });
}
