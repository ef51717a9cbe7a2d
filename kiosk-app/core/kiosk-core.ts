import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import type { Assistant } from './assistant/assistant';
import type { GuideSheetService } from './catalog/guide-sheet';
import type { CatalogService } from './catalog/catalog-service';
import type { KioskConfig } from './config/config-schema';
import type { CitySandbox, Outbox, SyncWorker } from '../../offline-sync';
import type { DemoControls } from './demo/demo-controls';
import type { KioskDevices } from './devices/start-devices';
import type { JourneyService } from './dossier/journey-service';
import type { MaintenanceService } from './maintenance/maintenance-service';
import type { LookupService } from './lookup/lookup-service';
import type { QueueService } from './queue/queue-service';
import type { PaymentService } from './payment';
import type { SpeechService } from './speech/speech-service';
import type { StatusBoard } from './system/component-status';
import type { StaffService } from './staff/staff-service';
import type { AppointmentService } from './appointments/appointment-service';
import type { ShiftReports } from './staff/shift-report';

/** Everything the api exposes, built complete once at start from its dependencies (start-kiosk.ts). */
export interface KioskCore {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catalog: CatalogService;
  readonly status: StatusBoard;
  readonly speech: SpeechService;
  /** The multilingual assistant (offline retrieval, optional online model). */
  readonly assistant: Assistant;
  readonly journey: JourneyService;
  /** Queue numbers (lấy số thứ tự). */
  readonly queue: QueueService;
  /** Dossier look-up and supplements. */
  readonly lookup: LookupService;
  /** The outbox, its sync worker and, in the demo, the embedded city sandbox. */
  readonly city: { readonly outbox: Outbox; readonly worker: SyncWorker; readonly sandbox: CitySandbox | null };
  readonly devices: KioskDevices;
  readonly payments: PaymentService;
  /** The procedure guidance sheet on the A4 printer. */
  readonly guide: GuideSheetService;
  /** Simulator controls (demo and training mode, end-to-end tests); null on a kiosk with real devices. */
  readonly demo: DemoControls | null;
  /** Technician maintenance mode behind the PIN. */
  readonly maintenance: MaintenanceService;
  /** The staff's shift (community points, buses): sign-in with the city, lock, roles, audit. */
  readonly staff: StaffService;
  /** Booking slots at community points, and a point's day list for its staff. */
  readonly appointments: AppointmentService;
  /** The end-of-shift report of a community point. */
  readonly shiftReports: ShiftReports;
}
