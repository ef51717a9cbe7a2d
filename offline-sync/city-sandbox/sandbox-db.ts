// The sandbox's own SQLite database (plain, not encrypted: it plays the city): the schema, the
// enrolled devices, staff, points and bus routes, counters, uploads' owners and the changes feed. Each route group keeps its
// own table's queries; what several share is here.
import path from 'node:path';
import crypto from 'node:crypto';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { STATUS_CODES, type CityStatus, type StaffRole } from './codes';
import type { RouteJson } from './route-schema';

export interface SandboxDevice {
  id: string;
  token: string;
}

/** Staff who may sign in on a device (POST /v1/staff-sessions). */
export interface SandboxStaff {
  staffId: string;
  /** Kept only as a salted scrypt hash. */
  pin: string;
  roles: StaffRole[];
  /** Default `Nhân viên <staffId>`. */
  displayName?: string;
}

/** A community point that publishes appointment slots (the default hours, point-hours.ts). */
export interface SandboxPoint {
  code: string;
  name?: string;
  address?: string;
  phone?: string;
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
  CREATE TABLE IF NOT EXISTS audit_events (event_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, subject TEXT, detail_json TEXT, received_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS vietqr_payments (reference TEXT PRIMARY KEY, amount INTEGER NOT NULL, paid_at TEXT NOT NULL, bank_ref TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS staff (id TEXT PRIMARY KEY, pin_salt TEXT NOT NULL, pin_hash TEXT NOT NULL, roles_json TEXT NOT NULL, display_name TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS staff_tries (staff_id TEXT PRIMARY KEY, wrong INTEGER NOT NULL, locked_until_ms INTEGER);
  CREATE TABLE IF NOT EXISTS staff_sessions (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, staff_id TEXT NOT NULL, body_hash TEXT NOT NULL, response_json TEXT NOT NULL, expires_at_ms INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS points (code TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL, phone TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS appointments (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, response_json TEXT NOT NULL, point TEXT NOT NULL, slot_id TEXT NOT NULL,
    day TEXT NOT NULL, start TEXT NOT NULL, procedure_code TEXT NOT NULL, id_hash TEXT NOT NULL, masked_id TEXT NOT NULL, full_name TEXT NOT NULL,
    phone TEXT NOT NULL, booking_code TEXT NOT NULL UNIQUE, status TEXT NOT NULL, status_at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS appointments_by_slot ON appointments (slot_id, status);
  CREATE INDEX IF NOT EXISTS appointments_by_day ON appointments (point, day);
  CREATE TABLE IF NOT EXISTS bus_routes (bus_id TEXT PRIMARY KEY, route_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS route_days (
    bus_id TEXT NOT NULL, day TEXT NOT NULL, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, response_json TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (bus_id, day));
`;

const tokenHash = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

/** A PIN's salted scrypt hash (hex): a PIN has few digits, so never a bare sha256 of it. */
export const pinHash = (pin: string, salt: string): string => crypto.scryptSync(pin, salt, 32).toString('hex');

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

  // ---- staff and points ----

  /**
   * Enrols staff, or gives them a new PIN, roles and name. Their wrong tries stay: staff are
   * enrolled again at every start, and a restart must not lift a lock.
   */
  addStaff(s: SandboxStaff): void {
    const salt = crypto.randomBytes(16).toString('hex');
    this.db.prepare(`INSERT INTO staff (id, pin_salt, pin_hash, roles_json, display_name) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET pin_salt = excluded.pin_salt, pin_hash = excluded.pin_hash, roles_json = excluded.roles_json, display_name = excluded.display_name`)
      .run(s.staffId, salt, pinHash(s.pin, salt), JSON.stringify(s.roles), s.displayName ?? `Nhân viên ${s.staffId}`);
  }

  /** Enrols a point, or changes its name, address or phone. */
  addPoint(p: SandboxPoint): void {
    this.db.prepare(`INSERT INTO points (code, name, address, phone) VALUES (?, ?, ?, ?)
      ON CONFLICT(code) DO UPDATE SET name = excluded.name, address = excluded.address, phone = excluded.phone`)
      .run(p.code, p.name ?? `Điểm phục vụ công ${p.code}`, p.address ?? 'Hà Nội', p.phone ?? '1900 1009');
  }

  pointExists(code: string): boolean {
    return this.db.prepare('SELECT 1 FROM points WHERE code = ?').get(code) !== undefined;
  }

  /** Publishes a bus route (already checked, route-schema.ts), or replaces its timetable. */
  addRoute(r: RouteJson): void {
    this.db.prepare('INSERT INTO bus_routes (bus_id, route_json) VALUES (?, ?) ON CONFLICT(bus_id) DO UPDATE SET route_json = excluded.route_json')
      .run(r.busId, JSON.stringify(r));
  }

  route(busId: string): RouteJson | null {
    const r = this.db.prepare('SELECT route_json FROM bus_routes WHERE bus_id = ?').get(busId) as { route_json: string } | undefined;
    return r ? (JSON.parse(r.route_json) as RouteJson) : null;
  }

  routes(): RouteJson[] {
    return (this.db.prepare('SELECT route_json FROM bus_routes ORDER BY bus_id').all() as { route_json: string }[]).map((r) => JSON.parse(r.route_json) as RouteJson);
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
