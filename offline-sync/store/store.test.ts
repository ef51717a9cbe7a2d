import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openKioskStore } from './store';
import { keyFilePath } from './keys';
import { MIGRATIONS } from './migrations';
import { StoredPinLockout, StoredQueueClaims } from './local-state';
import { Outbox } from '../outbox/outbox';
import { tempDir, sampleDossier, SAMPLE_ID_NUMBER, SAMPLE_NAME } from '../test-support/fixtures';
import { ManualClock } from '../../common/clock';

function open(dataDir: string, hex?: string) {
  const r = openKioskStore({ dataDir, ...(hex ? { key: { kind: 'raw', hex } as const } : {}) });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('store', () => {
  it('creates a 0600 key file, reopens with it, and refuses a key file readable by others', () => {
    const dir = tempDir('key');
    open(dir).close();
    expect(fs.statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    open(dir).close();
    fs.chmodSync(keyFilePath(dir), 0o644);
    const r = openKioskStore({ dataDir: dir });
    expect(r.ok || r.error.code).toBe('key-file-permissions');
  });

  it('cannot be read with another key or without the cipher', async () => {
    const dir = tempDir('wrongkey');
    open(dir, 'a'.repeat(64)).close();
    const r = openKioskStore({ dataDir: dir, key: { kind: 'raw', hex: 'b'.repeat(64) } });
    expect(r.ok || r.error.code).toBe('wrong-key');
    const { default: Plain } = await import('better-sqlite3-multiple-ciphers');
    const plain = new Plain(path.join(dir, 'outbox.db'));
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/);
    plain.close();
  });

  it('reads its key from a systemd credential or a private key file, and creates none beside the data', () => {
    const dir = tempDir('cred');
    const creds = tempDir('creds');
    const raw = Buffer.alloc(32, 7); // systemd-creds output: 32 raw bytes
    fs.writeFileSync(path.join(creds, 'store-key'), raw, { mode: 0o400 });
    const viaCredential = openKioskStore({ dataDir: dir, key: { kind: 'credential', name: 'store-key', directory: creds } });
    expect(viaCredential.ok).toBe(true);
    if (viaCredential.ok) viaCredential.value.close();
    expect(fs.existsSync(keyFilePath(dir))).toBe(false);
    // The same key as 64 hex characters in a file opens the same database.
    const keyFile = path.join(creds, 'store.hex');
    fs.writeFileSync(keyFile, raw.toString('hex') + '\n', { mode: 0o600 });
    const viaFile = openKioskStore({ dataDir: dir, key: { kind: 'file', path: keyFile } });
    expect(viaFile.ok).toBe(true);
    if (viaFile.ok) viaFile.value.close();
    fs.chmodSync(keyFile, 0o640);
    expect(openKioskStore({ dataDir: dir, key: { kind: 'file', path: keyFile } })).toMatchObject({ ok: false, error: { code: 'key-file-permissions' } });
    fs.writeFileSync(path.join(creds, 'short'), 'abc', { mode: 0o600 });
    expect(openKioskStore({ dataDir: dir, key: { kind: 'credential', name: 'short', directory: creds } })).toMatchObject({ ok: false, error: { code: 'key-invalid' } });
    const saved = process.env['CREDENTIALS_DIRECTORY'];
    delete process.env['CREDENTIALS_DIRECTORY'];
    const noCreds = openKioskStore({ dataDir: dir, key: { kind: 'credential', name: 'store-key' } });
    if (saved !== undefined) process.env['CREDENTIALS_DIRECTORY'] = saved;
    expect(noCreds).toMatchObject({ ok: false, error: { code: 'key-missing' } });
    if (!noCreds.ok) expect(noCreds.error.message).toContain('LoadCredentialEncrypted');
    expect(openKioskStore({ dataDir: dir, key: { kind: 'data-dir', create: false } })).toMatchObject({ ok: false, error: { code: 'key-missing' } });
    expect(fs.existsSync(keyFilePath(dir))).toBe(false);
  });

  it('keeps no plaintext ID number or name in the database, WAL or attachment files', () => {
    const dir = tempDir('plain');
    const store = open(dir);
    const ob = new Outbox(store);
    const scan = Buffer.from(`SCAN OF CCCD ${SAMPLE_ID_NUMBER} ${SAMPLE_NAME} `.repeat(200));
    const input = sampleDossier(0);
    const r = ob.submitDossier({ ...input, attachments: [{ bytes: scan, mediaType: 'image/png', pages: 1, documentType: 'cccd' }] });
    expect(r.ok).toBe(true);
    const files = [path.join(dir, 'outbox.db'), path.join(dir, 'outbox.db-wal'), ...fs.readdirSync(store.attachmentsDir).map((f) => path.join(store.attachmentsDir, f))];
    expect(files.filter((f) => fs.existsSync(f)).length).toBeGreaterThanOrEqual(3);
    const needles = [SAMPLE_ID_NUMBER, SAMPLE_NAME, 'Hàng Bạc', 'SCAN OF CCCD'].flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
    for (const f of files.filter((x) => fs.existsSync(x))) {
      const bytes = fs.readFileSync(f);
      for (const n of needles) expect(bytes.includes(n), `${path.basename(f)} contains ${n.toString()}`).toBe(false);
    }
    // …and the data is really there, readable through the store.
    expect(ob.dossierPayload(r.ok ? r.value.id : '')?.applicant.idNumber).toBe(SAMPLE_ID_NUMBER);
    expect(ob.readAttachment(ob.attachmentsFor(r.ok ? r.value.id : '', null)[0]!).equals(scan)).toBe(true);
    store.close();
  });

  it('upgrades a v1 database holding unsent rows to the current schema', async () => {
    const dir = tempDir('v1');
    const v1 = openKioskStore({ dataDir: dir, migrations: MIGRATIONS.filter((m) => m.version === 1) });
    if (!v1.ok) throw new Error(v1.error.message);
    const r = new Outbox(v1.value).submitDossier(sampleDossier(1));
    v1.value.close();
    const cur = open(dir);
    expect(cur.schemaVersion).toBe(MIGRATIONS.length);
    const ob = new Outbox(cur);
    expect(ob.getDossier(r.ok ? r.value.id : '')?.delivery).toBe('pending');
    expect(ob.recordPaymentIntent({ dossierId: r.ok ? r.value.id : '', method: 'vietqr', amount: 1000, reference: 'QR-0001' }).ok).toBe(true);
    expect(ob.paymentByReference('QR-0001')?.method).toBe('vietqr');
    cur.close();
  });

  it('applies a new migration on top of unsent rows without losing them', () => {
    const dir = tempDir('migr');
    const s1 = open(dir);
    const r = new Outbox(s1).submitDossier(sampleDossier(1));
    s1.close();
    const next = MIGRATIONS.length + 1;
    const v2 = [...MIGRATIONS, { version: next, name: 'dossier-priority', sql: 'ALTER TABLE dossiers ADD COLUMN priority INTEGER NOT NULL DEFAULT 0' }];
    const s2r = openKioskStore({ dataDir: dir, migrations: v2 });
    if (!s2r.ok) throw new Error(s2r.error.message);
    expect(s2r.value.schemaVersion).toBe(next);
    const ob = new Outbox(s2r.value);
    expect(ob.stats().pending).toBe(1);
    expect(ob.getDossier(r.ok ? r.value.id : '')?.delivery).toBe('pending');
    s2r.value.close();
    // An older program refuses a newer database instead of "repairing" it.
    const old = openKioskStore({ dataDir: dir });
    expect(old.ok).toBe(false);
  });

  it('keeps the PIN lockout and the queue claims across a reopen, the person only as a hash with a per-store salt', () => {
    const dir = tempDir('local-state');
    const clock = new ManualClock();
    const s1 = open(dir);
    new StoredPinLockout(s1, { clock }).set('window', { failures: 0, lockedUntil: clock.now().getTime() + 60_000 });
    new StoredPinLockout(s1, { clock }).set('test', { failures: 3, lockedUntil: 0 });
    const q1 = new StoredQueueClaims(s1, { clock });
    const key = q1.personKey('2026-11-23', SAMPLE_ID_NUMBER);
    q1.assign(q1.reserve('2026-11-23', key, 'ho-tich'), 'A001');
    q1.reserve('2026-11-23', key, 'cu-tru'); // being issued when the process stops
    q1.assign(q1.reserve('2026-11-22', q1.personKey('2026-11-22', SAMPLE_ID_NUMBER), 'ho-tich'), 'A009');
    s1.close();

    const s2 = open(dir);
    const lock = new StoredPinLockout(s2, { clock });
    expect(lock.get('window')).toEqual({ failures: 0, lockedUntil: clock.now().getTime() + 60_000 });
    expect(lock.get('test')).toEqual({ failures: 3, lockedUntil: 0 });
    lock.set('test', { failures: 0, lockedUntil: 0 });
    expect(lock.get('test')).toBeNull();
    // An ended lockout with no failure since is swept.
    clock.advance(60_000);
    lock.set('other', { failures: 1, lockedUntil: 0 });
    expect(lock.get('window')).toBeNull();

    const q2 = new StoredQueueClaims(s2, { clock });
    expect(q2.personKey('2026-11-23', SAMPLE_ID_NUMBER)).toBe(key);
    expect(q2.releaseUnfinished()).toBe(1);
    expect(q2.claims('2026-11-23', key)).toEqual([{ id: expect.any(Number), field: 'ho-tich', number: 'A001' }]);
    expect(q2.purgeBefore('2026-11-23')).toBe(1);
    expect(JSON.stringify(s2.db.prepare('SELECT * FROM queue_person_claims').all())).not.toContain(SAMPLE_ID_NUMBER);
    s2.close();
    // Another store has its own salt: the same person hashes differently there.
    const other = open(tempDir('local-state-2'));
    expect(new StoredQueueClaims(other).personKey('2026-11-23', SAMPLE_ID_NUMBER)).not.toBe(key);
    other.close();
  });
});
