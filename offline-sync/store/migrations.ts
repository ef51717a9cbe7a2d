// Numbered, forward-only migrations. A database that holds unsent rows is never reset:
// each migration runs once, in its own transaction, and is recorded in schema_migrations.
import type { Database } from 'better-sqlite3-multiple-ciphers';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'outbox',
    sql: `
      CREATE TABLE outbox_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,               -- the entity id, also the idempotency key
        kind TEXT NOT NULL CHECK (kind IN ('dossier','payment','queue_ticket','telemetry','supplement')),
        state TEXT NOT NULL CHECK (state IN ('pending','sending','acked','rejected')),
        depends_on TEXT,                       -- id of a message that must be acked first
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        reject_code TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        last_attempt_at INTEGER,
        acked_at INTEGER
      );
      CREATE INDEX outbox_due ON outbox_messages(state, next_attempt_at, seq);

      CREATE TABLE dossiers (
        id TEXT PRIMARY KEY,
        local_ref TEXT NOT NULL UNIQUE,        -- printed before the city answers
        procedure_code TEXT NOT NULL,
        channel TEXT NOT NULL,
        fee_amount INTEGER NOT NULL,
        payment_id TEXT,
        payload_json TEXT,                     -- personal data; NULL once purged
        created_at INTEGER NOT NULL,
        receipt_code TEXT UNIQUE,
        received_at TEXT,
        appointment_date TEXT,
        city_status TEXT,
        city_status_code INTEGER,
        city_status_note TEXT,
        city_status_at TEXT,
        purged_at INTEGER
      );

      CREATE TABLE supplements (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id),
        note TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL REFERENCES dossiers(id),
        supplement_id TEXT REFERENCES supplements(id),
        ord INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        pages INTEGER NOT NULL,
        document_type TEXT NOT NULL,
        upload_url TEXT,                       -- saved as soon as the server creates the upload
        upload_id TEXT,                        -- set once the upload is complete
        purged_at INTEGER
      );
      CREATE INDEX attachments_dossier ON attachments(dossier_id, supplement_id, ord);
      CREATE INDEX attachments_sha ON attachments(sha256);

      CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        dossier_id TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('card','vietqr','cash')),
        amount INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('in_progress','unknown','approved','declined','cancelled','refunded')),
        terminal_ref TEXT,
        approval_code TEXT,
        masked_pan TEXT,
        paid_at TEXT,
        created_at INTEGER NOT NULL,
        outcome_at INTEGER
      );

      CREATE TABLE queue_tickets (
        id TEXT PRIMARY KEY,
        branch_code TEXT NOT NULL,
        service_code TEXT NOT NULL,
        priority TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        number INTEGER,
        counter_hint TEXT,
        issued_at TEXT,
        estimated_wait_minutes INTEGER
      );

      CREATE TABLE telemetry (
        id TEXT PRIMARY KEY,
        payload_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 2,
    name: 'payment-reference',
    // VietQR: the reference printed in the QR, so a bank notification after a restart still finds its sale.
    sql: `
      ALTER TABLE payments ADD COLUMN reference TEXT;
      CREATE INDEX payments_dossier ON payments(dossier_id);
      CREATE UNIQUE INDEX payments_reference ON payments(reference) WHERE reference IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'maintenance-lockout',
    // The technician PIN lockout, one row a caller (the api's source), so a restart keeps it.
    sql: `
      CREATE TABLE maintenance_lockout (
        source TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,   -- consecutive wrong PINs
        locked_until INTEGER NOT NULL DEFAULT 0, -- epoch ms; 0 = not locked
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'queue-person-claims',
    // iHanoi per-person limits: a keyed hash of (day, ID number), never the number; rows of
    // past days are purged. The key (salt) is kv 'queue.person-salt', made on first use.
    sql: `
      CREATE TABLE queue_person_claims (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        day TEXT NOT NULL,                     -- Hanoi day, YYYY-MM-DD
        person_hash TEXT NOT NULL,             -- HMAC-SHA256(salt, day | ID number), base64url
        field TEXT NOT NULL,
        number TEXT,                           -- NULL while the number is being issued
        created_at INTEGER NOT NULL
      );
      CREATE INDEX queue_person_claims_person ON queue_person_claims(day, person_hash);
    `,
  },
  {
    version: 5,
    name: 'payment-drafts',
    // What the citizen entered, kept from the moment a payment starts: a transfer that arrives
    // after the citizen left is "paid, not submitted", and staff complete or refund it from
    // this. Purged like a dossier's personal data (retentionDays after it is settled).
    sql: `
      CREATE TABLE payment_drafts (
        dossier_id TEXT PRIMARY KEY,           -- the dossier id reserved before paying
        procedure_code TEXT NOT NULL,
        payload_json TEXT,                     -- applicant and form answers; NULL once purged
        created_at INTEGER NOT NULL,
        settled_at INTEGER,                    -- completed at the counter or refunded
        purged_at INTEGER
      );
    `,
  },
  {
    version: 6,
    name: 'audit-events',
    // Device audit events (staff sign-in, assisted submissions, consent, maintenance): one row an
    // event, one outbox message (kind 'audit') each. SQLite cannot widen a CHECK in place, so the
    // message table is rebuilt with the new kind (same columns and order, seq kept).
    //
    // Append-only in the database itself, not only in the code: no UPDATE at all (delivery state
    // lives in the event's outbox message), and no DELETE except retention's one path, which the
    // trigger recognises by what it may remove: an event the city acknowledged (its message acked)
    // and older than 400 days by SQLite's own clock. Anything else raises, whoever asks. The 400
    // days are AUDIT_RETENTION_DAYS (audit-events.ts); changing them takes a migration.
    sql: `
      CREATE TABLE outbox_messages_v6 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('dossier','payment','queue_ticket','telemetry','supplement','audit')),
        state TEXT NOT NULL CHECK (state IN ('pending','sending','acked','rejected')),
        depends_on TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        reject_code TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        last_attempt_at INTEGER,
        acked_at INTEGER
      );
      INSERT INTO outbox_messages_v6 SELECT * FROM outbox_messages;
      DROP TABLE outbox_messages;
      ALTER TABLE outbox_messages_v6 RENAME TO outbox_messages;
      CREATE INDEX outbox_due ON outbox_messages(state, next_attempt_at, seq);
      CREATE INDEX outbox_kind ON outbox_messages(kind, state, seq);

      CREATE TABLE audit_events (
        id TEXT PRIMARY KEY,                   -- eventId (uuid v7), also its message's id
        at TEXT NOT NULL,                      -- when it happened, ISO 8601 UTC
        actor TEXT NOT NULL,                   -- kiosk, staff:<id>, …
        action TEXT NOT NULL,                  -- kebab-case
        subject TEXT,                          -- an id, never personal data
        detail_json TEXT,                      -- flat, small, no personal data
        created_at INTEGER NOT NULL
      );
      CREATE INDEX audit_events_at ON audit_events(at, id);
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      WHEN NOT (
        OLD.created_at < (CAST(strftime('%s', 'now') AS INTEGER) - 400 * 86400) * 1000
        AND EXISTS (SELECT 1 FROM outbox_messages m WHERE m.id = OLD.id AND m.state = 'acked')
      )
      BEGIN SELECT RAISE(ABORT, 'audit events are append-only (retention removes only acknowledged events older than 400 days)'); END;
    `,
  },
];

export function currentVersion(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Applies the migrations newer than the database; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const from = currentVersion(db);
  const latest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
  if (from > latest) throw Object.assign(new Error(`database schema v${from} is newer than this program (v${latest})`), { code: 'SCHEMA_TOO_NEW' });
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
