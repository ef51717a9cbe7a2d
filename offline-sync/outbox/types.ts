import * as z from 'zod';
import type { StoreErrorCode } from '../store/errors';

export const CHANNELS = ['kiosk', 'community', 'bus'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PAYMENT_METHODS = ['card', 'vietqr', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const FINAL_PAYMENT_STATUSES = ['approved', 'declined', 'cancelled', 'refunded'] as const;
export type FinalPaymentStatus = (typeof FINAL_PAYMENT_STATUSES)[number];
export type PaymentOutcome = 'in_progress' | 'unknown' | FinalPaymentStatus;
export const QUEUE_PRIORITIES = ['normal', 'elderly', 'disabled', 'pregnant'] as const;
export type QueuePriority = (typeof QUEUE_PRIORITIES)[number];
export type MessageKind = 'dossier' | 'payment' | 'queue_ticket' | 'telemetry' | 'supplement' | 'audit';
export type MessageState = 'pending' | 'sending' | 'acked' | 'rejected';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const attachmentInput = z.object({
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0 && b.byteLength <= MAX_ATTACHMENT_BYTES, 'attachment must be 1 byte to 20 MB'),
  mediaType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/),
  pages: z.number().int().min(1).max(500),
  documentType: z.string().min(1).max(100),
});
export type AttachmentInput = z.infer<typeof attachmentInput>;

export const dossierInputSchema = z.object({
  /** Optional pre-reserved id (see Outbox.reserveId), e.g. when the fee was paid before submitting. */
  id: z.uuid().optional(),
  procedureCode: z.string().regex(/^\d+(\.\d+)+$/),
  channel: z.enum(CHANNELS),
  applicant: z.object({
    idNumber: z.string().regex(/^\d{12}$/),
    fullName: z.string().trim().min(1).max(200),
    dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    sex: z.enum(['male', 'female']),
    address: z.string().trim().min(1).max(500),
    phone: z.string().regex(/^\+?\d{8,15}$/).optional(),
    email: z.email().optional(),
  }),
  /** Assisted mode: the staff member, the staff session the city issued at sign-in (it refuses an unknown, expired or other device's one), the citizen's consent. */
  onBehalfOf: z.object({
    staffId: z.string().min(1).max(64),
    staffSessionId: z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/),
    consentRef: z.string().min(1).max(128),
  }).optional(),
  form: z.record(z.string(), z.unknown()),
  attachments: z.array(attachmentInput).max(30),
  fee: z.object({ amount: z.number().int().min(0).max(1_000_000_000), paymentId: z.uuid().optional() }),
});
export type DossierInput = z.input<typeof dossierInputSchema>;

export const supplementInputSchema = z.object({
  id: z.uuid().optional(),
  dossierId: z.uuid(),
  note: z.string().max(1000).optional(),
  attachments: z.array(attachmentInput).min(1).max(30),
});
export type SupplementInput = z.input<typeof supplementInputSchema>;

export const paymentIntentSchema = z.object({
  id: z.uuid().optional(),
  dossierId: z.uuid(),
  method: z.enum(PAYMENT_METHODS),
  amount: z.number().int().min(1).max(1_000_000_000),
  /** VietQR reference carried in the QR. */
  reference: z.string().regex(/^[A-Za-z0-9-]{4,64}$/).optional(),
  /** When the sale started (default: now). */
  createdAt: z.date().optional(),
});
export type PaymentIntentInput = z.input<typeof paymentIntentSchema>;

export const paymentOutcomeSchema = z.object({
  status: z.enum(FINAL_PAYMENT_STATUSES),
  terminalRef: z.string().max(64).optional(),
  approvalCode: z.string().max(32).optional(),
  /** First 6 and last 4 digits at most, the rest masked (e.g. 970436******1234). */
  maskedPan: z.string().regex(/^\d{0,6}[*xX•]{4,13}\d{0,4}$/).optional(),
  paidAt: z.iso.datetime({ offset: true }).optional(),
});
export type PaymentOutcomeInput = z.input<typeof paymentOutcomeSchema>;

export const queueTicketInputSchema = z.object({
  id: z.uuid().optional(),
  branchCode: z.string().min(1).max(32),
  serviceCode: z.string().min(1).max(32),
  priority: z.enum(QUEUE_PRIORITIES).default('normal'),
});
export type QueueTicketInput = z.input<typeof queueTicketInputSchema>;

