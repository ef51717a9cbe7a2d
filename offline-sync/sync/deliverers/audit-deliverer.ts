// Audit events: POST /v1/audit, many at once. The message the worker hands over takes the other
// due audit events with it (up to 50 in one request); the city's 204 acks them all in one
// transaction, a refusal parks them all, a failure makes them all wait as one message would.
// A lane handed an event another batch is already sending waits for that batch's outcome
// instead of sending it twice (harmless, eventId is idempotent, but a request for nothing).
import type { Logger } from '../../../common/logger';
import type { Clock } from '../../../common/clock';
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { MessageRow } from '../../outbox/types';
import { DELIVERED, deliveryOf, refused, type Deliverer, type Delivery } from './delivery';

/** Events in one POST: the contract's cap is the city's (the sandbox takes 200); 50 keeps a request small. */
export const AUDIT_BATCH = 50;

export class AuditDeliverer implements Deliverer {
  /** Event id → the outcome of the batch sending it. */
  readonly #inFlight = new Map<string, Promise<Delivery>>();
  /** Batches in a row that got nothing through: the waiting events back off as one message would. */
  #failures = 0;

  constructor(
    private readonly d: {
      client: CityGatewayClient;
      outbox: Pick<Outbox, 'audit' | 'messages'>;
      clock: Clock;
      log: Logger;
      /** The worker's backoff for a message after its n-th failed try. */
      backoff: (tries: number) => number;
    },
  ) {}

  deliver(m: MessageRow): Promise<Delivery> {
    const sending = this.#inFlight.get(m.id);
    if (sending) return sending;
    // Chosen and claimed before the first await, so no other lane can pick the same events.
    const batch = this.d.outbox.audit.dueBatch(m.id, this.d.clock.now().getTime(), AUDIT_BATCH, new Set(this.#inFlight.keys()));
    if (!batch.some((e) => e.eventId === m.id)) return Promise.resolve(refused('missing', 'Audit event row missing.'));
    const ids = batch.map((e) => e.eventId);
    const outcome = this.#send(m.id, batch).finally(() => {
      for (const id of ids) this.#inFlight.delete(id);
    });
    for (const id of ids) this.#inFlight.set(id, outcome);
    return outcome;
  }

  async #send(lead: string, events: Parameters<CityGatewayClient['postAudit']>[0]['events']): Promise<Delivery> {
    const r = await this.d.client.postAudit({ events });
    // The worker records the lead's outcome (and that of any lane waiting on this batch); the rest are recorded here.
    const others = events.map((e) => e.eventId).filter((id) => id !== lead);
    if (r.ok) {
      this.#failures = 0;
      this.d.outbox.audit.recordDelivered(events.map((e) => e.eventId));
      this.d.log.info('audit-delivered', { events: events.length });
      return DELIVERED;
    }
    const out = deliveryOf(r.error);
    if (out.kind === 'refused') {
      this.#failures = 0;
      this.d.outbox.messages.markRejectedAll(others, out.code, out.reason);
    } else if (out.kind === 'retry') {
      this.#failures++;
      const delay = Math.max(out.retryAfterMs ?? 0, this.d.backoff(this.#failures));
      this.d.outbox.messages.markRetryAll(others, this.d.clock.now().getTime() + delay, out.error);
    }
    // unauthorized: the worker stops; the others stay due for when a token is enrolled again.
    return out;
  }
}
