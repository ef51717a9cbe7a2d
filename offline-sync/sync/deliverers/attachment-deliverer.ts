// Attachments go before the dossier (or supplement) that names them: by tus, two at a time,
// each resumed from the server's offset when its upload URL was saved. The upload URL is kept
// in the attachment row as soon as the server names it, and the upload id once finished.
import type { Logger } from '../../../common/logger';
import { ok, err, type Result } from '../../../common/result';
import type { AttachmentRef, CityGatewayClient } from '../../city-client/city-gateway-client';
import type { StatusError } from '../../city-client/city-errors';
import type { AttachmentFiles } from '../../outbox/attachments';
import type { AttachmentRow, MessageRow } from '../../outbox/types';
import { deliveryOf, refused, retryLater, type Delivery } from './delivery';

export class AttachmentDeliverer {
  constructor(
    private readonly d: {
      client: CityGatewayClient;
      attachments: Pick<AttachmentFiles, 'read' | 'setUploadUrl' | 'setUploaded'>;
      log: Logger;
      /** Attachments of one dossier uploaded in parallel. */
      concurrency: number;
    },
  ) {}

  /**
   * Uploads every attachment not yet finished (two at a time, so one upload's round trips do not
   * leave the link idle); answers the list the dossier names, or the first failure.
   */
  async uploadAll(dossierId: string, atts: readonly AttachmentRow[]): Promise<Result<AttachmentRef[], Delivery>> {
    const ids: (string | null)[] = atts.map((a) => a.uploadId);
    let failure: Delivery | null = null;
    let finished = 0;
    let next = 0;
    const lane = async () => {
      while (!failure && next < atts.length) {
        const i = next++;
        const a = atts[i]!;
        if (ids[i]) continue;
        const up = await this.#upload(a, dossierId);
        if (up.ok) {
          ids[i] = up.value;
          finished++;
        } else failure ??= up.error.kind === 'refused' ? refused(up.error.code, `attachment ${a.ord + 1}: ${up.error.reason}`) : up.error;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.d.concurrency, atts.length) }, lane));
    // TypeScript cannot see the lanes' writes to `failure`, so it is read back with its declared type.
    const failed = failure as Delivery | null;
    if (failed) return err(finished > 0 && failed.kind === 'retry' ? { ...failed, progressed: true } : failed);
    return ok(atts.map((a, i) => ({ uploadId: ids[i]!, sha256: a.sha256, mediaType: a.mediaType, pages: a.pages, documentType: a.documentType })));
  }

  /** Uploads one attachment, resuming at the server's offset when an upload URL was saved. */
  async #upload(a: AttachmentRow, dossierId: string): Promise<Result<string, Delivery>> {
    let bytes: Buffer;
    try {
      bytes = this.d.attachments.read(a); // decrypted in memory only; never written in clear
    } catch (e) {
      return err(refused('attachment-unreadable', (e as Error).message.slice(0, 100)));
    }
    let current = a.uploadUrl;
    const r = await this.d.client.uploadAttachment({
      bytes,
      resumeUrl: a.uploadUrl,
      metadata: { dossierId, sha256: a.sha256, mediaType: a.mediaType, filename: `${a.id}` },
      onUploadUrl: (url) => {
        current = url;
        this.d.attachments.setUploadUrl(a.id, url);
      },
    });
    if (r.ok) {
      this.d.attachments.setUploaded(a.id, r.value.uploadId);
      return ok(r.value.uploadId);
    }
    if (r.error.code === 'status' && (r.error.status === 404 || r.error.status === 410)) {
      // The server forgot this upload: start a new one next time.
      this.d.attachments.setUploadUrl(a.id, null);
      return err(retryLater('tus: upload expired'));
    }
    if (r.error.code === 'status' && r.error.status === 409 && current) {
      // The upload's offset no longer matches ours: end it and start a new one next time, rather than park the dossier.
      if (!(await this.d.client.terminateUpload(current))) this.d.log.warn('upload-not-terminated', { attachmentId: a.id });
      this.d.attachments.setUploadUrl(a.id, null);
      return err(retryLater('tus: upload conflict, starting again'));
    }
    return err(deliveryOf(r.error));
  }

  /**
   * A 422 naming one of our uploads means the server lost or rejected it: upload it again (a
   * few times), and end the old upload at the city rather than leave it there. Null when the
   * refusal is not about an upload of this message.
   */
  async redoLostUpload(m: MessageRow, atts: readonly AttachmentRow[], e: StatusError): Promise<Delivery | null> {
    if (e.status !== 422) return null;
    const named = (e.details as { uploadId?: unknown } | undefined)?.uploadId;
    const a = atts.find((x) => x.uploadId && x.uploadId === named);
    if (!a || m.attempts > 3) return null;
    if (a.uploadUrl && !(await this.d.client.terminateUpload(a.uploadUrl))) this.d.log.warn('upload-not-terminated', { attachmentId: a.id });
    this.d.attachments.setUploadUrl(a.id, null);
    this.d.attachments.setUploaded(a.id, null);
    this.d.log.warn('upload-redo', { attachmentId: a.id, reason: e.reason.slice(0, 80) });
    return retryLater(`upload rejected, will re-upload: ${e.reason.slice(0, 80)}`);
  }
}
