// What every route group of the sandbox is given: its database, clock, settings, statistics,
// the status clock, and the few helpers the contract's error rules need (HttpError, a zod check
// answering 422, an id check answering 400, the Bearer check answering 401).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type * as z from 'zod';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { SandboxDb } from './sandbox-db';
import type { StatusClock } from './status-clock';

export interface SandboxStats {
  requests: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  faultsInjected: Record<string, number>;
  dossiers: number;
  payments: number;
  uploads: number;
  /** Upload-Offset of each tus PATCH received (latest 10,000), to prove resumes start mid-file. */
  patches: { uploadId: string; offset: number }[];
  /** Latest 10,000 requests with arrival time (ms), route and answer status (0 = no answer). */
  log: { at: number; route: string; status: number }[];
}

/** The statistics tests read (GET /sandbox/stats, CitySandbox.stats()); reset as a whole. */
export class StatsRecorder {
  current: SandboxStats = StatsRecorder.#empty();

  static #empty(): SandboxStats {
    return { requests: 0, byRoute: {}, byStatus: {}, faultsInjected: {}, dossiers: 0, payments: 0, uploads: 0, patches: [], log: [] };
  }

  reset(): void {
    this.current = StatsRecorder.#empty();
  }

  bump(counter: 'byRoute' | 'byStatus' | 'faultsInjected', key: string): void {
    const o = this.current[counter];
    o[key] = (o[key] ?? 0) + 1;
  }

  /** A copy nobody can change behind the recorder's back. */
  snapshot(): SandboxStats {
    const s = this.current;
    return { ...s, byRoute: { ...s.byRoute }, byStatus: { ...s.byStatus }, faultsInjected: { ...s.faultsInjected }, patches: [...s.patches], log: s.log.map((e) => ({ ...e })) };
  }
}

export interface SandboxSettings {
  /** The agency code in receipt codes (H26.<agency>-yymmdd-NNNN). */
  readonly agency: string;
  /** Announced in Tus-Max-Size. */
  readonly maxUploadBytes: number;
  readonly uploadsDir: string;
  /** Places in every appointment slot. */
  readonly slotCapacity: number;
  /** A staff session lasts this long. */
  readonly staffSessionMs: number;
  /** A staff id stays locked this long after 5 wrong PINs in a row. */
  readonly staffLockMs: number;
}

export interface SandboxContext {
  readonly store: SandboxDb;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: SandboxSettings;
  readonly stats: StatsRecorder;
  readonly status: StatusClock;
}

/** The route groups are Fastify plugins given the sandbox's context (and what else they need). */
export type SandboxPlugin<O = object> = (app: FastifyInstance, opts: { ctx: SandboxContext } & O) => Promise<void>;

/** An answer as the contract writes errors: {error: {code, message, details?}} with the status. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

/** The enrolled device the request's Bearer token names; 401 otherwise. */
export function authenticate(ctx: SandboxContext, req: FastifyRequest): string {
  const d = ctx.store.deviceFor(req.headers.authorization);
  if (!d) throw new HttpError(401, 'unauthorized', 'Unknown or revoked device token.');
  return d;
}

/** The body as the schema says, or 422 naming the fields (never their values). */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(422, 'invalid', r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return r.data;
}

/** A path id (a device-made uuid), or 400. */
export function idParam(req: FastifyRequest, name: string): string {
  const v = (req.params as Record<string, string>)[name] ?? '';
  if (!/^[0-9a-fA-F-]{8,64}$/.test(v)) throw new HttpError(400, 'malformed', `Bad ${name}.`);
  return v;
}
