// Small pieces of the kiosk's own state that must outlive a restart, kept in the encrypted
// store beside the outbox: the technician PIN lockout (per caller) and the iHanoi per-person
// queue claims (by a keyed hash, never the ID number). Each class structurally satisfies a
// port of kiosk-app/core (LockoutStore, QueueLimitStore); this layer cannot import the app.
import crypto from 'node:crypto';
import { systemClock, type Clock } from '../../common/clock';
import type { KioskStore } from './store';

export interface StoredLockoutState {
  readonly failures: number;
  /** Epoch ms; 0 when not locked. */
  readonly lockedUntil: number;
}

/** maintenance_lockout (migration 3): one row a caller that has failed since its last success. */
export class StoredPinLockout {
  readonly #clock: Clock;
  readonly #get;
  readonly #upsert;
  readonly #delete;
  readonly #sweep;

  constructor(store: Pick<KioskStore, 'db'>, opts: { clock?: Clock } = {}) {
    this.#clock = opts.clock ?? systemClock;
    const db = store.db;
    this.#get = db.prepare<[string], { failures: number; locked_until: number }>('SELECT failures, locked_until FROM maintenance_lockout WHERE source = ?');
    this.#upsert = db.prepare<[string, number, number, number]>(
      `INSERT INTO maintenance_lockout (source, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(source) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
    );
    this.#delete = db.prepare<[string]>('DELETE FROM maintenance_lockout WHERE source = ?');
    // Lockouts that ended with no failure since: nothing left to remember.
    this.#sweep = db.prepare<[number]>('DELETE FROM maintenance_lockout WHERE failures = 0 AND locked_until <= ?');
  }

  get(source: string): StoredLockoutState | null {
    const row = this.#get.get(source);
    return row ? { failures: row.failures, lockedUntil: row.locked_until } : null;
  }

  set(source: string, state: StoredLockoutState): void {
    const now = this.#clock.now().getTime();
    if (state.failures === 0 && state.lockedUntil === 0) this.#delete.run(source);
    else this.#upsert.run(source, state.failures, state.lockedUntil, now);
    this.#sweep.run(now);
  }
}

export interface StoredQueueClaim {
  readonly id: number;
  readonly field: string;
  /** Null while the number is being issued. */
  readonly number: string | null;
}

const SALT_KEY = 'queue.person-salt';

/**
 * queue_person_claims (migration 4): the numbers a person took on a day, under
 * HMAC-SHA256(store salt, day + ID number). The salt is random per store and lives inside the
 * encrypted database; the day in the hash makes one day's rows unlinkable to another's.
 */
export class StoredQueueClaims {
  readonly #db: KioskStore['db'];
  readonly #clock: Clock;
  #salt: Buffer | null = null;
  readonly #list;
  readonly #insert;
  readonly #assign;
  readonly #release;

  constructor(store: Pick<KioskStore, 'db'>, opts: { clock?: Clock } = {}) {
    this.#db = store.db;
    this.#clock = opts.clock ?? systemClock;
    this.#list = this.#db.prepare<[string, string], StoredQueueClaim>('SELECT id, field, number FROM queue_person_claims WHERE day = ? AND person_hash = ? ORDER BY id');
    this.#insert = this.#db.prepare<[string, string, string, number]>('INSERT INTO queue_person_claims (day, person_hash, field, number, created_at) VALUES (?, ?, ?, NULL, ?)');
    this.#assign = this.#db.prepare<[string, number]>('UPDATE queue_person_claims SET number = ? WHERE id = ?');
    this.#release = this.#db.prepare<[number]>('DELETE FROM queue_person_claims WHERE id = ?');
  }

  #key(): Buffer {
    if (!this.#salt) {
      this.#db.prepare('INSERT OR IGNORE INTO kv (key, value) VALUES (?, ?)').run(SALT_KEY, crypto.randomBytes(32).toString('hex'));
      const row = this.#db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(SALT_KEY);
      this.#salt = Buffer.from(row!.value, 'hex');
    }
    return this.#salt;
  }

  /** The person's key for a day; the ID number itself is never stored. */
  personKey(day: string, idNumber: string): string {
    return crypto.createHmac('sha256', this.#key()).update(`${day}\n${idNumber}`).digest('base64url');
  }

  claims(day: string, personKey: string): StoredQueueClaim[] {
    return this.#list.all(day, personKey);
  }

  /** Holds a place for a number being issued; returns its id for assign or release. */
  reserve(day: string, personKey: string, field: string): number {
    return Number(this.#insert.run(day, personKey, field, this.#clock.now().getTime()).lastInsertRowid);
  }

  assign(id: number, number: string): void {
    this.#assign.run(number, id);
  }

  release(id: number): void {
    this.#release.run(id);
  }

  /** Deletes the claims of every day before `day` (the limit's window is one day). */
  purgeBefore(day: string): number {
    return this.#db.prepare<[string]>('DELETE FROM queue_person_claims WHERE day < ?').run(day).changes;
  }

  /** At start: places held by a process that stopped mid-issue (no number was given). */
  releaseUnfinished(): number {
    return this.#db.prepare('DELETE FROM queue_person_claims WHERE number IS NULL').run().changes;
  }
}

/**
 * A community point's day lists (its appointments and what staff did since), kept in the kv
 * table of the encrypted store under `appointments:<point>:<date>`, so the evening's list
 * serves when the city does not answer. Lists older than a week are dropped as new ones come.
 */
export class StoredDayLists {
  readonly #read;
  readonly #write;
  readonly #keys;
  readonly #delete;

  constructor(store: Pick<KioskStore, 'db'>) {
    const db = store.db;
    this.#read = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
    this.#write = db.prepare<[string, string]>('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#keys = db.prepare<[], { key: string }>(`SELECT key FROM kv WHERE key LIKE 'appointments:%'`);
    this.#delete = db.prepare<[string]>('DELETE FROM kv WHERE key = ?');
  }

  read(key: string): string | null {
    return this.#read.get(key)?.value ?? null;
  }

  write(key: string, value: string): void {
    this.#write.run(key, value);
    const day = /:(\d{4}-\d{2}-\d{2})$/.exec(key)?.[1];
    if (!day) return;
    const weekBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
    for (const { key: k } of this.#keys.all()) {
      const d = /:(\d{4}-\d{2}-\d{2})$/.exec(k)?.[1];
      if (d && d < weekBefore) this.#delete.run(k);
    }
  }
}
