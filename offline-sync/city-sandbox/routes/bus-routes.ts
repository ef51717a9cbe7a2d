// Mobile office buses: GET /v1/routes/{busId} is a bus's published timetable (loaded with
// `--route FILE`, the `routes` option or addRoute), GET /v1/route-visits?commune=&from= tells any
// device which bus comes next to a commune (matched without case or diacritics), and
// PUT /v1/route-days/{busId}/{date} is the bus's report of its day, idempotent on bus and day.
import * as z from 'zod';
import { hanoiMidnight } from '../../../common/hanoi-time';
import { canonicalHash } from '../codes';
import { authenticate, HttpError, parseBody, type SandboxPlugin } from '../sandbox-context';
import { BUS_ID, foldCommune, type RouteJson } from '../route-schema';
import { dayQuery } from './points';

const isoOrNull = z.iso.datetime({ offset: true }).nullable();
const count = z.number().int().min(0).max(1_000_000);
const vnd = z.number().int().min(0).max(1_000_000_000_000);

const routeDaySchema = z.object({
  stops: z.array(z.object({ stopId: z.string().min(1).max(64), arrivedAt: isoOrNull, leftAt: isoOrNull })).max(200),
  dossiers: count,
  payments: z.object({ card: vnd, vietqr: vnd, cash: vnd }),
  unsent: count,
});

export const busRouteRoutes: SandboxPlugin = async (app, { ctx }) => {
  const { store, clock } = ctx;
  const db = store.db;

  /** The route a path's busId names: 400 when malformed, 404 unknown_route when not published. */
  const routeParam = (params: unknown): RouteJson => {
    const busId = (params as Record<string, string>).busId ?? '';
    if (!BUS_ID.test(busId)) throw new HttpError(400, 'malformed', 'Bad busId.');
    const route = store.route(busId);
    if (!route) throw new HttpError(404, 'unknown_route', 'No such bus route.');
    return route;
  };

  app.get('/v1/routes/:busId', async (req, reply) => {
    authenticate(ctx, req);
    return reply.send(routeParam(req.params));
  });

  app.get('/v1/route-visits', async (req, reply) => {
    authenticate(ctx, req);
    const commune = (req.query as Record<string, string | undefined>).commune ?? '';
    if (!commune.trim() || commune.length > 100) throw new HttpError(400, 'malformed', 'Bad or missing commune.');
    const from = dayQuery(req, 'from');
    const wanted = foldCommune(commune);
    const visits = store.routes().flatMap((r) => r.stops.filter((s) => foldCommune(s.commune) === wanted).flatMap((s) =>
      s.visits.filter((v) => v.date >= from).map((v) => ({ busId: r.busId, stopId: s.stopId, name: s.name, date: v.date, from: v.from, to: v.to }))));
    visits.sort((a, b) => a.date.localeCompare(b.date) || a.from.localeCompare(b.from) || a.busId.localeCompare(b.busId) || a.stopId.localeCompare(b.stopId));
    return reply.send({ visits });
  });

  app.put('/v1/route-days/:busId/:date', async (req, reply) => {
    const device = authenticate(ctx, req);
    const route = routeParam(req.params);
    const date = (req.params as Record<string, string>).date ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !hanoiMidnight(date)) throw new HttpError(400, 'malformed', 'Bad date (YYYY-MM-DD).');
    const hash = canonicalHash(req.body);
    const res = store.transaction(() => {
      const existing = db.prepare('SELECT body_hash, response_json FROM route_days WHERE bus_id = ? AND day = ?').get(route.busId, date) as { body_hash: string; response_json: string } | undefined;
      if (existing) {
        if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same bus and day, different report.', { storedHash: existing.body_hash });
        return JSON.parse(existing.response_json) as unknown;
      }
      const body = parseBody(routeDaySchema, req.body);
      const onRoute = new Set(route.stops.map((s) => s.stopId));
      const stray = body.stops.findIndex((s) => !onRoute.has(s.stopId));
      if (stray >= 0) throw new HttpError(422, 'unknown_stop', `stops.${stray}.stopId is not a stop of ${route.busId}.`, { index: stray });
      db.prepare('INSERT INTO route_days (bus_id, day, device_id, body_hash, response_json, received_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(route.busId, date, device, hash, JSON.stringify(body), clock.now().toISOString());
      ctx.log.info('route-day-reported', { busId: route.busId, date });
      return body;
    });
    return reply.code(200).send(res);
  });
};
