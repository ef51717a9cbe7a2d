// POST /v1/audit: a device's append-only audit events, up to 200 a request, 204. Idempotent per
// eventId (the same event again is no new row; the same id with another body, or from another
// device, is 409 with the stored hash), the whole request in one transaction so a refused one
// stores nothing. Never personal data beyond ids: an event carrying a 9+ digit run is 422.
import * as z from 'zod';
import { canonicalHash } from '../codes';
import { authenticate, HttpError, parseBody, type SandboxPlugin } from '../sandbox-context';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const eventSchema = z.object({
  eventId: z.string().regex(/^[0-9a-fA-F-]{8,64}$/),
  at: z.iso.datetime({ offset: true }),
  actor: z.string().min(1).max(100),
  action: z.string().max(64).regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/),
  subject: z.string().min(1).max(128).optional(),
  detail: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()]))
    .refine((d) => Object.keys(d).length <= 20, 'at most 20 keys').optional(),
}).strict();
const auditSchema = z.object({ events: z.array(eventSchema).min(1).max(200) });

/** A run of 9 or more digits: an ID or phone number (uuids aside, whose last group may be all digits). */
const carriesNumber = (e: z.infer<typeof eventSchema>) =>
  [e.actor, e.subject ?? '', ...Object.values(e.detail ?? {}).map(String)].some((s) => /\d{9,}/.test(s.replace(UUID, '')));

export const auditRoutes: SandboxPlugin = async (app, { ctx }) => {
  const db = ctx.store.db;
  // Append-only here too: the city never rewrites what a device reported.
  db.exec(`CREATE TRIGGER IF NOT EXISTS audit_events_append_only BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
    CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;`);
  const find = db.prepare('SELECT device_id, body_hash FROM audit_events WHERE event_id = ?');
  const insert = db.prepare(`INSERT INTO audit_events (event_id, device_id, body_hash, at, actor, action, subject, detail_json, received_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO NOTHING`);

  app.post('/v1/audit', async (req, reply) => {
    const device = authenticate(ctx, req);
    const { events } = parseBody(auditSchema, req.body);
    const bad = events.findIndex(carriesNumber);
    if (bad >= 0) throw new HttpError(422, 'personal_data', `events.${bad}: looks like an ID or phone number; audit events carry ids only.`, { eventId: events[bad]!.eventId });
    const receivedAt = ctx.clock.now().toISOString();
    ctx.store.transaction(() => {
      for (const e of events) {
        const hash = canonicalHash(e);
        const stored = find.get(e.eventId) as { device_id: string; body_hash: string } | undefined;
        if (stored) {
          if (stored.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.', { eventId: e.eventId });
          if (stored.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { eventId: e.eventId, storedHash: stored.body_hash });
          continue;
        }
        insert.run(e.eventId, device, hash, e.at, e.actor, e.action, e.subject ?? null, e.detail ? JSON.stringify(e.detail) : null, receivedAt);
      }
    });
    return reply.code(204).send();
  });
};
