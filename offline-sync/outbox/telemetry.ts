// Telemetry: device health, counters and service ratings. Ratings carry no dossier or session
// id, and the report's time is cut to the hour, so nothing links a rating to a citizen.
import { ok, err, type Result } from '../../common/result';
import { newId } from '../../common/ids';
import { inputError, type OutboxContext, type Row } from './outbox-context';
import type { MessageQueue } from './messages';
import { telemetryInputSchema, type OutboxError, type TelemetryInput } from './types';

const HOUR_MS = 3_600_000;

/** A stored report, as it is sent (with the device id and the outbox's counts added at send time). */
export interface TelemetryReport {
  /** Cut to the hour. */
  readonly at: string;
  readonly devices: readonly { readonly kind: string; readonly status: string; readonly detail?: string }[];
  /** Service ratings: deliberately no dossier id, no session id. */
  readonly ratings?: readonly { readonly score: number; readonly procedureCode?: string }[];
  readonly counters?: Readonly<Record<string, number>>;
}

export class TelemetryReports {
  constructor(
    private readonly ctx: OutboxContext,
    private readonly messages: MessageQueue,
  ) {}

  /** Device health and ratings. Ratings carry no dossier or session id, and their time is cut to the hour. */
  enqueue(input: TelemetryInput): Result<{ id: string }, OutboxError> {
    const parsed = telemetryInputSchema.safeParse(input);
    if (!parsed.success) return err(inputError(parsed.error));
    const id = newId();
    const now = this.ctx.now();
    const hour = new Date(Math.floor(now / HOUR_MS) * HOUR_MS).toISOString();
    const payload: TelemetryReport = { at: hour, ...parsed.data };
    try {
      this.ctx.transaction(() => {
        this.ctx.db.prepare('INSERT INTO telemetry (id, payload_json, created_at) VALUES (?, ?, ?)').run(id, JSON.stringify(payload), now);
        this.messages.insert(id, 'telemetry', null, now);
      });
    } catch (e) {
      return this.ctx.fail('telemetry-failed', e);
    }
    this.ctx.changed();
    return ok({ id });
  }

  /** The stored report; null when there is none. */
  payload(id: string): TelemetryReport | null {
    const r = this.ctx.db.prepare('SELECT payload_json FROM telemetry WHERE id = ?').get(id) as Row | undefined;
    return r ? (JSON.parse(r.payload_json as string) as TelemetryReport) : null;
  }
}
