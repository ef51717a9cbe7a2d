import type { Result } from '../../common/result';

// The card-terminal port. Drivers: the Concert serial driver (real), the in-memory fake
// (unit tests of callers), and the Concert simulator behind a PTY (demo, training, tests).

export type PaymentTerminalStatus = 'ready' | 'busy' | 'disconnected' | 'not-responding' | 'error';

/** Where a card transaction stopped, in the order the protocol walks them. */
export type ConcertStep =
  | 'open'
  | 'enq-ack' // waiting for the terminal's ACK to our ENQ
  | 'request-ack' // request frame sent, waiting for ACK/NAK
  | 'reply-enq' // EOT sent, waiting for the terminal's ENQ that announces the reply
  | 'reply-frame' // ACKed the terminal's ENQ, reading STX … ETX LRC
  | 'reply-eot'; // ACKed the reply, waiting for the terminal's EOT

/** The request never reached the terminal (nothing charged) vs. it may have. */
export const STEPS_AFTER_REQUEST_SENT: readonly ConcertStep[] = ['request-ack', 'reply-enq', 'reply-frame', 'reply-eot'];

export type PaymentTerminalError =
  /** The card issuer or the terminal refused: nothing charged. */
  | { readonly code: 'declined'; readonly detail: string }
  /** The terminal reports the transaction was not completed (no card presented in time). Nothing charged. */
  | { readonly code: 'timeout'; readonly detail: string }
  /** The terminal did not answer our ENQ: the request never left the kiosk. Safe to retry. */
  | { readonly code: 'no-answer'; readonly detail: string }
  /** Garbled link before the request was accepted, or bad input. Nothing charged. */
  | { readonly code: 'protocol'; readonly detail: string }
  /** The terminal went silent or the link broke after the request was sent: money may have moved. */
  | { readonly code: 'unknown-outcome'; readonly step: ConcertStep; readonly detail: string }
  /** Serial port missing or unplugged before anything was sent. */
  | { readonly code: 'disconnected'; readonly detail: string }
  /** Another transaction is running on this terminal. */
  | { readonly code: 'busy'; readonly detail: string }
  /** cancel() came too late: the terminal already has the request; its reply decides. */
  | { readonly code: 'cancelled'; readonly detail: string };

export type PaymentTerminalErrorCode = PaymentTerminalError['code'];

export interface CardRequest {
  /** Whole VND (VND has no minor unit). */
  readonly amount: number;
  /** Up to 10 ASCII chars echoed back by the terminal; lets a late reply be matched to its intent. */
  readonly tag: string;
}

export interface CardApproval {
  readonly amount: number;
  readonly tag: string;
  /** First 6 / last 4 at most. */
  readonly maskedPan?: string;
  /** What the terminal put in its private field (its reference, or our tag echoed). */
  readonly terminalRef?: string;
  readonly completedAt: Date;
}

/** A reply the terminal delivered outside a transaction (e.g. after a kiosk restart). */
export interface LateReply {
  readonly status: 'approved' | 'declined' | 'not-completed';
  readonly amount: number;
  readonly tag: string;
  readonly maskedPan?: string;
}

export interface TerminalTestReport {
  readonly latencyMs: number;
  readonly detail: string;
}

export interface PaymentTerminal {
  readonly kind: 'concert-serial' | 'simulator' | 'fake' | 'none';
  status(): PaymentTerminalStatus;
  onStatus(listener: (s: PaymentTerminalStatus) => void): () => void;
  sale(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>>;
  refund(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>>;
  /**
   * Abort the running transaction if the request has not yet been accepted by the terminal.
   * Protocol E has no abort message: once the request is accepted only the terminal (its red
   * key, its own time-out) can end it, so cancel() then returns false and the reply decides.
   */
  cancel(): boolean;
  /** Listens for a reply the terminal still holds (it retries its ENQ after a kiosk restart). */
  collectLateReply(windowMs: number): Promise<Result<LateReply | null, PaymentTerminalError>>;
  /** ENQ → ACK → EOT: proves the terminal is there and listening, moves no money. */
  test(): Promise<Result<TerminalTestReport, PaymentTerminalError>>;
  close(): Promise<void>;
}
