// POST /v1/queue-tickets: a number a day per branch and service, a counter hint and an
// estimated wait (priority tickets wait a third as long); idempotent on ticketId.
import crypto from 'node:crypto';
import * as z from 'zod';
import { canonicalHash, vnDay } from '../codes';
import { authenticate, HttpError, parseBody, type SandboxPlugin } from '../sandbox-context';

const ticketSchema = z.object({
  ticketId: z.string().min(1).max(64),
  branchCode: z.string().min(1).max(32),
  serviceCode: z.string().min(1).max(32),
  priority: z.enum(['normal', 'elderly', 'disabled', 'pregnant']),
  requestedAt: z.string(),
});

export const queueTicketRoutes: SandboxPlugin = async (app, { ctx }) => {
  const { store, clock } = ctx;
  const db = store.db;
  app.post('/v1/queue-tickets', async (req, reply) => {
    const device = authenticate(ctx, req);
    const body = parseBody(ticketSchema, req.body);
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT body_hash, response_json FROM queue_tickets WHERE id = ?').get(body.ticketId) as { body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const now = clock.now();
    const day = vnDay(now);
    const res = store.transaction(() => {
      const number = store.nextCounter(`ticket:${day}:${body.branchCode}:${body.serviceCode}`);
      const waiting = (db.prepare('SELECT COUNT(*) AS n FROM queue_tickets WHERE day = ? AND branch_code = ? AND service_code = ?').get(day, body.branchCode, body.serviceCode) as { n: number }).n;
      const counter = 1 + (parseInt(crypto.createHash('sha256').update(body.serviceCode).digest('hex').slice(0, 4), 16) % 12);
      const r = {
        ticketId: body.ticketId, number, branchCode: body.branchCode, counterHint: `Quầy ${counter}`, issuedAt: now.toISOString(),
        estimatedWaitMinutes: Math.min(240, (body.priority === 'normal' ? waiting : Math.floor(waiting / 3)) * 4),
      };
      db.prepare('INSERT INTO queue_tickets (id, device_id, body_hash, branch_code, service_code, day, number, response_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(body.ticketId, device, hash, body.branchCode, body.serviceCode, day, number, JSON.stringify(r));
      return r;
    });
    return reply.code(200).send(res);
  });
};
