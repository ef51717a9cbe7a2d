import type { ApiOutputs, ErrorOf, ValueOf } from '../api-client/api-types';
import type { CallFailure } from '../api-client/call-failure';

// What the journey machine holds (its context), what it is told (its events) and what it
// starts from (its input). What the api answers is read from its router
// (api-client/api-types.ts), never written out again here; what the citizen is typing, the
// context and the events are the screen's own.
type JourneyOut = ApiOutputs['journey'];

export type IdentitySummary = ValueOf<JourneyOut['readCard']>;
export type PagePreview = ValueOf<JourneyOut['scanPaper']>[number];
export type FeeQuote = ValueOf<JourneyOut['quote']>;
/** The QR to pay by; its `expiresAt` (ISO) is when the kiosk stops waiting for the bank ("Thêm thời gian" moves it). */
export type VietQr = ValueOf<JourneyOut['startVietQr']>;
export type Submitted = ValueOf<JourneyOut['submit']>;
export type Printed = ValueOf<JourneyOut['printReceipt']>;
export type OnScreenReceipt = ValueOf<JourneyOut['receiptOnScreen']>;
export type FieldProblem = ValueOf<JourneyOut['validate']>[number];
/** The journey's own words for what went wrong, where no call said it. */
type JourneyOwnFailure = { readonly code: 'missing-papers' } | { readonly code: 'vietqr-cancelled' } | { readonly code: 'unknown-outcome' };
/** Whatever the journey shows went wrong: a call's typed error, a call that did not get through, or the journey's own. */
export type JourneyFailure = ErrorOf<JourneyOut[keyof JourneyOut]> | CallFailure | JourneyOwnFailure;

export interface TypedIdentity {
  idNumber: string;
  fullName: string;
  /** yyyy-mm-dd once complete. */
  dateOfBirth: string;
  sex: 'male' | 'female' | '';
  address: string;
}
export type RatingReason = 'fast' | 'easy' | 'slow' | 'hard' | 'device-problem' | 'unclear';

export interface JourneyContext {
  procedureCode: string;
  sessionId: string | null;
  identity: IdentitySummary | null;
  /** What the citizen typed to identify, kept so going back shows it again. */
  typed: TypedIdentity;
  answers: Record<string, string>;
  /** Prefill from the card is applied once, and never over an answer the citizen gave. */
  prefilled: boolean;
  problems: FieldProblem[];
  papers: Record<string, PagePreview[]>;
  /** The paper a scan or page removal is working on. */
  activePaper: string | null;
  /** Papers the procedure requires scanned (from the catalogue). */
  requiredPapers: string[];
  quote: FeeQuote | null;
  vietQr: VietQr | null;
  /** The "money may have left your account" slip: null while printing or not asked. */
  noticePrinted: boolean | null;
  paid: { method: 'card' | 'vietqr'; amount: number } | null;
  submitted: Submitted | null;
  printed: Printed | null;
  /** The thermal receipt came out (the A4 one may stand in for it). */
  thermal: boolean;
  /** The receipt's QR shown on screen to photograph (printer out of paper). */
  onScreen: OnScreenReceipt | null;
  a4: 'none' | 'printing' | 'printed' | 'failed';
  /** The last thing that went wrong, shown on the step it happened in. */
  error: JourneyFailure | null;
  rating: { score: number | null; reasons: RatingReason[] };
}

export type JourneyEvent =
  | { type: 'AGREE' }
  | { type: 'DECLINE' }
  | { type: 'READ_CARD' }
  | { type: 'READ_MRZ' }
  | { type: 'TYPE_ID' }
  | { type: 'SET_TYPED'; field: keyof TypedIdentity; value: string }
  | { type: 'SAVE_TYPED' }
  | { type: 'CANCEL' }
  | { type: 'CONFIRM' }
  | { type: 'BACK' }
  | { type: 'SET_ANSWER'; field: string; value: string }
  | { type: 'NEXT' }
  | { type: 'SCAN'; paperId: string }
  | { type: 'REMOVE_PAGE'; paperId: string; index: number }
  | { type: 'RESCAN_PAGE'; paperId: string; index: number }
  | { type: 'EDIT_FORM' }
  | { type: 'EDIT_PAPERS' }
  | { type: 'PAY_CARD' }
  | { type: 'PAY_VIETQR' }
  | { type: 'WAIT_AGAIN' }
  /** "Thêm thời gian" on the VietQR screen. */
  | { type: 'EXTEND' }
  | { type: 'SUBMIT_TO_CHECK' }
  | { type: 'RETRY' }
  | { type: 'PRINT_A4' }
  | { type: 'SHOW_QR' }
  | { type: 'RATE'; score: number }
  | { type: 'TOGGLE_REASON'; reason: RatingReason }
  | { type: 'SEND_RATING' }
  | { type: 'SKIP' }
  | { type: 'DONE' };

export interface JourneyInput {
  procedureCode: string;
  /** Papers that must have a non-blank page before review. */
  requiredPapers: string[];
}

export const EMPTY_TYPED: TypedIdentity = { idNumber: '', fullName: '', dateOfBirth: '', sex: '', address: '' };

/** A journey before the citizen has done anything: nothing entered, scanned, paid or printed. */
export function initialJourneyContext(input: JourneyInput): JourneyContext {
  return {
    procedureCode: input.procedureCode,
    sessionId: null,
    identity: null,
    typed: EMPTY_TYPED,
    answers: {},
    prefilled: false,
    problems: [],
    papers: {},
    activePaper: null,
    requiredPapers: input.requiredPapers,
    quote: null,
    vietQr: null,
    noticePrinted: null,
    paid: null,
    submitted: null,
    printed: null,
    thermal: false,
    onScreen: null,
    a4: 'none',
    error: null,
    rating: { score: null, reasons: [] },
  };
}
