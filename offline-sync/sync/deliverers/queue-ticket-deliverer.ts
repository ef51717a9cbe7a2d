// Queue tickets: POST /v1/queue-tickets, idempotent on ticketId; the city's number is stored
// with the ack. The citizen may be waiting (SyncWorker.requestQueueTicket), hence the time-out.
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { MessageRow } from '../../outbox/types';
import { DELIVERED, deliveryOf, refused, type Deliverer, type Delivery } from './delivery';

export class QueueTicketDeliverer implements Deliverer {
  constructor(private readonly d: { client: CityGatewayClient; outbox: Pick<Outbox, 'queueTickets'> }) {}

  deliver(m: MessageRow): Promise<Delivery> {
    return this.send(m.id);
  }

  /** Sends one ticket; timeoutMs shortens the wait when a citizen stands in front of the kiosk. */
  async send(id: string, timeoutMs?: number): Promise<Delivery> {
    const t = this.d.outbox.queueTickets.get(id);
    if (!t) return refused('missing', 'Ticket row missing.');
    const r = await this.d.client.postQueueTicket(
      { ticketId: t.id, branchCode: t.branchCode, serviceCode: t.serviceCode, priority: t.priority, requestedAt: t.requestedAt },
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    if (!r.ok) return deliveryOf(r.error);
    this.d.outbox.queueTickets.recordAck(id, {
      number: r.value.number, counterHint: r.value.counterHint ?? null, issuedAt: r.value.issuedAt, estimatedWaitMinutes: r.value.estimatedWaitMinutes ?? null,
    });
    return DELIVERED;
  }
}
