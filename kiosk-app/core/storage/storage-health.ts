import { readdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { ComponentState, StatusBoard } from '../system/component-status';

// The kiosk's disk as a component: free space and the outbox database's health on the
// status board, and a journey that refuses a new dossier while there is still room to
// finish the ones under way, rather than failing at the citizen's "Nộp hồ sơ".

export interface StorageThresholds {
  /** Below this share of the disk free, the board says "degraded" and the technician is warned. */
  readonly lowFreePercent: number;
  /** Below this share free, or below refuseBelowMb, no new dossier is begun. */
  readonly refuseBelowPercent: number;
  readonly refuseBelowMb: number;
}

export interface DiskSpace {
  /** Bytes the kiosk's user may still write (statfs bavail, not the root reserve). */
  readonly freeBytes: number;
  readonly totalBytes: number;
}

export type DatabaseHealth = { readonly ok: true } | { readonly ok: false; readonly detail: string };

export interface StorageMeasure extends DiskSpace {
  /** The outbox database (with its WAL) and the encrypted attachments. */
  readonly dataBytes: number;
  /** The last integrity check; null before the first. */
  readonly database: DatabaseHealth | null;
}

export interface StorageAssessment {
  readonly state: Extract<ComponentState, 'ok' | 'degraded' | 'down'>;
  readonly reason: 'ok' | 'low' | 'full' | 'database';
  readonly acceptsNewDossiers: boolean;
  /** For the technician (status board, logs): no personal data, English like the other details. */
  readonly detail: string;
}

const MB = 1024 * 1024;

/** "1.2 GB", "350 MB", "12 KB": what a technician reads on the board. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Math.max(0, n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 10 ? 0 : 1;
  return `${v.toFixed(digits)} ${units[i]}`;
}

/** Pure: what the measure means for the kiosk. */
export function assessStorage(m: StorageMeasure, t: StorageThresholds): StorageAssessment {
  const percent = m.totalBytes > 0 ? (m.freeBytes / m.totalBytes) * 100 : 0;
  const space = `${formatBytes(m.freeBytes)} free of ${formatBytes(m.totalBytes)} (${percent.toFixed(percent < 10 ? 1 : 0)} %), kiosk data ${formatBytes(m.dataBytes)}`;
  if (m.database && !m.database.ok) {
    return { state: 'down', reason: 'database', acceptsNewDossiers: false, detail: `database check failed: ${m.database.detail}; ${space}` };
  }
  if (percent < t.refuseBelowPercent || m.freeBytes < t.refuseBelowMb * MB) {
    return { state: 'down', reason: 'full', acceptsNewDossiers: false, detail: `disk nearly full, new dossiers refused: ${space}` };
  }
  if (percent < t.lowFreePercent) return { state: 'degraded', reason: 'low', acceptsNewDossiers: true, detail: `low on space: ${space}` };
  return { state: 'ok', reason: 'ok', acceptsNewDossiers: true, detail: space };
}

/** How the disk and the database are read; a fake in unit tests, the real disk otherwise. */
export interface StorageProbe {
  /** Cheap (one statfs): read afresh whenever a new dossier is about to begin. */
  space(): DiskSpace;
  dataBytes(): number;
  /** SQLite's quick_check: reads every page, so it runs at start and then seldom. */
  checkDatabase(): DatabaseHealth;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function folderSize(dir: string): number {
  let total = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(e.parentPath ?? dir, e.name);
      total += e.isDirectory() ? folderSize(p) : e.isFile() ? fileSize(p) : 0;
    }
  } catch {
    // A folder not made yet holds nothing.
  }
  return total;
}

export interface DiskProbeTarget {
  readonly dataDir: string;
  readonly dbPath: string;
  readonly attachmentsDir: string;
  /** Runs `PRAGMA quick_check` on the open database; returns its first line. */
  readonly quickCheck: () => string;
}

