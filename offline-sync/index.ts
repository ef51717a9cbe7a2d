// The offline-sync layer's public surface, for kiosk-app/core and kiosk-app/cli.
export { openKioskStore, type KioskStore, type OpenStoreOptions } from './store/store';
export type { StoreError, StoreErrorCode } from './store/errors';
export { keyFilePath, KEY_FILE_NAME, type StoreKeySource } from './store/keys';
export { StoredDayLists, StoredPinLockout, StoredQueueClaims, type StoredLockoutState, type StoredQueueClaim } from './store/local-state';
export { Outbox, type OutboxOptions } from './outbox/outbox';
export { localRefFromId, normalizeLocalRef } from './outbox/local-ref';
export { AuditEvents, AUDIT_RETENTION_DAYS, type AuditEventInput, type AuditEvent, type AuditEventView, type AuditDetail } from './outbox/audit-events';
export { STAFF_SESSION_INVALID, type StaffSessionParked } from './outbox/dossiers';
export type {
  DossierInput, SupplementInput, PaymentIntentInput, PaymentOutcomeInput, QueueTicketInput, TelemetryInput, SubmittedDossier, DossierView,
  LocalStatus, OutboxStats, OutboxError, OutboxErrorCode, MessageRow, MessageKind, MessageState, PaymentRow, QueueTicketRow, Channel,
} from './outbox/types';
export { SyncWorker, type SyncWorkerOptions, type SyncState, type SyncAlert, type FetchLike, type Timers, type LinkHealthView, type LinkLevel } from './sync/worker';
export { CITY_STATUS_CODES, STAFF_ROLES, type CityStatus, type StaffRole, type AppointmentStatus } from './city-client/city-schemas';
export { CityGatewayClient, type CityGatewayClientOptions, type AuditBody } from './city-client/city-gateway-client';
export type {
  StaffSessionBody, StaffSessionAnswer, Slot, AppointmentSlots, PointInfo, AppointmentBody, AppointmentAnswer, DayAppointment, FoundAppointment, AppointmentPatch,
  BusRoute, RouteStop, RouteVisit, RouteDayBody,
} from './city-client/city-gateway-client';
export { verifyCatalog, signCatalog, type VerifiedCatalog, type CatalogBody, type CatalogProcedure, type CatalogSignatureError } from './city-client/catalog-signature';
export type { RequestOptions } from './city-client/city-http';
export type { CityError } from './city-client/city-errors';
export { startCitySandbox, type CitySandbox, type CitySandboxOptions, type SandboxDevice, type SandboxStaff, type SandboxPoint, type SandboxStats, type RouteJson } from './city-sandbox/server';
export { parseFaultSpec, type FaultSpec } from './city-sandbox/faults';
export { registerOutboxCommands, type OutboxCommandOptions, type OutboxLocation } from './cli/outbox-commands';
export { registerCitySandboxCommand, type CitySandboxCommandOptions } from './cli/city-sandbox-command';
