import { err, ok, type Result } from '../../common/result';
import type {
  CardApproval,
  CardRequest,
  LateReply,
  PaymentTerminal,
  PaymentTerminalError,
  PaymentTerminalStatus,
  TerminalTestReport,
} from './payment-terminal-types';

/**
 * In-memory terminal for callers' unit tests (the UI, the journey machine): answers from a
 * script, records what it was asked. The byte-level behaviour is tested against the
 * simulator instead.
 */
export class FakePaymentTerminal implements PaymentTerminal {
  readonly kind = 'fake' as const;
  #status: PaymentTerminalStatus = 'ready';
  readonly #listeners = new Set<(s: PaymentTerminalStatus) => void>();
  readonly #queue: Array<Result<'approve', PaymentTerminalError>> = [];
  readonly calls: Array<{ op: 'sale' | 'refund'; req: CardRequest }> = [];
  lateReply: LateReply | null = null;

  /** The next operations' results, in order; when empty, every operation is approved. */
  script(...results: Array<'approve' | PaymentTerminalError>): void {
    for (const r of results) this.#queue.push(r === 'approve' ? ok('approve') : err(r));
  }

  setStatus(s: PaymentTerminalStatus): void {
    this.#status = s;
    for (const l of this.#listeners) l(s);
  }

  status(): PaymentTerminalStatus {
    return this.#status;
  }

  onStatus(listener: (s: PaymentTerminalStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #op(op: 'sale' | 'refund', req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    this.calls.push({ op, req });
    const next = this.#queue.shift() ?? ok('approve');
    if (!next.ok) return next;
    return ok({ amount: req.amount, tag: req.tag, maskedPan: '411111******1111', terminalRef: req.tag, completedAt: new Date() });
  }

  sale(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    return this.#op('sale', req);
  }

  refund(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    return this.#op('refund', req);
  }

  cancel(): boolean {
    return false;
  }

  async collectLateReply(): Promise<Result<LateReply | null, PaymentTerminalError>> {
    const r = this.lateReply;
    this.lateReply = null;
    return ok(r);
  }

  async test(): Promise<Result<TerminalTestReport, PaymentTerminalError>> {
    return this.#status === 'ready'
      ? ok({ latencyMs: 0, detail: 'fake terminal' })
      : err({ code: 'no-answer', detail: `fake terminal is ${this.#status}` });
  }

  async close(): Promise<void> {}
}

/** kind 'none': the kiosk has no card terminal; every card operation says so plainly. */
export class NoPaymentTerminal implements PaymentTerminal {
  readonly kind = 'none' as const;
  status(): PaymentTerminalStatus {
    return 'disconnected';
  }
  onStatus(): () => void {
    return () => {};
  }
  async sale(): Promise<Result<CardApproval, PaymentTerminalError>> {
    return err({ code: 'disconnected', detail: 'no card terminal is configured on this kiosk' });
  }
  async refund(): Promise<Result<CardApproval, PaymentTerminalError>> {
    return err({ code: 'disconnected', detail: 'no card terminal is configured on this kiosk' });
  }
  cancel(): boolean {
    return false;
  }
  async collectLateReply(): Promise<Result<LateReply | null, PaymentTerminalError>> {
    return ok(null);
  }
  async test(): Promise<Result<TerminalTestReport, PaymentTerminalError>> {
    return err({ code: 'disconnected', detail: 'no card terminal is configured on this kiosk' });
  }
  async close(): Promise<void> {}
}
