// The payment device class: card terminal (Concert protocol E over serial) and VietQR.
export type {
  CardApproval,
  CardRequest,
  ConcertStep,
  LateReply,
  PaymentTerminal,
  PaymentTerminalError,
  PaymentTerminalErrorCode,
  PaymentTerminalStatus,
  TerminalTestReport,
} from './payment-terminal-types';
export { STEPS_AFTER_REQUEST_SENT } from './payment-terminal-types';
export {
  concertTimeoutsSchema,
  paymentTerminalConfigSchema,
  type ConcertTimeouts,
  type PaymentTerminalConfig,
} from './payment-terminal-config';
export { createPaymentTerminal, type CreatedPaymentTerminal, type PaymentTerminalDeps } from './create-payment-terminal';
export { ConcertSerialTerminal } from './concert-serial-terminal';
export { FakePaymentTerminal, NoPaymentTerminal } from './fake-payment-terminal';
export { runTerminalDiag, type TerminalDiagTarget } from './payment-diag';
export {
  crc16CcittFalse,
  encodeVietQr,
  parseVietQr,
  parseVietQrForCli,
  validateVietQrInput,
  NAPAS_GUID,
  type VietQrError,
  type VietQrInput,
  type VietQrPayload,
} from './vietqr';
export { vietQrConfigSchema, type VietQrConfig } from './vietqr-config';
