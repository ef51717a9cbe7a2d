// A full disk and a read-only data dir, on a real tmpfs mounted for the test (we run as root).
// Where mounting is impossible the tmpfs cases are skipped and the injected-failure case still runs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { openKioskStore, type KioskStore } from './store';
import { Outbox } from '../outbox/outbox';
import { tempDir, sampleDossier } from '../test-support/fixtures';

const mnt = tempDir('tmpfs');
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mnt], { stdio: 'ignore' });
  mounted = true;
} catch {
  mounted = false;
}
const remount = (opts: string) => execFileSync('mount', ['-o', `remount,${opts}`, mnt], { stdio: 'ignore' });

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
});

function open(dataDir: string): KioskStore {
  const r = openKioskStore({ dataDir });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe.skipIf(!mounted)('on a real tmpfs', () => {
  let store: KioskStore;
  let ob: Outbox;
  const committed: string[] = [];
  beforeAll(() => {
    store = open(path.join(mnt, 'data'));
    ob = new Outbox(store);
  });
  afterAll(() => store.close());

  it('fills the disk: a clear disk-full error, earlier dossiers intact, integrity ok', () => {
    let error: string | null = null;
    for (let i = 0; i < 50 && !error; i++) {
      const r = ob.submitDossier(sampleDossier(1, 150_000));
      if (r.ok) committed.push(r.value.id);
      else error = r.error.code;
    }
    expect(error).toBe('disk-full');
    expect(committed.length).toBeGreaterThan(2);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const id of committed) expect(ob.getDossier(id)?.delivery).toBe('pending');
    expect(fs.readdirSync(store.attachmentsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // Once space is back, submitting works again without any repair.
    remount('size=8m');
    const again = ob.submitDossier(sampleDossier(1, 150_000));
    expect(again.ok).toBe(true);
    if (again.ok) committed.push(again.value.id);
  });

  it('a read-only data dir (remounted ro, as ext4 does after errors): a clear read-only error, nothing damaged', () => {
    // A filesystem cannot be remounted ro under open writers, so the kiosk "restarts" onto it.
    store.close();
    remount('ro');
    try {
      const r = openKioskStore({ dataDir: path.join(mnt, 'data') });
      expect(r.ok || r.error.code).toBe('read-only');
      const fresh = openKioskStore({ dataDir: path.join(mnt, 'other') });
      expect(fresh.ok || fresh.error.code).toBe('read-only');
    } finally {
      remount('rw');
    }
    store = open(path.join(mnt, 'data'));
    ob = new Outbox(store);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const id of committed) expect(ob.getDossier(id)?.delivery).toBe('pending');
    expect(ob.submitDossier(sampleDossier(1, 1000)).ok).toBe(true);
  });
});

describe('injected write failure', () => {
  it('maps ENOSPC during commit to disk-full and leaves nothing half-written', () => {
    const store = open(tempDir('inject'));
    let fail = false;
    const ob = new Outbox(store, { beforeCommit: () => { if (fail) throw Object.assign(new Error('no space'), { code: 'ENOSPC' }); } });
    expect(ob.submitDossier(sampleDossier(1)).ok).toBe(true);
    fail = true;
    const r = ob.submitDossier(sampleDossier(1));
    expect(r.ok || r.error.code).toBe('disk-full');
    expect(ob.stats().pending).toBe(1);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The scan written before the failed commit is an orphan and is swept.
    expect(ob.sweepOrphanFiles(0)).toBe(1);
    store.close();
  });
});
