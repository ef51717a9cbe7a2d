// The city sandbox: a complete server of shared/city-gateway-api.md on loopback, with its own
// SQLite database (sandbox-db.ts) and tus upload store, receipt codes, a status clock
// (status-clock.ts) and fault injection (request-hooks.ts). Each group of routes is a Fastify
// plugin under routes/: dossiers (and supplements), uploads (tus), payments, queue tickets,
// changes, telemetry and the signed catalogue (catalog.ts), VietQR notifications, staff sessions, points
// and their appointment slots, appointments, bus routes and route days, audit events, and the
// loopback-only test control.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Fastify from 'fastify';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import type { FaultSpec } from './faults';
import type { CityStatus } from './codes';
import { SandboxDb, type SandboxDevice, type SandboxPoint, type SandboxStaff } from './sandbox-db';
import { StatusClock } from './status-clock';
import { StatsRecorder, type SandboxContext, type SandboxStats } from './sandbox-context';
import { installErrorAnswers, installFaults, installRequestStats } from './request-hooks';
import { Uploads, uploadRoutes } from './routes/uploads';
import { dossierRoutes } from './routes/dossiers';
import { paymentRoutes } from './routes/payments';
import { queueTicketRoutes } from './routes/queue-tickets';
import { changesRoutes } from './routes/changes';
import { deviceReportRoutes } from './routes/device-reports';
import { SandboxCatalog } from './catalog';
import { vietQrRoutes } from './routes/vietqr';
import { controlRoutes } from './routes/control';
import { staffSessionRoutes } from './routes/staff-sessions';
import { pointRoutes } from './routes/points';
import { appointmentRoutes } from './routes/appointments';
import { auditRoutes } from './routes/audit';
import { busRouteRoutes } from './routes/bus-routes';
import { checkRoute, type RouteJson } from './route-schema';

export type { SandboxDevice, SandboxStaff, SandboxPoint } from './sandbox-db';
export type { StaffRole } from './codes';
export type { SandboxStats } from './sandbox-context';
export type { RouteJson } from './route-schema';

export interface CitySandboxOptions {
  dataDir: string;
  port?: number;
  host?: string;
  devices?: SandboxDevice[];
  /** Staff who may sign in (POST /v1/staff-sessions); enrolled again at every start. */
  staff?: SandboxStaff[];
  /** A staff session lasts this long (default 600 minutes). */
  staffSessionMinutes?: number;
  /** After 5 wrong PINs in a row a staff id is locked this long (default 15 minutes). */
  staffLockMinutes?: number;
  /** Community points publishing appointment slots (the default hours). */
  points?: SandboxPoint[];
  /** Places in every slot (default 3). */
  slotCapacity?: number;
  /** Bus routes (each a GET /v1/routes/{busId} answer), checked before the sandbox starts: a bad one refuses naming its field. */
  routes?: RouteJson[];
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
  /** The catalogue key, an Ed25519 private key in PEM (the CLI's --catalog-key FILE); without it one is made at start. */
  catalogKeyPem?: string;
}

export interface CitySandbox {
  readonly url: string;
  readonly port: number;
  readonly dbPath: string;
  readonly uploadsDir: string;
  readonly devices: readonly SandboxDevice[];
  /** The sandbox's own database, for tests that check what arrived. */
  readonly db: Database;
  /** The public half of the catalogue key (SPKI PEM): what a device verifies GET /v1/catalog with. */
  readonly catalogPublicKeyPem: string;
  stats(): SandboxStats;
  resetStats(): void;
  setFaults(spec: string | Partial<FaultSpec>): void;
  addDevice(d: SandboxDevice): void;
  revokeDevice(id: string): void;
  /** Enrols staff (or gives them a new PIN, roles, name; a lock stays until its retryAt). */
  addStaff(s: SandboxStaff): void;
  /** Enrols a community point (or changes its name, address, phone). */
  addPoint(p: SandboxPoint): void;
  /** Publishes a bus route (or replaces its timetable); throws naming the field of a bad one. */
  addRoute(r: RouteJson): void;
  setDossierStatus(dossierId: string, status: CityStatus, note?: string): boolean;
  /** Applies due status changes now (they are otherwise applied lazily on reads). */
  advance(): void;
  close(): Promise<void>;
}

