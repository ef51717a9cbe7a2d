// The city gateway's HTTP client (shared/city-gateway-api.md): one typed method a resource the
// kiosk uses, each answer validated by its schema (city-schemas.ts) before anyone sees it, and
// every failure a CityError value (network, 401, an error status with Retry-After, malformed).
// It knows nothing of the outbox: the sync worker's deliverers decide what an answer means.
// Staff sign-in and appointments are asked while someone waits: each takes RequestOptions, so
// the caller can set the time-out.
import { ok, err, type Result } from '../../common/result';
import type * as z from 'zod';
import {
  CITY_STATUS_CODES, changeSchema, changesPageSchema, dossierAnswerSchema, issuesOf, paymentAnswerSchema, supplementAnswerSchema,
  ticketAnswerSchema, vietqrNotificationsSchema, staffSessionAnswerSchema, appointmentSlotsSchema, pointInfoSchema, appointmentAnswerSchema,
  dayAppointmentSchema, dayAppointmentsSchema, foundAppointmentSchema, busRouteSchema, routeVisitsSchema, routeDaySchema,
  type CityChange, type slotSchema, type routeStopSchema, type routeVisitSchema,
} from './city-schemas';
import { malformedAnswer, type CityError } from './city-errors';
import { verifyCatalog, type VerifiedCatalog } from './catalog-signature';
import { CityHttp, type CityAnswer, type CityHttpOptions, type RequestOptions } from './city-http';
import type { LinkHealth } from './link-health';
import { terminateUpload, tusUpload, type FinishedUpload, type TusUploadRequest } from './tus-upload';

/** An attachment as a dossier or supplement names it: a finished upload and what it holds. */
export interface AttachmentRef {
  readonly uploadId: string;
  readonly sha256: string;
  readonly mediaType: string;
  readonly pages: number;
  readonly documentType: string;
}

/** PUT /v1/dossiers/{dossierId} */
export interface DossierBody {
  readonly procedureCode: string;
  readonly channel: 'kiosk' | 'community' | 'bus';
  readonly applicant: {
    readonly idNumber: string; readonly fullName: string; readonly dateOfBirth: string; readonly sex: 'male' | 'female'; readonly address: string;
    readonly phone?: string; readonly email?: string;
  };
  /** Assisted mode; the city answers 422 staff_session_invalid without a live staff session of this device and staff member. */
  readonly onBehalfOf?: { readonly staffId: string; readonly staffSessionId: string; readonly consentRef: string };
  readonly form: Record<string, unknown>;
  readonly attachments: readonly AttachmentRef[];
  readonly fee: { readonly amount: number; readonly paymentId?: string };
  readonly createdAt: string;
}
export type DossierAnswer = z.infer<typeof dossierAnswerSchema> & { readonly statusCode: number };

/** PUT /v1/dossiers/{dossierId}/supplements/{supplementId} (an extension the sandbox serves). */
export interface SupplementBody {
  readonly attachments: readonly AttachmentRef[];
  readonly note?: string;
  readonly createdAt: string;
}
export type SupplementAnswer = z.infer<typeof supplementAnswerSchema>;

/** PUT /v1/payments/{paymentId}: never a full card number (maskedPan only). */
export interface PaymentBody {
  readonly dossierId: string;
  readonly method: 'card' | 'vietqr' | 'cash';
  readonly amount: number;
  readonly status: 'approved' | 'declined' | 'cancelled' | 'refunded';
  readonly terminalRef?: string;
  readonly approvalCode?: string;
  readonly maskedPan?: string;
  readonly paidAt: string;
}
export type PaymentAnswer = z.infer<typeof paymentAnswerSchema>;

/** POST /v1/queue-tickets */
export interface QueueTicketBody {
  readonly ticketId: string;
  readonly branchCode: string;
  readonly serviceCode: string;
  readonly priority: 'normal' | 'elderly' | 'disabled' | 'pregnant';
  readonly requestedAt: string;
}
export type QueueTicketAnswer = z.infer<typeof ticketAnswerSchema>;

