// What a device reports and reads besides its dossiers: POST /v1/telemetry (stored as sent,
// 204) and GET /v1/catalog?since=<version>, signed (../catalog.ts).
import * as z from 'zod';
import { authenticate, parseBody, type SandboxPlugin } from '../sandbox-context';
import type { SandboxCatalog } from '../catalog';

const telemetrySchema = z.object({ deviceId: z.string(), at: z.string(), devices: z.array(z.unknown()), outbox: z.unknown() }).passthrough();

export const deviceReportRoutes: SandboxPlugin<{ catalog: SandboxCatalog }> = async (app, { ctx, catalog }) => {
  app.get('/v1/catalog', async (req, reply) => {
    authenticate(ctx, req);
    const since = (req.query as Record<string, unknown>).since;
    return reply.send(catalog.answer(typeof since === 'string' ? since : undefined));
  });

  app.post('/v1/telemetry', async (req, reply) => {
    const device = authenticate(ctx, req);
    const body = parseBody(telemetrySchema, req.body);
    ctx.store.db.prepare('INSERT INTO telemetry (device_id, body_json, received_at) VALUES (?, ?, ?)').run(device, JSON.stringify(body), ctx.clock.now().toISOString());
    return reply.code(204).send();
  });
};
