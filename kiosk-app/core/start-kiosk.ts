import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { StoredDayLists, StoredPinLockout, StoredQueueClaims } from '../../offline-sync';
import { AppointmentService } from './appointments/appointment-service';
import { StaffService } from './staff/staff-service';
import { ShiftReports } from './staff/shift-report';
import { loadAssistant } from './assistant';
import { loadCatalog } from './catalog/catalog-loader';
import { GuideSheetService } from './catalog/guide-sheet';
import { startCityLink } from './city-link/start-city-link';
import type { KioskConfig } from './config/config-schema';
import { DemoControls } from './demo/demo-controls';
import { a4PrinterPort, identityReaderPort, paperScannerPort, receiptPrinterPort } from './devices/journey-device-ports';
import { startDevices } from './devices/start-devices';
import { JourneyService } from './dossier/journey-service';
import { NoPaymentTerminal } from '../../device-drivers/payment/fake-payment-terminal';
import type { KioskCore } from './kiosk-core';
import { createCatalogService } from './catalog/catalog-service';
import { createEspeakSpeech } from './speech/speech-service';
import { createMaintenanceService } from './maintenance/maintenance-service';
import { createLookupService } from './lookup/lookup-service';
import { fileLocalSequence } from './queue/local-sequence';
import { createQueueService } from './queue/queue-service';
import { CityVietQrNotificationSource, OutboxPaymentLedger, PaymentService } from './payment';
import { SessionStore } from './session/citizen-session';
import { diskStorageProbe, StorageMonitor } from './storage/storage-health';
import { StatusBoard } from './system/component-status';

// The composition root shared by both shells (the `kiosk start` host and Electron main):
// it builds every service from the configuration and reports each one as it starts. The
// outbox must open, or the kiosk refuses to start (it could not keep what it accepts);
// a device that fails is reported and the kiosk runs without it.

export interface StartedComponent {
  readonly name: string;
  readonly detail: string;
  /** False for a component that started degraded (e.g. printer out of paper). */
  readonly ok: boolean;
}

export interface RunningKiosk {
  readonly core: KioskCore;
  close(): Promise<void>;
}

export interface StartError {
  readonly component: string;
  readonly message: string;
}