/** POST /v1/telemetry; service ratings and counters ride along (an extension the sandbox stores). */
export interface TelemetryBody {
  readonly deviceId: string;
  readonly at: string;
  readonly devices: readonly { readonly kind: string; readonly status: string; readonly detail?: string }[];
  readonly outbox: { readonly pending: number; readonly oldestPendingAt: string | null };
  readonly ratings?: readonly { readonly score: number; readonly procedureCode?: string }[];
  readonly counters?: Readonly<Record<string, number>>;
}

/** POST /v1/audit: append-only device audit events, never personal data beyond ids; idempotent per eventId. */
export interface AuditBody {
  readonly events: readonly {
    readonly eventId: string;
    readonly at: string;
    readonly actor: string;
    readonly action: string;
    readonly subject?: string;
    readonly detail?: Readonly<Record<string, string | number | boolean>>;
  }[];
}

/** One page of GET /v1/changes: the valid changes, how many came (valid or not), and the cursor. */
export interface ChangesPage {
  readonly changes: CityChange[];
  readonly received: number;
  readonly cursor: string;
}

/** GET /v1/vietqr-notifications (an extension the sandbox serves): transfers that arrived for a reference. */
export type VietQrNotice = z.infer<typeof vietqrNotificationsSchema>['notifications'][number];

/** POST /v1/staff-sessions: pinProof is what the device's sign-in scheme sends (the sandbox: the PIN, over loopback only). */
export interface StaffSessionBody {
  readonly sessionId: string;
  readonly staffId: string;
  readonly pinProof: string;
  readonly startedAt: string;
}
export type StaffSessionAnswer = z.infer<typeof staffSessionAnswerSchema>;

/** One slot of GET /v1/appointment-slots (start and end with Hanoi's offset). */
export type Slot = z.infer<typeof slotSchema>;
export type AppointmentSlots = z.infer<typeof appointmentSlotsSchema>;

/** GET /v1/points/{pointCode} (an extension the sandbox serves): what a slip names. */
export type PointInfo = z.infer<typeof pointInfoSchema>;

/** PUT /v1/appointments/{appointmentId} */
export interface AppointmentBody {
  readonly slotId: string;
  readonly point: string;
  readonly procedureCode: string;
  readonly citizen: { readonly idNumber: string; readonly fullName: string; readonly phone: string };
  readonly channel: 'kiosk' | 'community' | 'bus' | 'phone';
  readonly createdAt: string;
}
export type AppointmentAnswer = z.infer<typeof appointmentAnswerSchema>;

/** A row of a point's day list (GET /v1/appointments), as PATCH answers it too: the ID number masked. */
export type DayAppointment = z.infer<typeof dayAppointmentSchema>;

/** GET /v1/appointments/by-code/{bookingCode} (an extension the sandbox serves). */
export type FoundAppointment = z.infer<typeof foundAppointmentSchema>;

/** PATCH /v1/appointments/{appointmentId}: what staff record. */
export interface AppointmentPatch {
  readonly status: 'checked_in' | 'no_show' | 'done';
  readonly at: string;
}

/** GET /v1/routes/{busId}: a bus's published timetable (visits' from and to are Hanoi HH:MM). */
export type BusRoute = z.infer<typeof busRouteSchema>;
export type RouteStop = z.infer<typeof routeStopSchema>;

/** One visit of GET /v1/route-visits: which bus comes to a commune, where and when. */
export type RouteVisit = z.infer<typeof routeVisitSchema>;

/** PUT /v1/route-days/{busId}/{date}: a bus's report of its day (payments in whole VND). */
export interface RouteDayBody {
  readonly stops: readonly { readonly stopId: string; readonly arrivedAt: string | null; readonly leftAt: string | null }[];
  readonly dossiers: number;
  readonly payments: { readonly card: number; readonly vietqr: number; readonly cash: number };
  readonly unsent: number;
}

/** The HTTP options (base URL, token, time-out, answer size, logger…) and the uploads'. */
export interface CityGatewayClientOptions extends CityHttpOptions {
  /** An upload with no progress for this long is aborted and resumed (30 s at most; shorter when the link answers fast). */
  uploadStallMs?: number;
  /** tus PATCH size (1 MB). */
  uploadChunkBytes?: number;
}

export class CityGatewayClient {
  readonly #http: CityHttp;
  readonly #stallMs: number;
  readonly #chunkBytes: number;

