// The city sandbox: a complete server of shared/city-gateway-api.md on loopback, with its own
// SQLite database and tus upload store, receipt codes, a status clock and fault injection.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Server as TusServer } from '@tus/server';
import { FileStore } from '@tus/file-store';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import { NO_FAULTS, parseFaultSpec, type FaultSpec } from './faults';
import { STATUS_CODES, CITY_STATUSES, appointmentDate, canonicalHash, containsCardNumber, receiptCode, vnDay, type CityStatus } from './codes';

export interface SandboxDevice {
  id: string;
  token: string;
}

export interface CitySandboxOptions {
  dataDir: string;
  port?: number;
  host?: string;
  devices?: SandboxDevice[];
  /** Fault spec string (see faults.ts) or object. */
  faults?: string | Partial<FaultSpec>;
  clock?: Clock;
  /** received → processing after this long (default 30 s). */
  processingAfterMs?: number;
  /** received → completed after this long (default 120 s). */
  completedAfterMs?: number;
  /** Fraction of dossiers that go to needs_supplement instead of completed (default 0.1). */
  supplementFraction?: number;
  /** Largest upload announced in Tus-Max-Size (default 25 MB). */
  maxUploadBytes?: number;
  /** Largest JSON body (default 1 MB). */
  maxJsonBytes?: number;
  agencyCode?: string;
  logger?: Logger;
  /** Print the demo token when no device is given (the CLI sets this). */
  onDemoDevice?: (device: SandboxDevice) => void;
  /** Seed for fault randomness, so a failing test can be replayed. */
  seed?: number;
  /**
   * Serve the unauthenticated /sandbox/* test-control routes (status changes, VietQR payments,
   * faults, stats). Default: only when listening on loopback.
   */
  control?: boolean;
}

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

