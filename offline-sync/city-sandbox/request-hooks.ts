// Hooks on every request of the sandbox: the statistics tests read, the faults it can be told
// to inject (faults.ts: error rates, 429 bursts, latency, dropped and stalled connections,
// truncated answers), and the contract's error shape for anything thrown.
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../common/logger';
import { NO_FAULTS, parseFaultSpec, type FaultSpec } from './faults';
import { HttpError, type StatsRecorder } from './sandbox-context';

/** Counts every request by route and answer status, and the offset of every tus PATCH. */
export function installRequestStats(app: FastifyInstance, stats: StatsRecorder): void {
  app.addHook('onRequest', async (req, reply) => {
    const s = stats.current;
    s.requests++;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    stats.bump('byRoute', route);
    const entry = { at: Date.now(), route, status: 0 };
    s.log.push(entry);
    if (s.log.length > 10_000) s.log.shift();
    reply.raw.once('finish', () => (entry.status = reply.raw.statusCode));
    const p = req.url.split('?')[0] ?? '';
    if (req.method === 'PATCH' && p.startsWith('/v1/uploads/')) {
      s.patches.push({ uploadId: p.slice('/v1/uploads/'.length), offset: Number(req.headers['upload-offset'] ?? -1) });
      if (s.patches.length > 10_000) s.patches.shift();
    }
  });
  app.addHook('onSend', async (_req, reply, payload) => {
    stats.bump('byStatus', String(reply.statusCode));
    return payload;
  });
}

/** Tiny seeded PRNG (mulberry32) so fault runs can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultControl {
  /** Replaces the faults (a spec string as in faults.ts, or fields); throws on a bad spec. */
  set(spec: string | Partial<FaultSpec>): void;
  /** Destroys the connections a stall fault left unanswered (at close). */
  destroyStalled(): void;
}

/** Injects the configured faults into /v1/* requests (never /sandbox/*). */
export function installFaults(app: FastifyInstance, stats: StatsRecorder, seed: number): FaultControl {
  const random = rng(seed);
  const stalled = new Set<Socket>();
  let faults: FaultSpec = { ...NO_FAULTS };
  let burstLeft = 0;
  const applies = (p: string) => !faults.only.length || faults.only.some((o) => p.startsWith(o));

  app.addHook('onRequest', async (req, reply) => {
    const p = req.url.split('?')[0] ?? '';
    if (p.startsWith('/sandbox/') || !applies(p)) return;
    if (faults.latencyMaxMs > 0) {
      stats.bump('faultsInjected', 'latency');
      await new Promise((r) => setTimeout(r, faults.latencyMinMs + random() * (faults.latencyMaxMs - faults.latencyMinMs)));
    }
    if (burstLeft > 0 || (faults.burst429Rate > 0 && random() < faults.burst429Rate)) {
      if (burstLeft === 0) burstLeft = faults.burst429Length;
      burstLeft--;
      stats.bump('faultsInjected', '429');
      return reply.code(429).header('retry-after', String(faults.retryAfterSeconds)).send({ error: { code: 'rate-limited', message: 'Too many requests.' } });
    }
    if (faults.errorRate > 0 && random() < faults.errorRate) {
      stats.bump('faultsInjected', `error-${faults.errorStatus}`);
      return reply.code(faults.errorStatus).send({ error: { code: 'injected', message: 'Injected failure.' } });
    }
    if (faults.stallRate > 0 && random() < faults.stallRate) {
      stats.bump('faultsInjected', 'stall');
      stalled.add(req.raw.socket);
      reply.hijack(); // never answered; the socket is destroyed at close()
      return;
    }
    if (faults.dropRate > 0 && random() < faults.dropRate) {
      stats.bump('faultsInjected', 'drop');
      const len = Number(req.headers['content-length'] ?? 0);
      reply.hijack();
      if (len > 1) {
        // Drop mid-body: let part of the body arrive, then cut the connection.
        let seen = 0;
        req.raw.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen >= len / 2) req.raw.socket.destroy();
        });
        req.raw.on('end', () => req.raw.socket.destroy());
        req.raw.resume();
      } else req.raw.socket.destroy();
      return;
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const p = req.url.split('?')[0] ?? '';
    if (reply.statusCode === 200 && faults.malformedRate > 0 && p.startsWith('/v1/') && applies(p) && random() < faults.malformedRate) {
      stats.bump('faultsInjected', 'malformed');
      return typeof payload === 'string' ? payload.slice(0, Math.max(1, Math.floor(payload.length / 2))) : '{"trunc';
    }
    return payload;
  });

  return {
    set: (spec) => {
      if (typeof spec === 'string') {
        const parsed = parseFaultSpec(spec);
        if (!parsed.ok) throw new Error(`--faults: ${parsed.error}`);
        faults = parsed.value;
      } else faults = { ...NO_FAULTS, ...spec };
      burstLeft = 0;
    },
    destroyStalled: () => {
      for (const s of stalled) s.destroy();
    },
  };
}

/** Every error answers as the contract writes errors; a bug answers 500 and is logged. */
export function installErrorAnswers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((e, _req, reply) => {
    if (e instanceof HttpError) return reply.code(e.status).send({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
    const fe = e as { statusCode?: number; code?: string; message?: string };
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'too-large', message: 'Body too large.' } });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return reply.code(400).send({ error: { code: 'malformed', message: fe.message ?? 'Malformed request.' } });
    log.error('sandbox-error', { message: String(fe.message).slice(0, 200) });
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error.' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not-found', message: 'No such resource.' } }));
}