export async function startKiosk(options: {
  config: KioskConfig;
  clock: Clock;
  logger: Logger;
  onStarted?: (c: StartedComponent) => void;
}): Promise<Result<RunningKiosk, StartError>> {
  const { config, logger, clock } = options;
  const report = (name: string, okay: boolean, detail: string) => options.onStarted?.({ name, detail, ok: okay });
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((e: unknown) => logger.warn('close-failed', { message: String(e) }));
  };
  const status = new StatusBoard();

  try {
    mkdirSync(config.storage.dataDir, { recursive: true, mode: 0o700 });
  } catch (e) {
    return err({ component: 'storage', message: `cannot create data dir ${config.storage.dataDir}: ${(e as Error).message}` });
  }

  const catalog = loadCatalog();
  if (!catalog.ok) return err({ component: 'catalog', message: catalog.error.message });
  report('catalog', true, `${catalog.value.procedures.length} procedures, version ${catalog.value.version}`);
  status.set('catalog', 'ok', `${catalog.value.procedures.length} procedures`);

  const online = config.assistant.onlineModel;
  const assistant = loadAssistant({ catalog: catalog.value, clock, logger, ...(online ? { onlineModel: online } : {}) });
  if (!assistant.ok) return err({ component: 'assistant', message: assistant.error.message });
  report('assistant', true, `offline, 6 languages${online ? `; online model ${online.model} at ${new URL(online.baseUrl).host}` : ''}`);

  const link = await startCityLink({ config, clock, logger, report });
  if (!link.ok) return err(link.error);
  closers.push(() => link.value.close());
  const { outbox, worker } = link.value;
  const syncStatus = () => {
    const s = worker.getState();
    status.set('sync', s.alert ? 'down' : s.online === false ? 'degraded' : 'ok', s.online === false ? `offline, ${s.pending} waiting` : `${s.pending} waiting`);
  };
  const offSync = worker.subscribe(syncStatus);
  closers.push(async () => offSync());

  const { store } = link.value;
  const storage = new StorageMonitor({
    probe: diskStorageProbe({ dataDir: store.dataDir, dbPath: store.dbPath, attachmentsDir: store.attachmentsDir, quickCheck: () => String(store.db.pragma('quick_check', { simple: true })) }),
    thresholds: config.storage,
    status,
    logger,
    clock,
    checkEveryMs: config.storage.checkEverySeconds * 1000,
    databaseCheckEveryMs: config.storage.databaseCheckEveryHours * 3_600_000,
  });
  const stopStorage = storage.start();
  closers.push(async () => stopStorage());
  const firstLook = storage.last;
  report('storage', firstLook?.state === 'ok', firstLook?.detail ?? 'not measured');

  const devices = await startDevices({ config, clock, logger, status, report });
  closers.push(() => devices.close());

  const payments = new PaymentService({
    ledger: new OutboxPaymentLedger(outbox),
    // Without a card terminal the payment service answers every card sale 'no terminal'.
    terminal: devices.terminal?.driver ?? new NoPaymentTerminal(),
    notifications: new CityVietQrNotificationSource(worker),
    vietQr: config.devices.vietQr,
    clock,
    logger,
  });
  // A sale whose outcome is unknown (crash or unplug mid-payment) is asked about, never repeated.
  const reconciled = await payments.reconcileOnStartup();
  const unresolved = reconciled.needsStaff.length;
  report('payments', unresolved === 0, `${reconciled.resolved.length} unfinished sale(s) resolved with the terminal${unresolved ? `; ${unresolved} need staff: see kiosk outbox status` : ''}`);

  // Staff assist citizens on a community point or a bus: a clerk's long form, or a shift locked a
  // while, must not wipe the citizen's session under them (the staff shift locks instead).
  const assisted = config.kiosk.mode !== 'kiosk';
  const sessions = new SessionStore(clock, assisted ? 30 * 60_000 : (config.session.idleTimeoutSeconds + 30) * 1000);
  const audit = outbox.audit;
  const staff = new StaffService({
    config, clock, logger, city: worker.city, audit,
    // Kept beside the technician's: what the city said of each staff id's tries outlives a restart.
    lockout: new StoredPinLockout(link.value.store, { clock }),
    restamp: (staffId, staffSessionId) => {
      const r = outbox.dossiers.restampStaffSession({ staffId, staffSessionId });
      if (!r.ok) logger.error('restamp-failed', { code: r.error.code });
      return r.ok ? r.value : 0;
    },
  });
  closers.push(async () => sessions.endAll());

  const catalogService = createCatalogService(catalog.value);
  const idReader = identityReaderPort(devices.idreader?.driver ?? null);
  const receiptPrinter = receiptPrinterPort(devices.printer?.driver ?? null, config.kiosk.name);
  const scanner = paperScannerPort(devices.scanner?.driver ?? null, devices.ocr, devices.scanner?.simulator ?? null);
  const a4Printer = devices.a4?.driver ?? null;
  const city = { outbox, worker, sandbox: link.value.sandbox };
  const journey = new JourneyService({
    config,
    clock,
    logger,
    sessions,
    catalog: catalogService,
    outbox,
    payments,
    idReader,
    scanner,
    receiptPrinter,
    a4Printer: a4PrinterPort(a4Printer, config.kiosk.name),
    isOnline: () => worker.getState().online === true,
    storage,
    ...(assisted ? { staff } : {}),
  });
  const appointments = new AppointmentService({ config, clock, logger, city: worker.city, cache: new StoredDayLists(link.value.store), catalog: catalogService, printer: receiptPrinter, idReader });
  const core: KioskCore = {
    config,
    clock,
    logger,
    status,
    catalog: catalogService,
    speech: createEspeakSpeech(),
    assistant: assistant.value,
    journey,
    queue: createQueueService({ config, clock, logger, worker, catalog: catalogService, idReader, printer: receiptPrinter, localSequence: fileLocalSequence(join(config.storage.dataDir, 'queue-local-sequence.json'), logger), limits: new StoredQueueClaims(link.value.store, { clock }) }),
    lookup: createLookupService({ clock, logger, outbox, worker, catalog: catalogService, scanner }),
    city,
    devices,
    payments,
    guide: new GuideSheetService({ catalog: catalogService, knowledge: assistant.value.knowledge, a4Printer, clock, logger }),
    // Training controls exist only in the demo: a real kiosk answers every demo call no-simulator.
    demo: config.demo ? new DemoControls(devices, link.value.sandbox) : null,
    // The PIN lockout outlives a restart: it is kept in the encrypted store, per caller.
    maintenance: createMaintenanceService({ config, clock, logger, status, city, devices, journey }, { lockout: new StoredPinLockout(link.value.store, { clock }) }),
    staff,
    appointments,
    shiftReports: new ShiftReports({ config, clock, logger, staff, outbox, appointments, catalog: catalogService, a4Printer }),
  };

  return ok({ core, close: closeAll });
}
