// Payment application service and its ports (ledger, bank notifications).
export {
  InMemoryPaymentLedger,
  isMaskedPan,
  type LedgerError,
  type OutcomeStatus,
  type PaymentIntent,
  type PaymentLedger,
  type PaymentMethod,
  type PaymentOutcome,
  type PaymentRecord,
  type PendingPayment,
} from './payment-ledger';
export { ManualNotificationSource, type PaymentNotification, type PaymentNotificationSource } from './payment-notifications';
export {
  PaymentService,
  tagOf,
  type PaymentError,
  type PaymentReceipt,
  type PaymentServiceDeps,
  type ReconcileReport,
  type VietQrPayment,
} from './payment-service';
export { computeFee, type Fee, type FeeError, type FeeInput } from './fees';