export interface CitySandbox {
  readonly url: string;
  readonly port: number;
  readonly dbPath: string;
  readonly uploadsDir: string;
  readonly devices: readonly SandboxDevice[];
  /** The sandbox's own database, for tests that check what arrived. */
  readonly db: Database;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(spec: string | Partial<FaultSpec>): void;
  addDevice(d: SandboxDevice): void;
  revokeDevice(id: string): void;
  setDossierStatus(dossierId: string, status: CityStatus, note?: string): boolean;
  /** Applies due status changes now (they are otherwise applied lazily on reads). */
  advance(): void;
  close(): Promise<void>;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS uploads (upload_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, body_json TEXT NOT NULL, response_json TEXT NOT NULL,
    receipt_code TEXT NOT NULL UNIQUE, status TEXT NOT NULL, phase_start_ms INTEGER NOT NULL, wants_supplement INTEGER NOT NULL,
    puts INTEGER NOT NULL DEFAULT 1);
  CREATE TABLE IF NOT EXISTS dossier_attachments (dossier_id TEXT NOT NULL, supplement_id TEXT, upload_id TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS supplements (id TEXT PRIMARY KEY, dossier_id TEXT NOT NULL, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, response_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS payments (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, dossier_id TEXT NOT NULL, body_hash TEXT NOT NULL, body_json TEXT NOT NULL, status TEXT NOT NULL, puts INTEGER NOT NULL DEFAULT 1);
  CREATE TABLE IF NOT EXISTS queue_tickets (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, body_hash TEXT NOT NULL, branch_code TEXT NOT NULL, service_code TEXT NOT NULL, day TEXT NOT NULL, number INTEGER NOT NULL, response_json TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, dossier_id TEXT NOT NULL, status TEXT NOT NULL, status_code INTEGER NOT NULL, note TEXT, at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS telemetry (seq INTEGER PRIMARY KEY AUTOINCREMENT, device_id TEXT NOT NULL, body_json TEXT NOT NULL, received_at TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS vietqr_payments (reference TEXT PRIMARY KEY, amount INTEGER NOT NULL, paid_at TEXT NOT NULL, bank_ref TEXT NOT NULL);
`;

const tokenHash = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

const attachmentSchema = z.object({
  uploadId: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string().min(1).max(100),
  pages: z.number().int().min(1),
  documentType: z.string().min(1).max(100),
});
const dossierSchema = z.object({
  procedureCode: z.string().regex(/^\d+(\.\d+)+$/),
  channel: z.enum(['kiosk', 'community', 'bus']),
  applicant: z.object({
    idNumber: z.string().regex(/^\d{12}$/), fullName: z.string().min(1), dateOfBirth: z.string(), sex: z.string(), address: z.string(),
    phone: z.string().optional(), email: z.string().optional(),
  }),
  onBehalfOf: z.object({ staffId: z.string(), consentRef: z.string() }).optional(),
  form: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentSchema).max(50),
  fee: z.object({ amount: z.number().int().min(0), paymentId: z.string().optional() }),
  createdAt: z.string(),
});
const paymentSchema = z.object({
  dossierId: z.string().min(1),
  method: z.enum(['card', 'vietqr', 'cash']),
  amount: z.number().int().min(0),
  status: z.enum(['approved', 'declined', 'cancelled', 'refunded']),
  terminalRef: z.string().optional(),
  approvalCode: z.string().optional(),
  maskedPan: z.string().optional(),
  paidAt: z.string(),
});
const ticketSchema = z.object({
  ticketId: z.string().min(1).max(64),
  branchCode: z.string().min(1).max(32),
  serviceCode: z.string().min(1).max(32),
  priority: z.enum(['normal', 'elderly', 'disabled', 'pregnant']),
  requestedAt: z.string(),
});
const supplementSchema = z.object({ attachments: z.array(attachmentSchema).min(1).max(50), note: z.string().max(1000).optional(), createdAt: z.string() });
const telemetrySchema = z.object({ deviceId: z.string(), at: z.string(), devices: z.array(z.unknown()), outbox: z.unknown() }).passthrough();

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
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

export async function startCitySandbox(options: CitySandboxOptions): Promise<CitySandbox> {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).child('city-sandbox');
  const dataDir = path.resolve(options.dataDir);
  const uploadsDir = path.join(dataDir, 'uploads');
  fs.mkdirSync(uploadsDir, { recursive: true });
  const dbPath = path.join(dataDir, 'city.db');
  const db = new DatabaseCtor(dbPath);
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=NORMAL');
  db.exec(SCHEMA);

  const processingAfterMs = options.processingAfterMs ?? 30_000;
  const completedAfterMs = Math.max(options.completedAfterMs ?? 120_000, processingAfterMs);
  const supplementFraction = options.supplementFraction ?? 0.1;
  const agency = options.agencyCode ?? '99';
  const maxUpload = options.maxUploadBytes ?? 25 * 1024 * 1024;
  const random = rng(options.seed ?? Date.now());

  // ---- devices ----
  const addDevice = (d: SandboxDevice) => {
    db.prepare('INSERT INTO devices (id, token_hash) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET token_hash = excluded.token_hash, revoked = 0').run(d.id, tokenHash(d.token));
  };
  const devices: SandboxDevice[] = [...(options.devices ?? [])];
  if (devices.length === 0) {
    const known = db.prepare('SELECT COUNT(*) AS n FROM devices WHERE revoked = 0').get() as { n: number };
    if (known.n === 0) {
      const demo = { id: 'demo-kiosk-01', token: crypto.randomBytes(24).toString('base64url') };
      devices.push(demo);
      options.onDemoDevice?.(demo);
    }
  }
  for (const d of devices) addDevice(d);
  const deviceFor = (authorization: string | null | undefined): string | null => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return null;
    const r = db.prepare('SELECT id FROM devices WHERE token_hash = ? AND revoked = 0').get(tokenHash(m[1]!)) as { id: string } | undefined;
    return r?.id ?? null;
  };

  // ---- faults and stats ----
  let faults: FaultSpec = { ...NO_FAULTS };
  const setFaults = (spec: string | Partial<FaultSpec>) => {
    if (typeof spec === 'string') {
      const p = parseFaultSpec(spec);
      if (!p.ok) throw new Error(`--faults: ${p.error}`);
      faults = p.value;
    } else faults = { ...NO_FAULTS, ...spec };
    burstLeft = 0;
  };
  let burstLeft = 0;
  if (options.faults) setFaults(options.faults);
  let stats: SandboxStats;
  const resetStats = () => {
    stats = { requests: 0, byRoute: {}, byStatus: {}, faultsInjected: {}, dossiers: 0, payments: 0, uploads: 0, patches: [], log: [] };
  };
  resetStats();
  const bump = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);

  // ---- status clock ----
  const insertChange = (deviceId: string, dossierId: string, status: CityStatus, at: Date, note?: string) => {
    db.prepare('INSERT INTO changes (device_id, dossier_id, status, status_code, note, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(deviceId, dossierId, status, STATUS_CODES[status], note ?? null, at.toISOString());
  };
  const advance = () => {
    const now = clock.now().getTime();
    const rows = db.prepare(`SELECT id, device_id, status, phase_start_ms, wants_supplement FROM dossiers WHERE status IN ('received','processing')`).all() as
      { id: string; device_id: string; status: string; phase_start_ms: number; wants_supplement: number }[];
    db.transaction(() => {
      for (const r of rows) {
        let { status, phase_start_ms: start, wants_supplement: wants } = r;
        for (;;) {
          if (status === 'received' && now >= start + processingAfterMs) {
            start += processingAfterMs;
            status = 'processing';
            insertChange(r.device_id, r.id, 'processing', new Date(start));
          } else if (status === 'processing' && now >= start + (completedAfterMs - processingAfterMs)) {
            start += completedAfterMs - processingAfterMs;
            if (wants) {
              status = 'needs_supplement';
              wants = 0;
              insertChange(r.device_id, r.id, 'needs_supplement', new Date(start), 'Bổ sung bản sao giấy tờ');
            } else {
              status = 'completed';
              insertChange(r.device_id, r.id, 'completed', new Date(start));
            }
          } else break;
        }
        if (status !== r.status) db.prepare('UPDATE dossiers SET status = ?, phase_start_ms = ?, wants_supplement = ? WHERE id = ?').run(status, start, wants, r.id);
      }
    })();
  };
  const setDossierStatus = (dossierId: string, status: CityStatus, note?: string): boolean => {
    const r = db.prepare('SELECT device_id FROM dossiers WHERE id = ?').get(dossierId) as { device_id: string } | undefined;
    if (!r) return false;
    db.transaction(() => {
      db.prepare('UPDATE dossiers SET status = ?, phase_start_ms = ? WHERE id = ?').run(status, clock.now().getTime(), dossierId);
      insertChange(r.device_id, dossierId, status, clock.now(), note);
    })();
    return true;
  };

  const nextCounter = (name: string): number => {
    db.prepare('INSERT INTO counters (name, n) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1').run(name);
    return (db.prepare('SELECT n FROM counters WHERE name = ?').get(name) as { n: number }).n;
  };

  // ---- tus ----
  const datastore = new FileStore({ directory: uploadsDir });
  const tus = new TusServer({
    path: '/v1/uploads',
    datastore,
    maxSize: maxUpload,
    // Loopback only; the upload id is all the client needs (Location's last segment).
    onIncomingRequest: async (req, uploadId) => {
      const device = deviceFor(req.headers.get('authorization'));
      if (!device) throw { status_code: 401, body: JSON.stringify({ error: { code: 'unauthorized', message: 'Unknown or revoked device token.' } }) };
      if (uploadId && req.method !== 'POST') {
        const owner = db.prepare('SELECT device_id FROM uploads WHERE upload_id = ?').get(uploadId) as { device_id: string } | undefined;
        if (owner && owner.device_id !== device) throw { status_code: 404, body: JSON.stringify({ error: { code: 'not-found', message: 'No such upload.' } }) };
      }
    },
    onUploadCreate: async (req, upload) => {
      const device = deviceFor(req.headers.get('authorization'));
      db.prepare('INSERT OR IGNORE INTO uploads (upload_id, device_id, created_at) VALUES (?, ?, ?)').run(upload.id, device ?? '?', clock.now().toISOString());
      stats.uploads++;
      return {};
    },
  });

  /** Checks every attachment is a finished upload of this device whose bytes hash to sha256. */
  const verifyAttachments = async (deviceId: string, atts: z.infer<typeof attachmentSchema>[]) => {
    const out: { uploadId: string; sha256: string; size: number }[] = [];
    for (const a of atts) {
      const fail = (reason: string) => new HttpError(422, 'attachment-invalid', `Attachment ${a.uploadId}: ${reason}`, { uploadId: a.uploadId, reason });
      if (!/^[A-Za-z0-9_-]+$/.test(a.uploadId)) throw fail('bad upload id');
      const owner = db.prepare('SELECT device_id FROM uploads WHERE upload_id = ?').get(a.uploadId) as { device_id: string } | undefined;
      if (!owner || owner.device_id !== deviceId) throw fail('no such upload');
      let upload;
      try {
        upload = await datastore.getUpload(a.uploadId);
      } catch {
        throw fail('no such upload');
      }
      if (upload.size === undefined || upload.offset !== upload.size) throw fail('upload not finished');
      const hash = crypto.createHash('sha256');
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(path.join(uploadsDir, a.uploadId)).on('data', (c) => hash.update(c)).on('end', resolve).on('error', reject);
      });
      const sha = hash.digest('hex');
      if (sha !== a.sha256) throw fail('sha256 mismatch');
      out.push({ uploadId: a.uploadId, sha256: sha, size: upload.size });
    }
    return out;
  };

  // ---- http ----
  const app: FastifyInstance = Fastify({ bodyLimit: options.maxJsonBytes ?? 1024 * 1024, logger: false, forceCloseConnections: true });
  const stalled = new Set<Socket>();

  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  app.addHook('onRequest', async (req, reply) => {
    stats.requests++;
    const route = `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
    bump(stats.byRoute, route);
    const entry = { at: Date.now(), route, status: 0 };
    stats.log.push(entry);
    if (stats.log.length > 10_000) stats.log.shift();
        reply.raw.once('finish', () => (entry.status = reply.raw.statusCode));
    const p = req.url.split('?')[0] ?? '';
    if (req.method === 'PATCH' && p.startsWith('/v1/uploads/')) {
      stats.patches.push({ uploadId: p.slice('/v1/uploads/'.length), offset: Number(req.headers['upload-offset'] ?? -1) });
      if (stats.patches.length > 10_000) stats.patches.shift();
    }
    if (p.startsWith('/sandbox/')) return;
    if (faults.only.length && !faults.only.some((o) => p.startsWith(o))) return;
    if (faults.latencyMaxMs > 0) {
      bump(stats.faultsInjected, 'latency');
      await new Promise((r) => setTimeout(r, faults.latencyMinMs + random() * (faults.latencyMaxMs - faults.latencyMinMs)));
    }
    if (burstLeft > 0 || (faults.burst429Rate > 0 && random() < faults.burst429Rate)) {
      if (burstLeft === 0) burstLeft = faults.burst429Length;
      burstLeft--;
      bump(stats.faultsInjected, '429');
      return reply.code(429).header('retry-after', String(faults.retryAfterSeconds))
        .send({ error: { code: 'rate-limited', message: 'Too many requests.' } });
    }
    if (faults.errorRate > 0 && random() < faults.errorRate) {
      bump(stats.faultsInjected, `error-${faults.errorStatus}`);
      return reply.code(faults.errorStatus).send({ error: { code: 'injected', message: 'Injected failure.' } });
    }
    if (faults.stallRate > 0 && random() < faults.stallRate) {
      bump(stats.faultsInjected, 'stall');
      stalled.add(req.raw.socket);
      reply.hijack(); // never answered; the socket is destroyed at close()
      return;
    }
    if (faults.dropRate > 0 && random() < faults.dropRate) {
      bump(stats.faultsInjected, 'drop');
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
    bump(stats.byStatus, String(reply.statusCode));
    const p = req.url.split('?')[0] ?? '';
    if (reply.statusCode === 200 && faults.malformedRate > 0 && p.startsWith('/v1/') && (!faults.only.length || faults.only.some((o) => p.startsWith(o))) && random() < faults.malformedRate) {
      bump(stats.faultsInjected, 'malformed');
      return typeof payload === 'string' ? payload.slice(0, Math.max(1, Math.floor(payload.length / 2))) : '{"trunc';
    }
    return payload;
  });

  app.setErrorHandler((e, _req, reply) => {
    if (e instanceof HttpError) return reply.code(e.status).send({ error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
    const fe = e as { statusCode?: number; code?: string; message?: string };
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'too-large', message: 'Body too large.' } });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return reply.code(400).send({ error: { code: 'malformed', message: fe.message ?? 'Malformed request.' } });
    log.error('sandbox-error', { message: String(fe.message).slice(0, 200) });
    return reply.code(500).send({ error: { code: 'internal', message: 'Internal error.' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not-found', message: 'No such resource.' } }));

  const auth = (req: FastifyRequest): string => {
    const d = deviceFor(req.headers.authorization);
    if (!d) throw new HttpError(401, 'unauthorized', 'Unknown or revoked device token.');
    return d;
  };
  const parse = <T>(schema: z.ZodType<T>, body: unknown): T => {
    const r = schema.safeParse(body);
    if (!r.success) throw new HttpError(422, 'invalid', r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return r.data;
  };
  const idParam = (req: FastifyRequest, name: string): string => {
    const v = (req.params as Record<string, string>)[name] ?? '';
    if (!/^[0-9a-fA-F-]{8,64}$/.test(v)) throw new HttpError(400, 'malformed', `Bad ${name}.`);
    return v;
  };

  const tusHandler = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.hijack();
    bump(stats.byStatus, 'tus');
    await tus.handle(req.raw, reply.raw);
  };
  app.all('/v1/uploads', tusHandler);
  app.all('/v1/uploads/*', tusHandler);

  app.put('/v1/dossiers/:dossierId', async (req, reply) => {
    const device = auth(req);
    const id = idParam(req, 'dossierId');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT device_id, body_hash, response_json FROM dossiers WHERE id = ?').get(id) as
      { device_id: string; body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.');
      if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      db.prepare('UPDATE dossiers SET puts = puts + 1 WHERE id = ?').run(id);
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const body = parse(dossierSchema, req.body);
    const atts = await verifyAttachments(device, body.attachments);
    const now = clock.now();
    // Re-check after the await: a concurrent retry of the same PUT may have won.
    const raced = db.prepare('SELECT response_json, body_hash FROM dossiers WHERE id = ?').get(id) as { response_json: string; body_hash: string } | undefined;
    if (raced) {
      if (raced.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: raced.body_hash });
      return reply.code(200).send(JSON.parse(raced.response_json));
    }
    const response = db.transaction(() => {
      const code = receiptCode(agency, now, nextCounter(`receipt:${vnDay(now)}`));
      const res = { dossierId: id, receiptCode: code, receivedAt: now.toISOString(), appointmentDate: appointmentDate(now), status: 'received', statusCode: 2 };
      const wants = parseInt(crypto.createHash('sha256').update(id).digest('hex').slice(0, 8), 16) / 2 ** 32 < supplementFraction ? 1 : 0;
      db.prepare(`INSERT INTO dossiers (id, device_id, body_hash, body_json, response_json, receipt_code, status, phase_start_ms, wants_supplement)
        VALUES (?, ?, ?, ?, ?, ?, 'received', ?, ?)`).run(id, device, hash, JSON.stringify(req.body), JSON.stringify(res), code, now.getTime(), wants);
      const ins = db.prepare('INSERT INTO dossier_attachments (dossier_id, upload_id, sha256, size) VALUES (?, ?, ?, ?)');
      for (const a of atts) ins.run(id, a.uploadId, a.sha256, a.size);
      insertChange(device, id, 'received', now);
      return res;
    })();
    stats.dossiers++;
    return reply.code(200).send(response);
  });

  app.put('/v1/dossiers/:dossierId/supplements/:supplementId', async (req, reply) => {
    const device = auth(req);
    const id = idParam(req, 'dossierId');
    const sid = idParam(req, 'supplementId');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT body_hash, response_json FROM supplements WHERE id = ? AND device_id = ?').get(sid, device) as
      { body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const dossier = db.prepare('SELECT status FROM dossiers WHERE id = ? AND device_id = ?').get(id, device) as { status: string } | undefined;
    if (!dossier) throw new HttpError(404, 'not-found', 'No such dossier.');
    const body = parse(supplementSchema, req.body);
    if (dossier.status !== 'needs_supplement') throw new HttpError(409, 'not-awaiting-supplement', `The dossier is ${dossier.status}.`);
    const atts = await verifyAttachments(device, body.attachments);
    const now = clock.now();
    const res = { dossierId: id, supplementId: sid, receivedAt: now.toISOString(), status: 'processing', statusCode: 4 };
    db.transaction(() => {
      db.prepare('INSERT INTO supplements (id, dossier_id, device_id, body_hash, response_json) VALUES (?, ?, ?, ?, ?)').run(sid, id, device, hash, JSON.stringify(res));
      const ins = db.prepare('INSERT INTO dossier_attachments (dossier_id, supplement_id, upload_id, sha256, size) VALUES (?, ?, ?, ?, ?)');
      for (const a of atts) ins.run(id, sid, a.uploadId, a.sha256, a.size);
      db.prepare(`UPDATE dossiers SET status = 'processing', phase_start_ms = ? WHERE id = ?`).run(now.getTime() - processingAfterMs, id);
      insertChange(device, id, 'processing', now, 'Đã nhận hồ sơ bổ sung');
    })();
    return reply.code(200).send(res);
  });

  app.put('/v1/payments/:paymentId', async (req, reply) => {
    const device = auth(req);
    const id = idParam(req, 'paymentId');
    // Checked before anything is stored: a full card number must never land in the database.
    if (containsCardNumber(req.body)) throw new HttpError(422, 'card-number-refused', 'The body looks like it holds a full card number; send maskedPan only.');
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT device_id, body_hash, body_json FROM payments WHERE id = ?').get(id) as
      { device_id: string; body_hash: string; body_json: string } | undefined;
    const body = parse(paymentSchema, req.body);
    if (body.maskedPan !== undefined && !/^\d{0,6}[*xX•]{4,13}\d{0,4}$/.test(body.maskedPan)) {
      throw new HttpError(422, 'invalid', 'maskedPan must be masked (at most first 6 and last 4 digits).');
    }
    const stored = () => ({ paymentId: id, ...(JSON.parse((db.prepare('SELECT body_json FROM payments WHERE id = ?').get(id) as { body_json: string }).body_json) as object) });
    if (existing) {
      if (existing.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.');
      if (existing.body_hash === hash) {
        db.prepare('UPDATE payments SET puts = puts + 1 WHERE id = ?').run(id);
        return reply.code(200).send(stored());
      }
      // The one legal change of a stored payment: approved → refunded, same sale otherwise.
      const prev = JSON.parse(existing.body_json) as z.infer<typeof paymentSchema>;
      if (!(prev.status === 'approved' && body.status === 'refunded' && prev.amount === body.amount && prev.dossierId === body.dossierId)) {
        throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      }
      db.prepare('UPDATE payments SET body_hash = ?, body_json = ?, status = ?, puts = puts + 1 WHERE id = ?').run(hash, JSON.stringify(body), body.status, id);
      return reply.code(200).send(stored());
    }
    const dossier = db.prepare('SELECT 1 FROM dossiers WHERE id = ? AND device_id = ?').get(body.dossierId, device);
    if (!dossier) throw new HttpError(422, 'unknown-dossier', 'The payment names a dossier this device has not submitted.');
    db.prepare('INSERT INTO payments (id, device_id, dossier_id, body_hash, body_json, status) VALUES (?, ?, ?, ?, ?, ?)').run(id, device, body.dossierId, hash, JSON.stringify(body), body.status);
    stats.payments++;
    return reply.code(200).send(stored());
  });

  app.post('/v1/queue-tickets', async (req, reply) => {
    const device = auth(req);
    const body = parse(ticketSchema, req.body);
    const hash = canonicalHash(req.body);
    const existing = db.prepare('SELECT body_hash, response_json FROM queue_tickets WHERE id = ?').get(body.ticketId) as { body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.body_hash !== hash) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    const now = clock.now();
    const day = vnDay(now);
    const res = db.transaction(() => {
      const number = nextCounter(`ticket:${day}:${body.branchCode}:${body.serviceCode}`);
      const waiting = (db.prepare('SELECT COUNT(*) AS n FROM queue_tickets WHERE day = ? AND branch_code = ? AND service_code = ?').get(day, body.branchCode, body.serviceCode) as { n: number }).n;
      const counter = 1 + (parseInt(crypto.createHash('sha256').update(body.serviceCode).digest('hex').slice(0, 4), 16) % 12);
      const r = {
        ticketId: body.ticketId, number, branchCode: body.branchCode, counterHint: `Quầy ${counter}`, issuedAt: now.toISOString(),
        estimatedWaitMinutes: Math.min(240, (body.priority === 'normal' ? waiting : Math.floor(waiting / 3)) * 4),
      };
      db.prepare('INSERT INTO queue_tickets (id, device_id, body_hash, branch_code, service_code, day, number, response_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(body.ticketId, device, hash, body.branchCode, body.serviceCode, day, number, JSON.stringify(r));
      return r;
    })();
    return reply.code(200).send(res);
  });

  app.get('/v1/changes', async (req, reply) => {
    const device = auth(req);
    const q = req.query as Record<string, string | undefined>;
    const since = q.since ? Number(q.since) : 0;
    const limit = Math.min(500, Math.max(1, Number(q.limit ?? 100) || 100));
    if (!Number.isInteger(since) || since < 0) throw new HttpError(400, 'malformed', 'Bad cursor.');
    advance();
    const rows = db.prepare('SELECT seq, dossier_id, status, status_code, note, at FROM changes WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ?').all(device, since, limit) as
      { seq: number; dossier_id: string; status: string; status_code: number; note: string | null; at: string }[];
    const cursor = rows.length ? rows[rows.length - 1]!.seq : since;
    return reply.send({
      changes: rows.map((r) => ({ dossierId: r.dossier_id, status: r.status, statusCode: r.status_code, ...(r.note ? { note: r.note } : {}), at: r.at })),
      cursor: String(cursor),
    });
  });

  app.get('/v1/catalog', async (req, reply) => {
    auth(req);
    // The sandbox does not serve the catalogue; the kiosk ships its own (assets/catalog).
    return reply.send({ version: 1, procedures: [], removed: [] });
  });

  app.post('/v1/telemetry', async (req, reply) => {
    const device = auth(req);
    const body = parse(telemetrySchema, req.body);
    db.prepare('INSERT INTO telemetry (device_id, body_json, received_at) VALUES (?, ?, ?)').run(device, JSON.stringify(body), clock.now().toISOString());
    return reply.code(204).send();
  });

  app.get('/v1/vietqr-notifications', async (req, reply) => {
    auth(req);
    const ref = (req.query as Record<string, string | undefined>).reference ?? '';
    if (!/^[A-Za-z0-9-]{4,64}$/.test(ref)) throw new HttpError(400, 'malformed', 'Bad reference.');
    const r = db.prepare('SELECT reference, amount, paid_at, bank_ref FROM vietqr_payments WHERE reference = ?').get(ref) as
      { reference: string; amount: number; paid_at: string; bank_ref: string } | undefined;
    return reply.send({ notifications: r ? [{ reference: r.reference, amount: r.amount, paidAt: r.paid_at, bankRef: r.bank_ref }] : [] });
  });

  // ---- test control (loopback only unless asked) ----
  const host = options.host ?? '127.0.0.1';
  const control = options.control ?? (host === '127.0.0.1' || host === '::1' || host === 'localhost');
  if (control) registerControlRoutes();
  function registerControlRoutes() {
    app.post('/sandbox/vietqr/pay', async (req, reply) => {
      const b = parse(z.object({ reference: z.string().regex(/^[A-Za-z0-9-]{4,64}$/), amount: z.number().int().min(1) }), req.body);
      db.prepare('INSERT OR IGNORE INTO vietqr_payments (reference, amount, paid_at, bank_ref) VALUES (?, ?, ?, ?)')
        .run(b.reference, b.amount, clock.now().toISOString(), `FT${crypto.randomBytes(6).toString('hex').toUpperCase()}`);
      return reply.code(200).send({ ok: true });
    });
    app.post('/sandbox/dossiers/:dossierId/status', async (req, reply) => {
      const id = idParam(req, 'dossierId');
      const b = parse(z.object({ status: z.enum(CITY_STATUSES as [CityStatus, ...CityStatus[]]), note: z.string().max(500).optional() }), req.body);
      if (!setDossierStatus(id, b.status, b.note)) throw new HttpError(404, 'not-found', 'No such dossier.');
      return reply.send({ ok: true });
    });
    app.get('/sandbox/stats', async (_req, reply) => reply.send(stats));
    app.post('/sandbox/faults', async (req, reply) => {
      const b = parse(z.object({ spec: z.string().max(500) }), req.body);
      try {
        setFaults(b.spec);
      } catch (e) {
        throw new HttpError(422, 'invalid', (e as Error).message);
      }
      return reply.send({ ok: true });
    });
  }

  await app.listen({ port: options.port ?? 0, host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port ?? 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('sandbox-listening', { url, devices: devices.length });

  return {
    url, port, dbPath, uploadsDir, devices, db,
    stats: () => ({ ...stats, byRoute: { ...stats.byRoute }, byStatus: { ...stats.byStatus }, faultsInjected: { ...stats.faultsInjected }, patches: [...stats.patches], log: stats.log.map((e) => ({ ...e })) }),
    resetStats,
    setFaults,
    addDevice,
    revokeDevice: (id) => void db.prepare('UPDATE devices SET revoked = 1 WHERE id = ?').run(id),
    setDossierStatus,
    advance,
    close: async () => {
      for (const s of stalled) s.destroy();
      await app.close();
      db.close();
    },
  };
}