  constructor(o: CityGatewayClientOptions) {
    this.#http = new CityHttp(o);
    this.#stallMs = o.uploadStallMs ?? 30_000;
    this.#chunkBytes = o.uploadChunkBytes ?? 1024 * 1024;
  }

  get baseUrl(): string {
    return this.#http.baseUrl;
  }

  /** How the link has been doing, from every request's outcome. */
  get health(): LinkHealth {
    return this.#http.health;
  }

  /** A technician enrolled the device again (after a 401). */
  setDeviceToken(token: string): void {
    this.#http.setDeviceToken(token);
  }

  /** Resolves after ms, or at once when abortAll() is called meanwhile. */
  pause(ms: number): Promise<void> {
    return this.#http.pause(ms);
  }

  /** Aborts every request and upload in flight (each answers a network error). */
  abortAll(): void {
    this.#http.abortAll();
  }

  /** One attachment by tus; resumes `resumeUrl` from the server's offset. */
  uploadAttachment(req: TusUploadRequest): Promise<Result<FinishedUpload, CityError>> {
    return tusUpload(this.#http, req, { stallMs: this.#stallMs, chunkBytes: this.#chunkBytes });
  }

  /** Ends an upload the kiosk gave up on (tus termination), best effort; true when it is gone. */
  terminateUpload(url: string): Promise<boolean> {
    return terminateUpload(this.#http, url);
  }

  async putDossier(dossierId: string, body: DossierBody): Promise<Result<DossierAnswer, CityError>> {
    const a = this.#valid('dossier', await this.#http.request('PUT', `/v1/dossiers/${dossierId}`, body), dossierAnswerSchema);
    if (!a.ok) return a;
    if (a.value.dossierId !== dossierId) return this.#mismatch('dossier', 'dossierId does not match');
    return ok({ ...a.value, statusCode: CITY_STATUS_CODES[a.value.status] });
  }

  async putSupplement(dossierId: string, supplementId: string, body: SupplementBody): Promise<Result<SupplementAnswer, CityError>> {
    return this.#valid('supplement', await this.#http.request('PUT', `/v1/dossiers/${dossierId}/supplements/${supplementId}`, body), supplementAnswerSchema);
  }

  async putPayment(paymentId: string, body: PaymentBody): Promise<Result<PaymentAnswer, CityError>> {
    return this.#valid('payment', await this.#http.request('PUT', `/v1/payments/${paymentId}`, body), paymentAnswerSchema);
  }

  /** Idempotent on ticketId; a citizen may be waiting, so the caller can shorten the time-out. */
  async postQueueTicket(body: QueueTicketBody, opts: { timeoutMs?: number } = {}): Promise<Result<QueueTicketAnswer, CityError>> {
    const a = this.#valid('queue-ticket', await this.#http.request('POST', '/v1/queue-tickets', body, opts), ticketAnswerSchema);
    if (!a.ok) return a;
    if (a.value.ticketId !== body.ticketId) return this.#mismatch('queue-ticket', 'id does not match');
    return a;
  }

  /** 204 expected; the contract says nothing of a body. */
  async postTelemetry(body: TelemetryBody): Promise<Result<void, CityError>> {
    const r = await this.#http.request('POST', '/v1/telemetry', body);
    return r.ok ? ok(undefined) : r;
  }

  /**
   * One page of status changes after `since` (null: from the start). A change that fails its
   * schema is left out with a logged reason, never stopping the ones after it; a page of the
   * wrong shape is malformed.
   */
  async getChanges(since: string | null, limit: number, opts: RequestOptions = {}): Promise<Result<ChangesPage, CityError>> {
    const res = await this.#http.request('GET', `/v1/changes?limit=${limit}${since ? `&since=${encodeURIComponent(since)}` : ''}`, undefined, opts);
    const page = this.#valid('changes', res, changesPageSchema);
    if (!page.ok) return page;
    const changes: CityChange[] = [];
    for (const c of page.value.changes) {
      const cr = changeSchema.safeParse(c);
      if (cr.success) changes.push(cr.data);
      else this.#http.log.warn('change-rejected', { reason: issuesOf(cr.error) });
    }
    return ok({ changes, received: page.value.changes.length, cursor: page.value.cursor });
  }

  async getVietQrNotifications(reference: string, opts: { timeoutMs?: number } = {}): Promise<Result<VietQrNotice[], CityError>> {
    const res = await this.#http.request('GET', `/v1/vietqr-notifications?reference=${encodeURIComponent(reference)}`, undefined, opts);
    const a = this.#valid('vietqr', res, vietqrNotificationsSchema);
    return a.ok ? ok(a.value.notifications) : a;
  }

  /**
   * Signs staff in on this device. A wrong PIN is a status error (401 wrong_pin, details
   * {triesLeft}), never `unauthorized`: the device's token is fine. 423 locked carries {retryAt}.
   */
  async startStaffSession(body: StaffSessionBody, opts: RequestOptions = {}): Promise<Result<StaffSessionAnswer, CityError>> {
    const a = this.#valid('staff-session', await this.#http.request('POST', '/v1/staff-sessions', body, { ...opts, signIn: true }), staffSessionAnswerSchema);
    if (!a.ok) return a;
    if (a.value.sessionId !== body.sessionId) return this.#mismatch('staff-session', 'sessionId does not match');
    return a;
  }

  /** A point's slots between two Hanoi days (YYYY-MM-DD, both inclusive). */
  async getAppointmentSlots(point: string, from: string, to: string, opts: RequestOptions = {}): Promise<Result<AppointmentSlots, CityError>> {
    const q = `point=${encodeURIComponent(point)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const a = this.#valid('appointment-slots', await this.#http.request('GET', `/v1/appointment-slots?${q}`, undefined, opts), appointmentSlotsSchema);
    if (!a.ok) return a;
    if (a.value.point !== point) return this.#mismatch('appointment-slots', 'point does not match');
    return a;
  }

  async getPoint(pointCode: string, opts: RequestOptions = {}): Promise<Result<PointInfo, CityError>> {
    const a = this.#valid('point', await this.#http.request('GET', `/v1/points/${encodeURIComponent(pointCode)}`, undefined, opts), pointInfoSchema);
    if (!a.ok) return a;
    if (a.value.code !== pointCode) return this.#mismatch('point', 'code does not match');
    return a;
  }

  /** Books a place; idempotent on appointmentId. 409 slot_full or already_booked, 422 unknown_slot or slot_past. */
  async putAppointment(appointmentId: string, body: AppointmentBody, opts: RequestOptions = {}): Promise<Result<AppointmentAnswer, CityError>> {
    const a = this.#valid('appointment', await this.#http.request('PUT', `/v1/appointments/${encodeURIComponent(appointmentId)}`, body, opts), appointmentAnswerSchema);
    if (!a.ok) return a;
    if (a.value.appointmentId !== appointmentId) return this.#mismatch('appointment', 'appointmentId does not match');
    return a;
  }

  /** 204, also for one already cancelled; frees the place. */
  async cancelAppointment(appointmentId: string, opts: RequestOptions = {}): Promise<Result<void, CityError>> {
    const r = await this.#http.request('DELETE', `/v1/appointments/${encodeURIComponent(appointmentId)}`, undefined, opts);
    return r.ok ? ok(undefined) : r;
  }

  /** A point's appointments on a Hanoi day, in time order (for staff). */
  async getDayAppointments(point: string, date: string, opts: RequestOptions = {}): Promise<Result<DayAppointment[], CityError>> {
    const q = `point=${encodeURIComponent(point)}&date=${encodeURIComponent(date)}`;
    const a = this.#valid('appointments', await this.#http.request('GET', `/v1/appointments?${q}`, undefined, opts), dayAppointmentsSchema);
    return a.ok ? ok(a.value.appointments) : a;
  }

  /** The appointment a slip's booking code names, however it was typed; 404 unknown_booking. */
  async findAppointmentByCode(bookingCode: string, opts: RequestOptions = {}): Promise<Result<FoundAppointment, CityError>> {
    return this.#valid('appointment', await this.#http.request('GET', `/v1/appointments/by-code/${encodeURIComponent(bookingCode)}`, undefined, opts), foundAppointmentSchema);
  }

  /** Records check-in, no-show or done; 409 invalid_transition (details {from, to}) otherwise. */
  async patchAppointment(appointmentId: string, patch: AppointmentPatch, opts: RequestOptions = {}): Promise<Result<DayAppointment, CityError>> {
    const a = this.#valid('appointment', await this.#http.request('PATCH', `/v1/appointments/${encodeURIComponent(appointmentId)}`, patch, opts), dayAppointmentSchema);
    if (!a.ok) return a;
    if (a.value.appointmentId !== appointmentId) return this.#mismatch('appointment', 'appointmentId does not match');
    return a;
  }

  /** A 2xx body checked against its schema; a failure is malformed, logged with its reason (never the value). */
  #valid<S extends z.ZodType>(what: string, res: Result<CityAnswer, CityError>, schema: S): Result<z.infer<S>, CityError> {
    if (!res.ok) return res;
    const a = schema.safeParse(res.value.body);
    if (a.success) return ok(a.data);
    return this.#mismatch(what, issuesOf(a.error));
  }

  #mismatch(what: string, reason: string): Result<never, CityError> {
    this.#http.log.warn('city-answer-rejected', { what, reason });
    return err(malformedAnswer(what, reason));
  }

  /** 204 expected; a repeated eventId is no new event (idempotent). */
  async postAudit(body: AuditBody, opts: RequestOptions = {}): Promise<Result<void, CityError>> {
    const r = await this.#http.request('POST', '/v1/audit', body, opts);
    return r.ok ? ok(undefined) : r;
  }

  /**
   * The procedures changed since a catalogue version (null: all of them), taken only when the
   * city's catalogue key (`publicKeyPem`, from the device's configuration) verifies the
   * signature. A refused catalogue is `malformed` with what 'catalog' and reason 'unsigned',
   * 'bad-signature' or the shape's issues; the caller keeps its last good catalogue.
   */
  async getCatalog(since: string | null, publicKeyPem: string, opts: RequestOptions = {}): Promise<Result<VerifiedCatalog, CityError>> {
    const res = await this.#http.request('GET', `/v1/catalog${since === null ? '' : `?since=${encodeURIComponent(since)}`}`, undefined, opts);
    if (!res.ok) return res;
    const v = verifyCatalog(res.value.body, publicKeyPem);
    if (v.ok) return v;
    const reason = v.error.code === 'malformed' ? v.error.message : v.error.code;
    this.#http.log.warn('city-answer-rejected', { what: 'catalog', reason });
    return err(malformedAnswer('catalog', reason, v.error.code === 'malformed' ? `invalid answer: ${v.error.message}` : `catalogue refused: ${v.error.message}`));
  }

  /** A bus's timetable; 404 unknown_route. */
  async getRoute(busId: string, opts: RequestOptions = {}): Promise<Result<BusRoute, CityError>> {
    const a = this.#valid('route', await this.#http.request('GET', `/v1/routes/${encodeURIComponent(busId)}`, undefined, opts), busRouteSchema);
    if (!a.ok) return a;
    if (a.value.busId !== busId) return this.#mismatch('route', 'busId does not match');
    return a;
  }

  /** The buses' visits to a commune (matched without case or diacritics) on or after a Hanoi day, soonest first. */
  async getRouteVisits(commune: string, from: string, opts: RequestOptions = {}): Promise<Result<RouteVisit[], CityError>> {
    const q = `commune=${encodeURIComponent(commune)}&from=${encodeURIComponent(from)}`;
    const a = this.#valid('route-visits', await this.#http.request('GET', `/v1/route-visits?${q}`, undefined, opts), routeVisitsSchema);
    return a.ok ? ok(a.value.visits) : a;
  }

  /** A bus's report of its day; idempotent on bus and day (409 conflict for another report), 422 unknown_stop. */
  async putRouteDay(busId: string, date: string, body: RouteDayBody, opts: RequestOptions = {}): Promise<Result<RouteDayBody, CityError>> {
    const path = `/v1/route-days/${encodeURIComponent(busId)}/${encodeURIComponent(date)}`;
    return this.#valid('route-day', await this.#http.request('PUT', path, body, opts), routeDaySchema);
  }
}
