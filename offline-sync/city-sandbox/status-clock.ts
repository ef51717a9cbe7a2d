// The sandbox's status clock: a received dossier moves to processing, then to completed (or,
// for a fraction of them, needs_supplement) on the configured clock. Changes are applied
// lazily, when a device reads its feed, or at once by advance().
import type { Clock } from '../../common/clock';
import type { SandboxDb } from './sandbox-db';
import type { CityStatus } from './codes';

export interface StatusTimings {
  /** received → processing after this long. */
  readonly processingAfterMs: number;
  /** received → completed after this long (never before processing). */
  readonly completedAfterMs: number;
  /** Fraction of dossiers that go to needs_supplement instead of completed. */
  readonly supplementFraction: number;
}

export class StatusClock {
  constructor(
    private readonly store: SandboxDb,
    private readonly clock: Clock,
    readonly timings: StatusTimings,
  ) {}

  /** Applies every status change that is due by now. */
  advance(): void {
    const { processingAfterMs, completedAfterMs } = this.timings;
    const db = this.store.db;
    const now = this.clock.now().getTime();
    const rows = db.prepare(`SELECT id, device_id, status, phase_start_ms, wants_supplement FROM dossiers WHERE status IN ('received','processing')`).all() as
      { id: string; device_id: string; status: string; phase_start_ms: number; wants_supplement: number }[];
    this.store.transaction(() => {
      for (const r of rows) {
        let { status, phase_start_ms: start, wants_supplement: wants } = r;
        for (;;) {
          if (status === 'received' && now >= start + processingAfterMs) {
            start += processingAfterMs;
            status = 'processing';
            this.store.insertChange(r.device_id, r.id, 'processing', new Date(start));
          } else if (status === 'processing' && now >= start + (completedAfterMs - processingAfterMs)) {
            start += completedAfterMs - processingAfterMs;
            if (wants) {
              status = 'needs_supplement';
              wants = 0;
              this.store.insertChange(r.device_id, r.id, 'needs_supplement', new Date(start), 'Bổ sung bản sao giấy tờ');
            } else {
              status = 'completed';
              this.store.insertChange(r.device_id, r.id, 'completed', new Date(start));
            }
          } else break;
        }
        if (status !== r.status) db.prepare('UPDATE dossiers SET status = ?, phase_start_ms = ?, wants_supplement = ? WHERE id = ?').run(status, start, wants, r.id);
      }
    });
  }

  /** The city decides now (test control): false when there is no such dossier. */
  setDossierStatus(dossierId: string, status: CityStatus, note?: string): boolean {
    const r = this.store.db.prepare('SELECT device_id FROM dossiers WHERE id = ?').get(dossierId) as { device_id: string } | undefined;
    if (!r) return false;
    this.store.transaction(() => {
      this.store.db.prepare('UPDATE dossiers SET status = ?, phase_start_ms = ? WHERE id = ?').run(status, this.clock.now().getTime(), dossierId);
      this.store.insertChange(r.device_id, dossierId, status, this.clock.now(), note);
    });
    return true;
  }
}
