// Dossiers and supplements: their attachments first (by tus), then the PUT that names them.
// A 422 naming one of the uploads sends that attachment again; a 422 staff_session_invalid parks
// the dossier (with the city's reason: unknown, expired, other_device, other_staff) until the
// staff member signs in again (outbox.dossiers.restampStaffSession); the city's answer is stored
// with the ack in one transaction.
import type { Logger } from '../../../common/logger';
import type { CityError } from '../../city-client/city-errors';
import type { CityGatewayClient } from '../../city-client/city-gateway-client';
import type { Outbox } from '../../outbox/outbox';
import type { AttachmentRow, MessageRow } from '../../outbox/types';
import { STAFF_SESSION_INVALID } from '../../outbox/dossiers';
import type { AttachmentDeliverer } from './attachment-deliverer';
import { DELIVERED, deliveryOf, refused, type Deliverer, type Delivery } from './delivery';

interface Deps {
  client: CityGatewayClient;
  outbox: Pick<Outbox, 'dossiers' | 'supplements' | 'attachments' | 'messages'>;
  uploads: AttachmentDeliverer;
  log: Logger;
}

/**
 * A refused PUT: re-upload an attachment the city lost, else what the contract says. Uploads
 * finished on this try are progress: the next try starts from the shortest backoff.
 */
async function afterRefusal(d: Deps, m: MessageRow, atts: () => AttachmentRow[], e: CityError, uploadedNow: boolean): Promise<Delivery> {
  if (e.code === 'status' && e.status === 422 && e.cityCode === STAFF_SESSION_INVALID) {
    const why = (e.details as { reason?: unknown } | undefined)?.reason;
    return refused(STAFF_SESSION_INVALID, `${typeof why === 'string' ? why.slice(0, 32) : 'unknown'}: ${e.reason}`);
  }
  const out = (e.code === 'status' ? await d.uploads.redoLostUpload(m, atts(), e) : null) ?? deliveryOf(e);
  return out.kind === 'retry' && uploadedNow ? { ...out, progressed: true } : out;
}

/** Whether any of these attachments still had to be uploaded (so a finished uploadAll uploaded something now). */
const anyToUpload = (atts: readonly AttachmentRow[]) => atts.some((a) => !a.uploadId);

export class DossierDeliverer implements Deliverer {
  constructor(private readonly d: Deps) {}

  async deliver(m: MessageRow): Promise<Delivery> {
    const { outbox, client } = this.d;
    const payload = outbox.dossiers.payload(m.id);
    if (!payload) return refused('purged', 'The dossier data was purged before it was sent.');
    const atts = outbox.attachments.listFor(m.id, null);
    const up = await this.d.uploads.uploadAll(m.id, atts);
    if (!up.ok) return up.error;
    const r = await client.putDossier(m.id, { ...payload, attachments: up.value });
    if (!r.ok) return afterRefusal(this.d, m, () => outbox.attachments.listFor(m.id, null), r.error, anyToUpload(atts));
    outbox.dossiers.recordAck(m.id, {
      receiptCode: r.value.receiptCode, receivedAt: r.value.receivedAt, appointmentDate: r.value.appointmentDate ?? null,
      status: r.value.status, statusCode: r.value.statusCode,
    });
    this.d.log.info('dossier-acked', { dossierId: m.id });
    return DELIVERED;
  }
}

export class SupplementDeliverer implements Deliverer {
  constructor(private readonly d: Deps) {}

  async deliver(m: MessageRow): Promise<Delivery> {
    const { outbox, client } = this.d;
    const s = outbox.supplements.get(m.id);
    if (!s) return refused('missing', 'Supplement row missing.');
    const atts = outbox.attachments.listFor(s.dossierId, m.id);
    const up = await this.d.uploads.uploadAll(s.dossierId, atts);
    if (!up.ok) return up.error;
    const r = await client.putSupplement(s.dossierId, m.id, { attachments: up.value, ...(s.note ? { note: s.note } : {}), createdAt: s.createdAt });
    if (!r.ok) return afterRefusal(this.d, m, () => outbox.attachments.listFor(s.dossierId, m.id), r.error, anyToUpload(atts));
    outbox.messages.markAcked(m.id);
    return DELIVERED;
  }
}
