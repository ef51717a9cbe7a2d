// Payments: PUT /v1/payments/{id} once the dossier is acked (the message waits on it). Only
// the masked PAN ever leaves the kiosk; a refund is the same payment sent again.
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { MessageRow } from '../../outbox/types';
import { DELIVERED, deliveryOf, refused, type Deliverer, type Delivery } from './delivery';

export class PaymentDeliverer implements Deliverer {
  constructor(private readonly d: { client: CityGatewayClient; outbox: Pick<Outbox, 'payments' | 'messages'> }) {}

  async deliver(m: MessageRow): Promise<Delivery> {
    const p = this.d.outbox.payments.get(m.id);
    if (!p) return refused('missing', 'Payment row missing.');
    // Only a settled payment is ever queued (payments.activateMessage).
    if (p.outcome === 'in_progress' || p.outcome === 'unknown') return refused('unsettled', 'The payment has no final outcome.');
    const r = await this.d.client.putPayment(m.id, {
      dossierId: p.dossierId, method: p.method, amount: p.amount, status: p.outcome,
      ...(p.terminalRef ? { terminalRef: p.terminalRef } : {}), ...(p.approvalCode ? { approvalCode: p.approvalCode } : {}),
      ...(p.maskedPan ? { maskedPan: p.maskedPan } : {}), paidAt: p.paidAt ?? p.createdAt,
    });
    if (!r.ok) return deliveryOf(r.error);
    this.d.outbox.messages.markAcked(m.id);
    return DELIVERED;
  }
}
