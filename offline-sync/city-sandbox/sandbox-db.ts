// The sandbox's own SQLite database (plain, not encrypted: it plays the city): the schema, the
// enrolled devices, counters, uploads' owners and the changes feed. Each route group keeps its
// own table's queries; what several share is here.
import path from 'node:path';
import crypto from 'node:crypto';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { STATUS_CODES, type CityStatus } from './codes';

export interface SandboxDevice {
  id: string;
  token: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, body_json TEXT NOT NULL, response_json TEXT NOT NULL,
    receipt_code TEXT NOT NULL UNIQUE, status TEXT NOT NULL, phase_start_ms INTEGER NOT NULL, wants_supplement INTEGER NOT NULL,
    puts INTEGER NOT NULL DEFAULT 1);
  CREATE TABLE IF NOT EXISTS dossier_attachments (dossier_id TEXT NOT NULL, supplement_id TEXT, upload_id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS supplements (id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, response_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, dossier_id TEXT NOT NULL, body_hash TEXT NOT NULL, body_json TEXT NOT NULL, status TEXT NOT NULL, puts INTEGER NOT NULL DEFAULT 1);
  CREATE TABLE IF NOT EXISTS queue_tickets (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, branch_code TEXT NOT NULL, service_code TEXT NOT NULL, day TEXT NOT NULL, number INTEGER NOT NULL, response_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, dossier_id TEXT NOT NULL, status TEXT NOT NULL, status_code INTEGER NOT NULL, note TEXT, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS telemetry (seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, body_json TEXT NOT NULL, received_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS vietqr_payments (reference TEXT PRIMARY KEY, amount INTEGER NOT NULL, paid_at TEXT NOT NULL, bank_ref TEXT NOT NULL);
`;

const tokenHash = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

export class SandboxDb {
  readonly db: Database;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = path.join(dataDir, 'city.db');
    this.db = new DatabaseCtor(this.path);
    this.db.pragma('journal_mode=WAL');
    this.db.pragma('synchronous=NORMAL');
    this.db.exec(SCHEMA);
  }

  /** Runs fn in one transaction and answers what it answers. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  // ---- devices ----

  /** Enrols a device, or gives it a new token (and un-revokes it). */
  addDevice(d: SandboxDevice): void {
    this.db.prepare('INSERT INTO devices (id, token_hash) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET token_hash = excluded.token_hash, revoked = 0').run(d.id, tokenHash(d.token));
  }

  revokeDevice(id: string): void {
    this.db.prepare('UPDATE devices SET revoked = 1 WHERE id = ?').run(id);
  }

  activeDevices(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM devices WHERE revoked = 0').get() as { n: number }).n;
  }

  /** The enrolled device an Authorization header names, or null (unknown, revoked, not Bearer). */
  deviceFor(authorization: string | null | undefined): string | null {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return null;
    const r = this.db.prepare('SELECT id FROM devices WHERE token_hash = ? AND revoked = 0').get(tokenHash(m[1]!)) as { id: string } | undefined;
    return r?.id ?? null;
  }

  // ---- shared by the route groups ----

  nextCounter(name: string): number {
    this.db.prepare('INSERT INTO counters (name, n) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1').run(name);
    return (this.db.prepare('SELECT n FROM counters WHERE name = ?').get(name) as { n: number }).n;
  }

  recordUpload(uploadId: string, deviceId: string, at: Date): void {
    this.db.prepare('INSERT OR IGNORE INTO uploads (upload_id, device_id, created_at) VALUES (?, ?, ?)').run(uploadId, deviceId, at.toISOString());
  }

  uploadOwner(uploadId: string): string | null {
    return (this.db.prepare('SELECT device_id FROM uploads WHERE upload_id = ?').get(uploadId) as { device_id: string } | undefined)?.device_id ?? null;
  }

  /** One entry of a device's changes feed. */
  insertChange(deviceId: string, dossierId: string, status: CityStatus, at: Date, note?: string): void {
    this.db.prepare('INSERT INTO changes (device_id, dossier_id, status, status_code, note, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(deviceId, dossierId, status, STATUS_CODES[status], note ?? null, at.toISOString());
  }
}