export function diskStorageProbe(target: DiskProbeTarget): StorageProbe {
  return {
    space() {
      const s = statfsSync(target.dataDir);
      return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
    },
    dataBytes: () => fileSize(target.dbPath) + fileSize(`${target.dbPath}-wal`) + folderSize(target.attachmentsDir),
    checkDatabase() {
      try {
        const first = target.quickCheck();
        return first === 'ok' ? { ok: true } : { ok: false, detail: first.slice(0, 200) };
      } catch (e) {
        return { ok: false, detail: (e as Error).message.slice(0, 200) };
      }
    },
  };
}

export interface StorageMonitorDeps {
  readonly probe: StorageProbe;
  readonly thresholds: StorageThresholds;
  readonly status: StatusBoard;
  readonly logger: Logger;
  readonly clock: Clock;
  /** How often the board is refreshed. */
  readonly checkEveryMs: number;
  /** How often the database is checked page by page. */
  readonly databaseCheckEveryMs: number;
}

export type StorageRefusal = { readonly code: 'storage-full' };

export class StorageMonitor {
  readonly #d: StorageMonitorDeps;
  readonly #log: Logger;
  #database: DatabaseHealth | null = null;
  #databaseCheckedAt = -Infinity;
  #last: StorageAssessment | null = null;
  #dataBytes = 0;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(d: StorageMonitorDeps) {
    this.#d = d;
    this.#log = d.logger.child('storage');
  }

  /** Measures, updates the board, logs a change of state; the database check when it is due. */
  check(): StorageAssessment {
    const now = this.#d.clock.now().getTime();
    if (now - this.#databaseCheckedAt >= this.#d.databaseCheckEveryMs) {
      this.#database = this.#d.probe.checkDatabase();
      this.#databaseCheckedAt = now;
    }
    this.#dataBytes = this.#d.probe.dataBytes();
    return this.#publish(assessStorage(this.#measure(), this.#d.thresholds));
  }

  /**
   * Asked before a citizen begins a dossier: free space read afresh (one statfs), so a disk
   * filled since the last check is noticed at once.
   */
  admitNewDossier(): Result<void, StorageRefusal> {
    let a: StorageAssessment;
    try {
      a = this.#publish(assessStorage(this.#measure(), this.#d.thresholds));
    } catch (e) {
      // A disk that cannot even be measured is not one to write a citizen's papers to.
      this.#log.error('storage-unreadable', { message: (e as Error).message });
      this.#d.status.set('storage', 'down', `cannot read the disk: ${(e as Error).message}`);
      return err({ code: 'storage-full' });
    }
    return a.acceptsNewDossiers ? ok(undefined) : err({ code: 'storage-full' });
  }

  get last(): StorageAssessment | null {
    return this.#last;
  }

  /** Checks now and then every checkEveryMs until the returned stop is called. */
  start(): () => void {
    this.#safeCheck();
    this.#timer = setInterval(() => this.#safeCheck(), this.#d.checkEveryMs);
    this.#timer.unref?.();
    return () => {
      if (this.#timer) clearInterval(this.#timer);
      this.#timer = null;
    };
  }

  #safeCheck(): void {
    try {
      this.check();
    } catch (e) {
      this.#log.error('storage-unreadable', { message: (e as Error).message });
      this.#d.status.set('storage', 'down', `cannot read the disk: ${(e as Error).message}`);
    }
  }

  #measure(): StorageMeasure {
    // The data size walks the attachments folder, so it is refreshed by check() only.
    return { ...this.#d.probe.space(), dataBytes: this.#dataBytes, database: this.#database };
  }

  #publish(a: StorageAssessment): StorageAssessment {
    const prev = this.#last;
    this.#last = a;
    this.#d.status.set('storage', a.state, a.detail);
    if (prev?.state !== a.state || prev?.reason !== a.reason) {
      const fields = { state: a.state, reason: a.reason, detail: a.detail };
      if (a.state === 'ok') this.#log.info('storage-state', fields);
      else if (a.state === 'degraded') this.#log.warn('storage-state', fields);
      else this.#log.error('storage-state', fields);
    }
    return a;
  }
}
