// What every part of the outbox shares: the store (and through it the one transaction helper,
// store.transaction), the clock, the log, the change listeners and the way a thrown storage
// error becomes an OutboxError. Each aggregate (dossiers, payments, …) gets this one object.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { err, type Err } from '../../common/result';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import type { KioskStore } from '../store/store';
import { classifyStorageError } from '../store/errors';
import type { OutboxError } from './types';

/** A row as better-sqlite3 answers it; each aggregate maps its own rows to typed values. */
export type Row = Record<string, unknown>;

export interface OutboxContextOptions {
  clock?: Clock;
  logger?: Logger;
  /** Test hook: called between the file writes and the transaction (crash and disk tests). */
  beforeCommit?: () => void;
}

export class OutboxContext {
  readonly store: KioskStore;
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly #beforeCommit?: () => void;
  readonly #listeners = new Set<() => void>();

  constructor(store: KioskStore, opts: OutboxContextOptions = {}) {
    this.store = store;
    this.db = store.db;
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child('outbox');
    this.#beforeCommit = opts.beforeCommit;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  /** One write transaction (the store's); every aggregate commits through it. */
  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  /** The crash and disk tests' hook between the fsynced files and the commit. */
  beforeCommit(): void {
    this.#beforeCommit?.();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener something was committed (e.g. so the worker wakes up). */
  changed(): void {
    for (const l of this.#listeners) {
      try {
        l();
      } catch {
        /* a listener's failure is not the outbox's */
      }
    }
  }

  /** A thrown storage error as the outbox's error value, logged by event and code (never row data). */
  fail(event: string, e: unknown): Err<OutboxError> {
    const se = classifyStorageError(e);
    if ((e as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || (e as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      return err({ code: 'duplicate', message: 'This id was already used.' });
    }
    this.log.error(event, { code: se.code });
    return err(se);
  }
}

/** An input refused by its schema: field paths and messages only, never the offending value (it may be personal data). */
export const inputError = (e: { issues: { path: PropertyKey[]; message: string }[] }): OutboxError => ({
  code: 'invalid-input',
  message: e.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; '),
});

export const DAY_MS = 86_400_000;
