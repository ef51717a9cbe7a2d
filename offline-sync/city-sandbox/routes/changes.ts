// GET /v1/changes?since=&limit=: this device's status changes, oldest first, by cursor (the
// feed's sequence number). Due status moves are applied first (the status clock is lazy).
import { authenticate, HttpError, type SandboxPlugin } from '../sandbox-context';

export const changesRoutes: SandboxPlugin = async (app, { ctx }) => {
  app.get('/v1/changes', async (req, reply) => {
    const device = authenticate(ctx, req);
    const q = req.query as Record<string, string | undefined>;
    const since = q.since ? Number(q.since) : 0;
    const limit = Math.min(500, Math.max(1, Number(q.limit ?? 100) || 100));
    if (!Number.isInteger(since) || since < 0) throw new HttpError(400, 'malformed', 'Bad cursor.');
    ctx.status.advance();
    const rows = ctx.store.db.prepare('SELECT seq, dossier_id, status, status_code, note, at FROM changes WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(device, since, limit) as
      { seq: number; dossier_id: string; status: string; status_code: number; note: string | null; at: string }[];
    const cursor = rows.length ? rows[rows.length - 1]!.seq : since;
    return reply.send({
      changes: rows.map((r) => ({ dossierId: r.dossier_id, status: r.status, statusCode: r.status_code, ...(r.note ? { note: r.note } : {}), at: r.at })),
      cursor: String(cursor),
    });
  });
};
