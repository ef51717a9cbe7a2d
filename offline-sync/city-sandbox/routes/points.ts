// GET /v1/appointment-slots?point=&from=&to=: a point's published slots between two Hanoi days
// (both inclusive, at most 62), each with its capacity and the places booked (not cancelled).
// GET /v1/points/{pointCode} is an EXTENSION of the contract: the slip a citizen takes home
// names the point's name, address and phone, and the contract gives no way to read them.
import type { FastifyRequest } from 'fastify';
import { addDays, hanoiMidnight } from '../../../common/hanoi-time';
import { authenticate, HttpError, type SandboxContext, type SandboxPlugin } from '../sandbox-context';
import { hanoiIso, slotsOn } from '../point-hours';

export const MAX_SLOT_RANGE_DAYS = 62;

/** A query's Hanoi day (YYYY-MM-DD, a real date), or 400. */
export function dayQuery(req: FastifyRequest, name: string): string {
  const v = (req.query as Record<string, string | undefined>)[name] ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !hanoiMidnight(v)) throw new HttpError(400, 'malformed', `Bad or missing ${name} (YYYY-MM-DD).`);
  return v;
}

/** An enrolled point's code, or 400 when missing, 404 when unknown. */
export function pointCode(ctx: SandboxContext, value: string | undefined): string {
  if (!value || !/^[A-Za-z0-9_-]{1,32}$/.test(value)) throw new HttpError(400, 'malformed', 'Bad or missing point.');
  if (!ctx.store.pointExists(value)) throw new HttpError(404, 'unknown_point', 'No such point.');
  return value;
}

export const pointRoutes: SandboxPlugin = async (app, { ctx }) => {
  const db = ctx.store.db;

  app.get('/v1/appointment-slots', async (req, reply) => {
    authenticate(ctx, req);
    const from = dayQuery(req, 'from');
    const to = dayQuery(req, 'to');
    if (to < from || addDays(from, MAX_SLOT_RANGE_DAYS - 1) < to) throw new HttpError(400, 'malformed', `from..to must be 1 to ${MAX_SLOT_RANGE_DAYS} days.`);
    const point = pointCode(ctx, (req.query as Record<string, string | undefined>).point);
    const booked = new Map((db.prepare(`SELECT slot_id, COUNT(*) AS n FROM appointments WHERE point = ? AND day BETWEEN ? AND ? AND status != 'cancelled' GROUP BY slot_id`)
      .all(point, from, to) as { slot_id: string; n: number }[]).map((r) => [r.slot_id, r.n]));
    const slots = [];
    for (let day = from; day <= to; day = addDays(day, 1)) {
      for (const s of slotsOn(point, day)) {
        slots.push({ slotId: s.slotId, start: hanoiIso(s.start), end: hanoiIso(s.end), capacity: ctx.settings.slotCapacity, booked: booked.get(s.slotId) ?? 0 });
      }
    }
    return reply.send({ point, slots });
  });

  app.get('/v1/points/:pointCode', async (req, reply) => {
    authenticate(ctx, req);
    const code = pointCode(ctx, (req.params as Record<string, string>).pointCode);
    const p = db.prepare('SELECT code, name, address, phone FROM points WHERE code = ?').get(code) as { code: string; name: string; address: string; phone: string };
    return reply.send(p);
  });
};
