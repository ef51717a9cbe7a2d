// What a device reports and reads besides its dossiers: POST /v1/telemetry (stored as sent,
// 204) and GET /v1/catalog (empty here: the kiosk ships its own catalogue, assets/catalog).
import * as z from 'zod';
import { authenticate, parseBody, type SandboxPlugin } from '../sandbox-context';

const telemetrySchema = z.object({ deviceId: z.string(), at: z.string(), devices: z.array(z.unknown()), outbox: z.unknown() }).passthrough();

export const deviceReportRoutes: SandboxPlugin = async (app, { ctx }) => {
  app.get('/v1/catalog', async (req, reply) => {
    authenticate(ctx, req);
    return reply.send({ version: 1, procedures: [], removed: [] });
  });

  app.post('/v1/telemetry', async (req, reply) => {
    const device = authenticate(ctx, req);
    const body = parseBody(telemetrySchema, req.body);
    ctx.store.db.prepare('INSERT INTO telemetry (device_id, body_json, received_at) VALUES (?, ?, ?)').run(device, JSON.stringify(body), ctx.clock.now().toISOString());
    return reply.code(204).send();
  });
};
