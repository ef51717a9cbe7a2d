import { join } from 'node:path';
import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import { openKioskStore, Outbox, startCitySandbox, SyncWorker, type CitySandbox, type KioskStore } from '../../../offline-sync';
import { storeKeySource } from '../config/store-key-source';
import type { KioskConfig } from '../config/config-schema';
import { DEMO_STAFF } from '../staff/demo-staff';

// The kiosk's link to the city: the encrypted outbox on disk, the sync worker that drains
// it, and — in the demo — the embedded city sandbox it drains into. The outbox must open
// (nothing may be accepted that cannot be kept); the city being unreachable is normal.

export interface CityLink {
  readonly store: KioskStore;
  readonly outbox: Outbox;
  readonly worker: SyncWorker;
  /** The embedded sandbox in demo mode; null when the kiosk talks to a real gateway. */
  readonly sandbox: CitySandbox | null;
  readonly cityUrl: string;
  close(): Promise<void>;
}

export interface CityLinkError {
  readonly component: 'outbox' | 'city';
  readonly message: string;
}

export async function startCityLink(d: {
  config: KioskConfig;
  clock: Clock;
  logger: Logger;
  report: (name: string, ok: boolean, detail: string) => void;
}): Promise<Result<CityLink, CityLinkError>> {
  const { config, clock, logger } = d;
  const store = openKioskStore({ dataDir: config.storage.dataDir, key: storeKeySource(config), logger });
  if (!store.ok) return err({ component: 'outbox', message: `${store.error.message} (${store.error.code})` });
  const outbox = new Outbox(store.value, { clock, logger, retentionDays: config.storage.retentionDays });
  const stats = outbox.stats();
  d.report('outbox', true, `encrypted SQLite at ${store.value.dbPath}; ${stats.pending} waiting to be sent`);

  let sandbox: CitySandbox | null = null;
  let baseUrl: string;
  const city = config.city;
  if (city.kind === 'embedded-sandbox') {
    try {
      sandbox = await startCitySandbox({
        dataDir: join(config.storage.dataDir, 'city-sandbox'),
        port: city.port,
        devices: [{ id: city.deviceId, token: city.deviceToken }],
        processingAfterMs: city.processingAfterSeconds * 1000,
        completedAfterMs: city.completedAfterSeconds * 1000,
        supplementFraction: city.needsSupplementRate,
        // The demo's staff and community points, so sign-in and booking work in training.
        staff: DEMO_STAFF.map((x) => ({ staffId: x.staffId, pin: x.pin, roles: [...x.roles], displayName: x.displayName })),
        points: config.booking.points.map((p) => ({ code: p.code, name: p.name, address: p.address, phone: p.phone })),
        clock,
        logger,
      });
    } catch (e) {
      store.value.close();
      return err({ component: 'city', message: `embedded city sandbox: ${(e as Error).message}` });
    }
    baseUrl = sandbox.url;
    d.report('city', true, `embedded sandbox ${sandbox.url} (demo)`);
  } else {
    baseUrl = city.baseUrl;
    d.report('city', true, `gateway ${new URL(city.baseUrl).origin} as ${city.deviceId}`);
  }

  const worker = new SyncWorker({ outbox, baseUrl, deviceId: city.deviceId, deviceToken: city.deviceToken, clock, logger });
  worker.start();
  d.report('sync', true, 'worker started');

  return ok({
    store: store.value,
    outbox,
    worker,
    sandbox,
    cityUrl: baseUrl,
    close: async () => {
      await worker.stop();
      await sandbox?.close();
      store.value.close();
    },
  });
}
