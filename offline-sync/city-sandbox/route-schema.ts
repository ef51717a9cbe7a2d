// A bus route as `GET /v1/routes/{busId}` answers it (and as `--route FILE` and the `routes`
// option give it): checked with zod before the sandbox starts, so a bad file names its field.
// A light module (zod and the Hanoi calendar only), so the CLI checks a file without loading the
// server. Also the commune folding GET /v1/route-visits matches by.
import * as z from 'zod';
import { hanoiMidnight } from '../../common/hanoi-time';

/** A real calendar day, YYYY-MM-DD. */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD').refine((d) => hanoiMidnight(d) !== null, 'not a real date');
/** A Hanoi wall-clock time, HH:MM (24 h). */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const text = (max: number) => z.string().trim().min(1).max(max);

export const BUS_ID = /^[A-Za-z0-9_-]{1,32}$/;

export const routeVisitSchema = z.object({ date: day, from: clockTime, to: clockTime })
  .refine((v) => v.from < v.to, { message: 'from must be before to', path: ['to'] });

export const routeStopSchema = z.object({
  stopId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1–64 letters, digits, ".", "-" or "_"'),
  name: text(200),
  commune: text(100),
  address: text(300),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  visits: z.array(routeVisitSchema).max(1000),
});

export const routeSchema = z.object({
  busId: z.string().regex(BUS_ID, 'expected 1–32 letters, digits, "-" or "_"'),
  version: z.union([z.number().int().min(0), text(64)]),
  stops: z.array(routeStopSchema).min(1).max(200),
}).superRefine((r, c) => {
  const seen = new Set<string>();
  r.stops.forEach((s, i) => {
    if (seen.has(s.stopId)) c.addIssue({ code: 'custom', message: `stopId ${s.stopId} is given twice`, path: ['stops', i, 'stopId'] });
    seen.add(s.stopId);
  });
});

export type RouteJson = z.infer<typeof routeSchema>;

/** The route, or an Error naming the first fields at fault (never their values). */
export function checkRoute(value: unknown, what: string): RouteJson {
  const r = routeSchema.safeParse(value);
  if (r.success) return r.data;
  throw new Error(`${what}: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

/**
 * A commune's name folded for matching: NFD, combining marks stripped, đ → d, lower case, spaces
 * collapsed, and a leading "xã", "phường" or "thị trấn" dropped, so "Ba Vì", "ba vi" and
 * "Xã Ba Vì" are one commune.
 */
export function foldCommune(name: string): string {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  return plain.replace(/^(xa|phuong|thi tran) /, '');
}
