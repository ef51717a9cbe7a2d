// One deliverer a message kind, all over the same city client and outbox.
import type { Logger } from '../../../common/logger';
import type { Clock } from '../../../common/clock';
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { MessageKind } from '../../outbox/types';
import { AttachmentDeliverer } from './attachment-deliverer';
import { DossierDeliverer, SupplementDeliverer } from './dossier-deliverer';
import { PaymentDeliverer } from './payment-deliverer';
import { QueueTicketDeliverer } from './queue-ticket-deliverer';
import { TelemetryDeliverer } from './telemetry-deliverer';
import { AuditDeliverer } from './audit-deliverer';
import type { Deliverer } from './delivery';

export { deliveryOf, retryLater, type Deliverer, type Delivery } from './delivery';
export type { QueueTicketDeliverer } from './queue-ticket-deliverer';

export interface Deliverers {
  readonly byKind: Record<MessageKind, Deliverer>;
  /** Also used directly while a citizen waits for a number (shorter time-out). */
  readonly queueTickets: QueueTicketDeliverer;
}

export function createDeliverers(d: {
  client: CityGatewayClient; outbox: Outbox; log: Logger; deviceId: string; uploadConcurrency: number;
  /** The audit deliverer's batches back off as the worker's messages do. */
  clock: Clock; backoff: (tries: number) => number;
}): Deliverers {
  const { client, outbox, log } = d;
  const uploads = new AttachmentDeliverer({ client, attachments: outbox.attachments, log, concurrency: d.uploadConcurrency });
  const queueTickets = new QueueTicketDeliverer({ client, outbox });
  return {
    queueTickets,
    byKind: {
      dossier: new DossierDeliverer({ client, outbox, uploads, log }),
      supplement: new SupplementDeliverer({ client, outbox, uploads, log }),
      payment: new PaymentDeliverer({ client, outbox }),
      queue_ticket: queueTickets,
      telemetry: new TelemetryDeliverer({ client, outbox, deviceId: d.deviceId }),
      audit: new AuditDeliverer({ client, outbox, log, clock: d.clock, backoff: d.backoff }),
    },
  };
}
