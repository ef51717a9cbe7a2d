// POST /v1/uploads … tus 1.0.0 (creation, HEAD offset, PATCH chunks, termination) through
// @tus/server on files under <dataDir>/uploads, each upload owned by the device that made it;
// and the check a dossier's attachments must pass: a finished upload of this device whose
// bytes hash to the sha256 it names, or 422 naming it.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import { HttpError, type SandboxContext, type SandboxPlugin } from '../sandbox-context';

export interface AttachmentClaim {
  readonly uploadId: string;
  readonly sha256: string;
}

export class Uploads {
  readonly #ctx: SandboxContext;
  readonly #datastore: FileStore;
  readonly tus: TusServer;

  constructor(ctx: SandboxContext) {
    this.#ctx = ctx;
    const { store, clock, settings } = ctx;
    this.#datastore = new FileStore({ directory: settings.uploadsDir });
    this.tus = new TusServer({
      path: '/v1/uploads',
      datastore: this.#datastore,
      maxSize: settings.maxUploadBytes,
      // Loopback only; the upload id is all the client needs (Location's last segment).
      onIncomingRequest: async (req, uploadId) => {
        const device = store.deviceFor(req.headers.get('authorization'));
        if (!device) throw { status_code: 401, body: JSON.stringify({ error: { code: 'unauthorized', message: 'Unknown or revoked device token.' } }) };
        if (uploadId && req.method !== 'POST') {
          const owner = store.uploadOwner(uploadId);
          if (owner && owner !== device) throw { status_code: 404, body: JSON.stringify({ error: { code: 'not-found', message: 'No such upload.' } }) };
        }
      },
      onUploadCreate: async (req, upload) => {
        store.recordUpload(upload.id, store.deviceFor(req.headers.get('authorization')) ?? '?', clock.now());
        ctx.stats.current.uploads++;
        return {};
      },
    });
  }

  /** Checks every attachment is a finished upload of this device whose bytes hash to sha256. */
  async verify(deviceId: string, atts: readonly AttachmentClaim[]): Promise<{ uploadId: string; sha256: string; size: number }[]> {
    const out: { uploadId: string; sha256: string; size: number }[] = [];
    for (const a of atts) {
      const fail = (reason: string) => new HttpError(422, 'attachment-invalid', `Attachment ${a.uploadId}: ${reason}`, { uploadId: a.uploadId, reason });
      if (!/^[A-Za-z0-9_-]+$/.test(a.uploadId)) throw fail('bad upload id');
      if (this.#ctx.store.uploadOwner(a.uploadId) !== deviceId) throw fail('no such upload');
      let upload;
      try {
        upload = await this.#datastore.getUpload(a.uploadId);
      } catch {
        throw fail('no such upload');
      }
      if (upload.size === undefined || upload.offset !== upload.size) throw fail('upload not finished');
      const hash = crypto.createHash('sha256');
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(path.join(this.#ctx.settings.uploadsDir, a.uploadId)).on('data', (c) => hash.update(c)).on('end', resolve).on('error', reject);
      });
      const sha = hash.digest('hex');
      if (sha !== a.sha256) throw fail('sha256 mismatch');
      out.push({ uploadId: a.uploadId, sha256: sha, size: upload.size });
    }
    return out;
  }
}

export const uploadRoutes: SandboxPlugin<{ uploads: Uploads }> = async (app, { ctx, uploads }) => {
  // tus reads the raw request itself; Fastify must leave the body alone.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));
  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    ctx.stats.bump('byStatus', 'tus');
    await uploads.tus.handle(req.raw, reply.raw);
  };
  app.all('/v1/uploads', handle);
  app.all('/v1/uploads/*', handle);
};
