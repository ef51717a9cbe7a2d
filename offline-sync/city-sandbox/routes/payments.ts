// PUT /v1/payments/{paymentId}: never a full card number (refused before anything is stored),
// only for a dossier this device submitted, idempotent on the id; the one change a stored
// payment may take is approved → refunded of the same sale.
import * as z from 'zod';
import { canonicalHash, containsCardNumber } from '../codes';
import { authenticate, HttpError, idParam, parseBody, type SandboxPlugin } from '../sandbox-context';

const paymentSchema = z.object({
  dossierId: z.string().min(1),
  method: z.enum(['card', 'vietqr', 'cash']),
  amount: z.number().int().min(0),
  status: z.enum(['approved', 'declined', 'cancelled', 'refunded']),
  terminalRef: z.string().optional(),
  approvalCode: z.string().optional(),
  maskedPan: z.string().optional(),
  paidAt: z.string(),
});

export const paymentRoutes: SandboxPlugin = async (app, { ctx }) => {
  const db = ctx.store.db;
  app.put('/v1/payments/:paymentId', async (req, reply) => {
    const device = authenticate(ctx, req);
    const id = idParam(req, 'paymentId');
    // Checked before anything is stored: a full card number must never land in the database.
    if (containsCardNumber(req.body)) throw new HttpError(422, 'card-number-refused', 'The body looks like it holds a full card number; send maskedPan only.');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT device_id, body_hash, body_json FROM payments WHERE id = ?').get(id) as
      { device_id: string; body_hash: string; body_json: string } | undefined;
    const body = parseBody(paymentSchema, req.body);
    if (body.maskedPan !== undefined && !/^\d{0,6}[*xX•]{4,13}\d{0,4}$/.test(body.maskedPan)) {
      throw new HttpError(422, 'invalid', 'maskedPan must be masked (at most first 6 and last 4 digits).');
    }
    const stored = () => ({ paymentId: id, ...(JSON.parse((db.prepare('SELECT body_json FROM payments WHERE id = ?').get(id) as { body_json: string }).body_json) as object) });
    if (existing) {
      if (existing.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.');
      if (existing.body_hash === hash) {
        db.prepare('UPDATE payments SET puts = puts + 1 WHERE id = ?').run(id);
        return reply.code(200).send(stored());
      }
      // The one legal change of a stored payment: approved → refunded, same sale otherwise.
      const prev = JSON.parse(existing.body_json) as z.infer<typeof paymentSchema>;
      if (!(prev.status === 'approved' && body.status === 'refunded' && prev.amount === body.amount && prev.dossierId === body.dossierId)) {
        throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      }
      db.prepare('UPDATE payments SET body_hash = ?, body_json = ?, status = ?, puts = puts + 1 WHERE id = ?').run(hash, JSON.stringify(body), body.status, id);
      return reply.code(200).send(stored());
    }
    const dossier = db.prepare('SELECT 1 FROM dossiers WHERE id = ? AND device_id = ?').get(body.dossierId, device);
    if (!dossier) throw new HttpError(422, 'unknown-dossier', 'The payment names a dossier this device has not submitted.');
    db.prepare('INSERT INTO payments (id, device_id, dossier_id, body_hash, body_json, status) VALUES (?, ?, ?, ?, ?, ?)').run(id, device, body.dossierId, hash, JSON.stringify(body), body.status);
    ctx.stats.current.payments++;
    return reply.code(200).send(stored());
  });
};
