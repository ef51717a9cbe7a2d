// The sandbox's test control, unauthenticated and so served only on loopback (or when asked):
// a bank transfer for a VietQR reference, the city deciding a dossier's status, the faults to
// inject, and the statistics.
import crypto from 'node:crypto';
import * as z from 'zod';
import { CITY_STATUSES, type CityStatus } from '../codes';
import { HttpError, idParam, parseBody, type SandboxPlugin } from '../sandbox-context';
import type { FaultControl } from '../request-hooks';
import { VIETQR_REFERENCE } from './vietqr';

export const controlRoutes: SandboxPlugin<{ faults: FaultControl }> = async (app, { ctx, faults }) => {
  app.post('/sandbox/vietqr/pay', async (req, reply) => {
    const b = parseBody(z.object({ reference: z.string().regex(VIETQR_REFERENCE), amount: z.number().int().min(1) }), req.body);
    ctx.store.db.prepare('INSERT OR IGNORE INTO vietqr_payments (reference, amount, paid_at, bank_ref) VALUES (?, ?, ?, ?)')
      .run(b.reference, b.amount, ctx.clock.now().toISOString(), `FT${crypto.randomBytes(6).toString('hex').toUpperCase()}`);
    return reply.code(200).send({ ok: true });
  });

  app.post('/sandbox/dossiers/:dossierId/status', async (req, reply) => {
    const id = idParam(req, 'dossierId');
    const b = parseBody(z.object({ status: z.enum(CITY_STATUSES as [CityStatus, ...CityStatus[]]), note: z.string().max(500).optional() }), req.body);
    if (!ctx.status.setDossierStatus(id, b.status, b.note)) throw new HttpError(404, 'not-found', 'No such dossier.');
    return reply.send({ ok: true });
  });

  app.get('/sandbox/stats', async (_req, reply) => reply.send(ctx.stats.current));

  app.post('/sandbox/faults', async (req, reply) => {
    const b = parseBody(z.object({ spec: z.string().max(500) }), req.body);
    try {
      faults.set(b.spec);
    } catch (e) {
      throw new HttpError(422, 'invalid', (e as Error).message);
    }
    return reply.send({ ok: true });
  });
};
