// Payment application service, its ports (ledger, bank notifications) and their one adapter each
// over offline-sync (the outbox's payments, the city's VietQR notifications).
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
export { OutboxPaymentLedger } from './outbox-payment-ledger';
export { CityVietQrNotificationSource } from './city-vietqr-notifications';
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
