// PUT /v1/dossiers/{dossierId} and PUT /v1/dossiers/{dossierId}/supplements/{supplementId}:
// idempotent on the device-made id (same body → the stored answer, another body → 409 with the
// stored hash), every attachment a finished upload that hashes right, a receipt code a day; an
// assisted dossier (onBehalfOf) names a live staff session of this device and that staff member.
import crypto from 'node:crypto';
import * as z from 'zod';
import { appointmentDate, canonicalHash, receiptCode, vnDay } from '../codes';
import { authenticate, HttpError, idParam, parseBody, type SandboxPlugin } from '../sandbox-context';
import type { Uploads } from './uploads';
import { staffSessionProblem } from './staff-sessions';

const attachmentSchema = z.object({
  uploadId: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string().min(1).max(100),
  pages: z.number().int().min(1),
  documentType: z.string().min(1).max(100),
});
const dossierSchema = z.object({
  procedureCode: z.string().regex(/^\d+(\.\d+)+$/),
  channel: z.enum(['kiosk', 'community', 'bus']),
  applicant: z.object({
    idNumber: z.string().regex(/^\d{12}$/), fullName: z.string().min(1), dateOfBirth: z.string(), sex: z.string(), address: z.string(),
    phone: z.string().optional(), email: z.string().optional(),
  }),
  onBehalfOf: z.object({ staffId: z.string().min(1).max(64), staffSessionId: z.string().min(1).max(64), consentRef: z.string().min(1).max(128) }).optional(),
  form: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentSchema).max(50),
  fee: z.object({ amount: z.number().int().min(0), paymentId: z.string().optional() }),
  createdAt: z.string(),
});
const supplementSchema = z.object({ attachments: z.array(attachmentSchema).min(1).max(50), note: z.string().max(1000).optional(), createdAt: z.string() });

export const dossierRoutes: SandboxPlugin<{ uploads: Uploads }> = async (app, { ctx, uploads }) => {
  const { store, clock } = ctx;
  const db = store.db;
  const conflict = (storedHash: string) => new HttpError(409, 'conflict', 'Same id, different body.', { storedHash });

  app.put('/v1/dossiers/:dossierId', async (req, reply) => {
    const device = authenticate(ctx, req);
    const id = idParam(req, 'dossierId');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT device_id, body_hash, response_json FROM dossiers WHERE id = ?').get(id) as
      { device_id: string; body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.');
      if (existing.body_hash !== hash) throw conflict(existing.body_hash);
      db.prepare('UPDATE dossiers SET puts = puts + 1 WHERE id = ?').run(id);
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const body = parseBody(dossierSchema, req.body);
    // Checked on the first put only: a repeat is answered above as stored, even once the session has ended.
    if (body.onBehalfOf) {
      const reason = staffSessionProblem(db, clock.now().getTime(), device, body.onBehalfOf.staffId, body.onBehalfOf.staffSessionId);
      if (reason) throw new HttpError(422, 'staff_session_invalid', `The staff session cannot vouch for this dossier (${reason}).`, { reason });
    }
    const atts = await uploads.verify(device, body.attachments);
    const now = clock.now();
    // Re-check after the await: a concurrent retry of the same PUT may have won.
    const raced = db.prepare('SELECT response_json, body_hash FROM dossiers WHERE id = ?').get(id) as { response_json: string; body_hash: string } | undefined;
    if (raced) {
      if (raced.body_hash !== hash) throw conflict(raced.body_hash);
      return reply.code(200).send(JSON.parse(raced.response_json));
    }
    const response = store.transaction(() => {
      const code = receiptCode(ctx.settings.agency, now, store.nextCounter(`receipt:${vnDay(now)}`));
      const res = { dossierId: id, receiptCode: code, receivedAt: now.toISOString(), appointmentDate: appointmentDate(now), status: 'received', statusCode: 2 };
      const wants = parseInt(crypto.createHash('sha256').update(id).digest('hex').slice(0, 8), 16) / 2 ** 32 < ctx.status.timings.supplementFraction ? 1 : 0;
      db.prepare(`INSERT INTO dossiers (id, device_id, body_hash, body_json, response_json, receipt_code, status, phase_start_ms, wants_supplement)
        VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)`).run(id, device, hash, JSON.stringify(req.body), JSON.stringify(res), code, now.getTime(), wants);
      const ins = db.prepare('INSERT INTO dossier_attachments (dossier_id, upload_id, sha256, size) VALUES (?, ?, ?, ?)');
      for (const a of atts) ins.run(id, a.uploadId, a.sha256, a.size);
      store.insertChange(device, id, 'received', now);
      return res;
    });
    ctx.stats.current.dossiers++;
    return reply.code(200).send(response);
  });

  app.put('/v1/dossiers/:dossierId/supplements/:supplementId', async (req, reply) => {
    const device = authenticate(ctx, req);
    const id = idParam(req, 'dossierId');
    const sid = idParam(req, 'supplementId');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT body_hash, response_json FROM supplements WHERE id = ? AND device_id = ?').get(sid, device) as
      { body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.body_hash !== hash) throw conflict(existing.body_hash);
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const dossier = db.prepare('SELECT status FROM dossiers WHERE id = ? AND device_id = ?').get(id, device) as { status: string } | undefined;
    if (!dossier) throw new HttpError(404, 'not-found', 'No such dossier.');
    const body = parseBody(supplementSchema, req.body);
    if (dossier.status !== 'needs_supplement') throw new HttpError(409, 'not-awaiting-supplement', `The dossier is ${dossier.status}.`);
    const atts = await uploads.verify(device, body.attachments);
    const now = clock.now();
    const res = { dossierId: id, supplementId: sid, receivedAt: now.toISOString(), status: 'processing', statusCode: 4 };
    store.transaction(() => {
      db.prepare('INSERT INTO supplements (id, dossier_id, device_id, body_hash, response_json) VALUES (?, ?, ?, ?, ?)').run(sid, id, device, hash, JSON.stringify(res));
      const ins = db.prepare('INSERT INTO dossier_attachments (dossier_id, supplement_id, upload_id, sha256, size) VALUES (?, ?, ?, ?, ?)');
      for (const a of atts) ins.run(id, sid, a.uploadId, a.sha256, a.size);
      db.prepare(`UPDATE dossiers SET status = 'processing', phase_start_ms = ? WHERE id = ?`).run(now.getTime() - ctx.status.timings.processingAfterMs, id);
      store.insertChange(device, id, 'processing', now, 'Đã nhận hồ sơ bổ sung');
    });
    return reply.code(200).send(res);
  });
};
