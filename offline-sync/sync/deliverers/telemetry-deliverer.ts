// Telemetry: POST /v1/telemetry with the stored report and the outbox's counts at send time.
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { MessageRow } from '../../outbox/types';
import { DELIVERED, deliveryOf, refused, type Deliverer, type Delivery } from './delivery';

export class TelemetryDeliverer implements Deliverer {
  constructor(private readonly d: { client: CityGatewayClient; outbox: Pick<Outbox, 'telemetry' | 'messages' | 'stats'>; deviceId: string }) {}

  async deliver(m: MessageRow): Promise<Delivery> {
    const payload = this.d.outbox.telemetry.payload(m.id);
    if (!payload) return refused('missing', 'Telemetry row missing.');
    const s = this.d.outbox.stats();
    const r = await this.d.client.postTelemetry({ deviceId: this.d.deviceId, ...payload, outbox: { pending: s.pending, oldestPendingAt: s.oldestPendingAt } });
    if (!r.ok) return deliveryOf(r.error);
    this.d.outbox.messages.markAcked(m.id);
    return DELIVERED;
  }
}
