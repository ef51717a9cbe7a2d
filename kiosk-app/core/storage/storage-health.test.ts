import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { silentLogger } from '../../../common/logger';
import { StatusBoard } from '../system/component-status';
import { assessStorage, diskStorageProbe, formatBytes, StorageMonitor, type DatabaseHealth, type StorageProbe } from './storage-health';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const DEFAULTS = { lowFreePercent: 10, refuseBelowPercent: 2, refuseBelowMb: 200 };
const measure = (freeBytes: number, totalBytes: number, database: DatabaseHealth | null = { ok: true }) => ({ freeBytes, totalBytes, dataBytes: 42 * MB, database });

describe('storage assessment', () => {
  it('a 64 GB kiosk disk: ok above 10 % free, a warning below, no new dossier below 2 % or 200 MB', () => {
    expect(assessStorage(measure(20 * GB, 64 * GB), DEFAULTS)).toMatchObject({ state: 'ok', acceptsNewDossiers: true });
    expect(assessStorage(measure(6 * GB, 64 * GB), DEFAULTS)).toMatchObject({ state: 'degraded', reason: 'low', acceptsNewDossiers: true });
    expect(assessStorage(measure(1 * GB, 64 * GB), DEFAULTS)).toMatchObject({ state: 'down', reason: 'full', acceptsNewDossiers: false });
  });

  it('a large disk still keeps 200 MB for the journeys under way', () => {
    // 150 MB of 100 GB is above 0.1 % but below the absolute floor.
    expect(assessStorage(measure(150 * MB, 100 * GB), { ...DEFAULTS, refuseBelowPercent: 0 })).toMatchObject({ reason: 'full', acceptsNewDossiers: false });
  });

  it('a database that fails its check refuses new dossiers whatever the free space', () => {
    const a = assessStorage(measure(30 * GB, 64 * GB, { ok: false, detail: '*** in database main *** Page 7: btreeInitPage() returns error code 11' }), DEFAULTS);
    expect(a).toMatchObject({ state: 'down', reason: 'database', acceptsNewDossiers: false });
    expect(a.detail).toContain('database check failed');
  });

  it('tells the technician the figures', () => {
    expect(assessStorage(measure(6 * GB, 64 * GB), DEFAULTS).detail).toBe('low on space: 6.0 GB free of 64 GB (9.4 %), kiosk data 42 MB');
    expect([formatBytes(0), formatBytes(1536), formatBytes(350 * MB), formatBytes(1.25 * GB)]).toEqual(['0 B', '1.5 KB', '350 MB', '1.3 GB']);
  });
});

function fakeProbe(space: { freeBytes: number; totalBytes: number }, db: { health: DatabaseHealth; checks: number }): StorageProbe {
  return {
    space: () => ({ ...space }),
    dataBytes: () => 10 * MB,
    checkDatabase: () => {
      db.checks++;
      return db.health;
    },
  };
}

describe('storage monitor', () => {
  it('puts storage on the status board and refuses a new dossier the moment the disk fills', () => {
    const space = { freeBytes: 20 * GB, totalBytes: 64 * GB };
    const db = { health: { ok: true } as DatabaseHealth, checks: 0 };
    const status = new StatusBoard();
    const m = new StorageMonitor({ probe: fakeProbe(space, db), thresholds: DEFAULTS, status, logger: silentLogger, clock: new ManualClock(), checkEveryMs: 60_000, databaseCheckEveryMs: 3_600_000 });
    m.check();
    expect(status.all().find((c) => c.name === 'storage')).toMatchObject({ state: 'ok' });
    expect(m.admitNewDossier().ok).toBe(true);
    // Filled between two checks: admitNewDossier reads the disk afresh.
    space.freeBytes = 100 * MB;
    expect(m.admitNewDossier()).toEqual({ ok: false, error: { code: 'storage-full' } });
    expect(status.all().find((c) => c.name === 'storage')).toMatchObject({ state: 'down' });
    space.freeBytes = 30 * GB;
    expect(m.admitNewDossier().ok).toBe(true);
  });

  it('checks the database at start and then only when due', () => {
    const clock = new ManualClock();
    const db = { health: { ok: true } as DatabaseHealth, checks: 0 };
    const m = new StorageMonitor({ probe: fakeProbe({ freeBytes: 20 * GB, totalBytes: 64 * GB }, db), thresholds: DEFAULTS, status: new StatusBoard(), logger: silentLogger, clock, checkEveryMs: 60_000, databaseCheckEveryMs: 3_600_000 });
    m.check();
    m.check();
    expect(db.checks).toBe(1);
    db.health = { ok: false, detail: 'row 3 missing from index' };
    clock.advance(3_600_000);
    expect(m.check()).toMatchObject({ reason: 'database', acceptsNewDossiers: false });
    expect(db.checks).toBe(2);
  });

  it('a disk that cannot be read is treated as full, not as fine', () => {
    const status = new StatusBoard();
    const probe: StorageProbe = {
      space: () => {
        throw Object.assign(new Error('EIO: i/o error, statfs'), { code: 'EIO' });
      },
      dataBytes: () => 0,
      checkDatabase: () => ({ ok: true }),
    };
    const m = new StorageMonitor({ probe, thresholds: DEFAULTS, status, logger: silentLogger, clock: new ManualClock(), checkEveryMs: 60_000, databaseCheckEveryMs: 3_600_000 });
    expect(m.admitNewDossier()).toEqual({ ok: false, error: { code: 'storage-full' } });
    expect(status.all().find((c) => c.name === 'storage')?.state).toBe('down');
  });
});

describe('the disk probe on a real folder', () => {
  it('reads the file system the data dir is on and counts the database, its WAL and attachments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'storage-probe-'));
    writeFileSync(join(dir, 'outbox.db'), Buffer.alloc(4096));
    writeFileSync(join(dir, 'outbox.db-wal'), Buffer.alloc(1024));
    mkdirSync(join(dir, 'attachments', 'd1'), { recursive: true });
    writeFileSync(join(dir, 'attachments', 'd1', 'p1.enc'), Buffer.alloc(2048));
    const probe = diskStorageProbe({ dataDir: dir, dbPath: join(dir, 'outbox.db'), attachmentsDir: join(dir, 'attachments'), quickCheck: () => 'ok' });
    const fs = statfsSync(dir);
    expect(probe.space().totalBytes).toBe(fs.blocks * fs.bsize);
    expect(probe.space().freeBytes).toBeGreaterThan(0);
    expect(probe.dataBytes()).toBe(4096 + 1024 + 2048);
    expect(probe.checkDatabase()).toEqual({ ok: true });
    const failing = diskStorageProbe({ dataDir: dir, dbPath: join(dir, 'outbox.db'), attachmentsDir: join(dir, 'none'), quickCheck: () => { throw new Error('SQLITE_CORRUPT: database disk image is malformed'); } });
    expect(failing.checkDatabase()).toEqual({ ok: false, detail: 'SQLITE_CORRUPT: database disk image is malformed' });
    expect(failing.dataBytes()).toBe(4096 + 1024);
  });
});