export async function startCitySandbox(options: CitySandboxOptions): Promise<CitySandbox> {
  const clock = options.clock ?? systemClock;
  const log = (options.logger ?? silentLogger).child('city-sandbox');
  const dataDir = path.resolve(options.dataDir);
  const uploadsDir = path.join(dataDir, 'uploads');
  fs.mkdirSync(uploadsDir, { recursive: true });
  const catalog = new SandboxCatalog(options.catalogKeyPem);
  // Routes first: a bad one refuses the start before the database is opened.
  const routes = (options.routes ?? []).map((r, i) => checkRoute(r, `routes[${i}]`));
  const store = new SandboxDb(dataDir);

  // Devices: as given; without any (and none enrolled before), one demo device, its token told once.
  const devices: SandboxDevice[] = [...(options.devices ?? [])];
  if (devices.length === 0 && store.activeDevices() === 0) {
    const demo = { id: 'demo-kiosk-01', token: crypto.randomBytes(24).toString('base64url') };
    devices.push(demo);
    options.onDemoDevice?.(demo);
  }
  for (const d of devices) store.addDevice(d);
  for (const s of options.staff ?? []) store.addStaff(s);
  for (const p of options.points ?? []) store.addPoint(p);
  for (const r of routes) store.addRoute(r);

  const processingAfterMs = options.processingAfterMs ?? 30_000;
  const ctx: SandboxContext = {
    store, clock, log,
    settings: {
      agency: options.agencyCode ?? '99', maxUploadBytes: options.maxUploadBytes ?? 25 * 1024 * 1024, uploadsDir, slotCapacity: options.slotCapacity ?? 3,
      staffSessionMs: (options.staffSessionMinutes ?? 600) * 60_000, staffLockMs: (options.staffLockMinutes ?? 15) * 60_000,
    },
    stats: new StatsRecorder(),
    status: new StatusClock(store, clock, {
      processingAfterMs, completedAfterMs: Math.max(options.completedAfterMs ?? 120_000, processingAfterMs), supplementFraction: options.supplementFraction ?? 0.1,
    }),
  };

  const app = Fastify({ bodyLimit: options.maxJsonBytes ?? 1024 * 1024, logger: false, forceCloseConnections: true });
  installRequestStats(app, ctx.stats);
  const faults = installFaults(app, ctx.stats, options.seed ?? Date.now());
  if (options.faults) faults.set(options.faults);
  installErrorAnswers(app, log);

  const uploads = new Uploads(ctx);
  await app.register(uploadRoutes, { ctx, uploads });
  await app.register(dossierRoutes, { ctx, uploads });
  await app.register(paymentRoutes, { ctx });
  await app.register(queueTicketRoutes, { ctx });
  await app.register(changesRoutes, { ctx });
  await app.register(deviceReportRoutes, { ctx, catalog });
  await app.register(vietQrRoutes, { ctx });
  await app.register(staffSessionRoutes, { ctx });
  await app.register(pointRoutes, { ctx });
  await app.register(appointmentRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(busRouteRoutes, { ctx });
  const host = options.host ?? '127.0.0.1';
  if (options.control ?? (host === '127.0.0.1' || host === '::1' || host === 'localhost')) await app.register(controlRoutes, { ctx, faults });

  await app.listen({ port: options.port ?? 0, host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port ?? 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('sandbox-listening', { url, devices: devices.length });

  return {
    url, port, dbPath: store.path, uploadsDir, devices, db: store.db, catalogPublicKeyPem: catalog.publicKeyPem,
    stats: () => ctx.stats.snapshot(),
    resetStats: () => ctx.stats.reset(),
    setFaults: (spec) => faults.set(spec),
    addDevice: (d) => store.addDevice(d),
    revokeDevice: (id) => store.revokeDevice(id),
    addStaff: (s) => store.addStaff(s),
    addPoint: (p) => store.addPoint(p),
    addRoute: (r) => store.addRoute(checkRoute(r, 'route')),
    setDossierStatus: (id, status, note) => ctx.status.setDossierStatus(id, status, note),
    advance: () => ctx.status.advance(),
    close: async () => {
      faults.destroyStalled();
      await app.close();
      store.close();
    },
  };
}
