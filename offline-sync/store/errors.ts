// Storage failures as values with a code the UI and technicians can act on.
export type StoreErrorCode =
  | 'disk-full'
  | 'read-only'
  | 'key-missing'
  | 'key-invalid'
  | 'key-file-permissions'
  | 'wrong-key'
  | 'corrupt'
  | 'migration-failed'
  | 'io-error';

export interface StoreError {
  readonly code: StoreErrorCode;
  readonly message: string;
}

/** Maps a thrown fs or SQLite error to a typed store error (never includes row data). */
export function classifyStorageError(e: unknown): StoreError {
  const code = (e as { code?: unknown })?.code;
  const msg = e instanceof Error ? e.message : String(e);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
    case 'SQLITE_FULL':
      return { code: 'disk-full', message: 'The data disk is full.' };
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'SQLITE_CANTOPEN':
      return { code: 'read-only', message: 'The data directory cannot be written.' };
    case 'SQLITE_NOTADB':
      return { code: 'wrong-key', message: 'The database cannot be read with this key.' };
    case 'SQLITE_CORRUPT':
      return { code: 'corrupt', message: 'The database is damaged.' };
    default:
      if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) {
        // SQLite reports a failed write (e.g. RLIMIT_FSIZE, ENOSPC inside the VFS) as IOERR_WRITE.
        if (/WRITE|FSYNC|TRUNCATE/.test(code)) return { code: 'disk-full', message: 'Writing to the data disk failed (full or size limit).' };
        return { code: 'io-error', message: `Storage I/O error (${code}).` };
      }
      if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) return { code: 'read-only', message: 'The database is read-only.' };
      return { code: 'io-error', message: `Storage error: ${typeof code === 'string' ? code : msg.slice(0, 120)}` };
  }
}
