import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { Assistant } from './assistant/assistant';
import type { GuideSheetService } from './catalog/guide-sheet';
import { createCatalogService, type CatalogService } from './catalog/catalog-service';
import type { Catalog } from './catalog/catalog-schema';
import type { KioskConfig } from './config/config-schema';
import type { CitySandbox, Outbox, SyncWorker } from '../../offline-sync';
import type { DemoControls } from './demo/demo-controls';
import type { KioskDevices } from './devices/start-devices';
import type { JourneyService } from './dossier/journey-service';
import type { MaintenanceService } from './maintenance/maintenance-service';
import type { LookupService } from './lookup/lookup-service';
import type { QueueService } from './queue/queue-service';
import type { PaymentService } from './payment';
import { createEspeakSpeech, type SpeechService } from './speech/speech-service';
import { StatusBoard } from './system/component-status';

/** Everything the api exposes, built once at start from its dependencies. */
export interface KioskCore {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catalog: CatalogService;
  readonly status: StatusBoard;
  readonly speech: SpeechService;
  /** The multilingual assistant (offline retrieval, optional online model). */
  readonly assistant: Assistant;
  /** Present once devices and the outbox are up. */
  journey?: JourneyService;
  /** Queue numbers (lấy số thứ tự); present once devices and the outbox are up. */
  queue?: QueueService;
  /** Dossier look-up and supplements; present once devices and the outbox are up. */
  lookup?: LookupService;
  /** The outbox, its sync worker and, in the demo, the embedded city sandbox. */
  city?: { readonly outbox: Outbox; readonly worker: SyncWorker; readonly sandbox: CitySandbox | null };
  devices?: KioskDevices;
  payments?: PaymentService;
  /** The procedure guidance sheet on the A4 printer. */
  guide?: GuideSheetService;
  /** Simulator controls (demo and training mode, end-to-end tests). */
  demo?: DemoControls;
  /** Technician maintenance mode behind the PIN. */
  maintenance?: MaintenanceService;
}

export interface KioskCoreDeps {
  readonly config: KioskConfig;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly status?: StatusBoard;
  readonly speech?: SpeechService;
  readonly assistant: Assistant;
}

export function createKioskCore(deps: KioskCoreDeps): KioskCore {
  return {
    config: deps.config,
    clock: deps.clock,
    logger: deps.logger,
    catalog: createCatalogService(deps.catalog),
    status: deps.status ?? new StatusBoard(),
    speech: deps.speech ?? createEspeakSpeech(),
    assistant: deps.assistant,
  };
}