export const telemetryInputSchema = z.object({
  devices: z.array(z.object({ kind: z.string().max(32), status: z.string().max(32), detail: z.string().max(200).optional() })).max(20).default([]),
  /** Service ratings: deliberately no dossier id, no session id. */
  ratings: z.array(z.object({ score: z.number().int().min(1).max(5), procedureCode: z.string().max(32).optional() })).max(50).optional(),
  counters: z.record(z.string(), z.number()).optional(),
});
export type TelemetryInput = z.input<typeof telemetryInputSchema>;

export type OutboxErrorCode = StoreErrorCode | 'invalid-input' | 'not-found' | 'invalid-state' | 'duplicate';
export interface OutboxError {
  readonly code: OutboxErrorCode;
  readonly message: string;
}

export interface SubmittedDossier {
  readonly id: string;
  /** Printed on the receipt until the city's receiptCode is known; lookups accept it forever. */
  readonly localRef: string;
  readonly createdAt: string;
  readonly attachments: readonly { id: string; sha256: string; size: number }[];
}

/** A dossier as the kiosk may show it: no personal data. */
export interface DossierView {
  readonly id: string;
  readonly localRef: string;
  readonly procedureCode: string;
  readonly channel: Channel;
  readonly createdAt: string;
  readonly feeAmount: number;
  readonly paymentId: string | null;
  readonly delivery: MessageState;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
  readonly receiptCode: string | null;
  readonly receivedAt: string | null;
  readonly appointmentDate: string | null;
  readonly cityStatus: string | null;
  readonly cityStatusCode: number | null;
  readonly cityStatusNote: string | null;
  readonly cityStatusAt: string | null;
  readonly attachments: number;
  readonly purged: boolean;
}

/** What the kiosk tells a citizen who looks a dossier up. */
export interface LocalStatus {
  readonly dossierId: string;
  /** The code to print: the city's receiptCode once known, else the local reference. */
  readonly printedCode: string;
  readonly localRef: string;
  readonly receiptCode: string | null;
  readonly phase: 'waiting-to-send' | 'sending' | 'sent' | 'rejected';
  readonly cityStatus: string | null;
  readonly cityStatusCode: number | null;
  readonly appointmentDate: string | null;
}

export interface MessageRow {
  readonly seq: number;
  readonly id: string;
  readonly kind: MessageKind;
  readonly state: MessageState;
  readonly dependsOn: string | null;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly rejectCode: string | null;
  readonly rejectReason: string | null;
  readonly createdAt: number;
  readonly lastAttemptAt: number | null;
  readonly ackedAt: number | null;
}

export interface OutboxStats {
  readonly pending: number;
  readonly oldestPendingAt: string | null;
  readonly sending: number;
  readonly parked: number;
  readonly acked: number;
  /** Pending messages waiting for another message (e.g. a payment for a parked dossier). */
  readonly blocked: number;
  readonly byKind: Record<MessageKind, { pending: number; parked: number; acked: number }>;
  /** Card/VietQR sales whose outcome is not known: reconcile with the terminal before anything else. */
  readonly unresolvedPayments: number;
  /** Approved payments whose dossier was never submitted (the citizen left): refund or complete at the counter. */
  readonly paidNotSubmitted: number;
  readonly purgedDossiers: number;
}

/** What the citizen had entered when a payment started: kept so a paid fee is never without its dossier's data. */
export interface PaymentDraft {
  readonly applicant: { readonly idNumber: string; readonly fullName: string; readonly dateOfBirth: string; readonly phone?: string };
  readonly form: Record<string, string>;
  readonly lang: string;
  readonly papers: number;
}

/** An approved payment with no dossier on this kiosk. */
export interface PaidNotSubmitted {
  readonly payment: PaymentRow;
  readonly procedureCode: string | null;
  /** Null once purged after retention. */
  readonly draft: PaymentDraft | null;
}

export interface AttachmentRow {
  readonly id: string;
  readonly dossierId: string;
  readonly supplementId: string | null;
  readonly ord: number;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly pages: number;
  readonly documentType: string;
  readonly uploadUrl: string | null;
  readonly uploadId: string | null;
}

export interface PaymentRow {
  readonly id: string;
  readonly dossierId: string;
  readonly method: PaymentMethod;
  readonly amount: number;
  readonly outcome: PaymentOutcome;
  readonly terminalRef: string | null;
  readonly approvalCode: string | null;
  readonly maskedPan: string | null;
  readonly paidAt: string | null;
  readonly createdAt: string;
  readonly reference: string | null;
}

export interface QueueTicketRow {
  readonly id: string;
  readonly branchCode: string;
  readonly serviceCode: string;
  readonly priority: QueuePriority;
  readonly requestedAt: string;
  readonly number: number | null;
  readonly counterHint: string | null;
  readonly issuedAt: string | null;
  readonly estimatedWaitMinutes: number | null;
}
