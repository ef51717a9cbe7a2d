import type { Clock } from '../../common/clock';
import { systemClock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { silentLogger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { ByteLink, readFrame } from './byte-link';
import {
  ACK,
  ENQ,
  EOT,
  NAK,
  decodeReply,
  encodeRequest,
  REPLY_FRAME_LONG,
  type ConcertMode,
  type ConcertReply,
} from './concert-frames';
import type { ConcertTimeouts } from './payment-terminal-config';
import { concertTimeoutsSchema } from './payment-terminal-config';
import type {
  CardApproval,
  CardRequest,
  ConcertStep,
  LateReply,
  PaymentTerminal,
  PaymentTerminalError,
  PaymentTerminalStatus,
  TerminalTestReport,
} from './payment-terminal-types';
import { STEPS_AFTER_REQUEST_SENT } from './payment-terminal-types';
import { startLifecycle, statusOf, type LifecycleActor, type TransactionEnd } from './terminal-lifecycle';

export interface ConcertSerialOptions {
  readonly path: string;
  readonly baud?: number;
  readonly posNumber?: number;
  readonly timeouts?: Partial<ConcertTimeouts>;
  readonly kind?: 'concert-serial' | 'simulator';
}

export interface ConcertSerialDeps {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Hold time of the 'error' status (lifecycle delay). */
  readonly errorHoldMs?: number;
}

/** What one walk of the protocol ended with, before it is mapped to the port's result. */
type Walk =
  | { readonly kind: 'reply'; readonly reply: ConcertReply }
  | { readonly kind: 'fail'; readonly error: PaymentTerminalError; readonly end: TransactionEnd };

/**
 * Real driver: Concert protocol E as the POS (master) over a serial port.
 *   POS ENQ → T ACK → POS STX req ETX LRC → T ACK (NAK: resend) → POS EOT
 *   … cardholder … → T ENQ → POS ACK → T STX reply ETX LRC → POS ACK (NAK: T resends) → T EOT
 * The port is opened lazily and reopened after an unplug, so a terminal plugged back in
 * works again without a restart.
 */
export class ConcertSerialTerminal implements PaymentTerminal {
  readonly kind: 'concert-serial' | 'simulator';
  readonly #path: string;
  readonly #baud: number;
  readonly #pos: number;
  readonly #t: ConcertTimeouts;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #life: LifecycleActor;
  #link: ByteLink | undefined;
  #running = false;
  #step: ConcertStep = 'open';
  #cancelRequested = false;

  constructor(opts: ConcertSerialOptions, deps: ConcertSerialDeps = {}) {
    this.kind = opts.kind ?? 'concert-serial';
    this.#path = opts.path;
    this.#baud = opts.baud ?? 9600;
    this.#pos = opts.posNumber ?? 1;
    this.#t = concertTimeoutsSchema.parse(opts.timeouts ?? {});
    this.#log = (deps.logger ?? silentLogger).child('concert');
    this.#clock = deps.clock ?? systemClock;
    this.#life = startLifecycle(deps.errorHoldMs === undefined ? {} : { errorHoldMs: deps.errorHoldMs });
  }

  status(): PaymentTerminalStatus {
    return statusOf(this.#life);
  }

  onStatus(listener: (s: PaymentTerminalStatus) => void): () => void {
    let last = this.status();
    const sub = this.#life.subscribe(() => {
      const s = this.status();
      if (s !== last) {
        last = s;
        listener(s);
      }
    });
    return () => sub.unsubscribe();
  }

  sale(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    return this.#transact('0', req);
  }

  refund(req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    return this.#transact('2', req);
  }

  cancel(): boolean {
    if (!this.#running) return false;
    if (this.#step !== 'open' && this.#step !== 'enq-ack') return false;
    this.#cancelRequested = true;
    this.#link?.abortRead();
    return true;
  }

  async #ensureOpen(): Promise<ByteLink | undefined> {
    if (this.#link?.isOpen) return this.#link;
    const link = await ByteLink.open(this.#path, this.#baud);
    if (link instanceof Error) {
      this.#log.warn('open-failed', { reason: link.message });
      this.#life.send({ type: 'OPEN_FAILED' });
      return undefined;
    }
    link.onClose(() => {
      if (this.#link === link) this.#link = undefined;
      this.#life.send({ type: 'CLOSED' });
      this.#log.warn('port-closed');
    });
    this.#link = link;
    this.#life.send({ type: 'OPENED' });
    return link;
  }

  async #begin(): Promise<Result<ByteLink, PaymentTerminalError>> {
    if (this.#running) return err({ code: 'busy', detail: 'another transaction is running on this terminal' });
    this.#running = true;
    this.#cancelRequested = false;
    this.#step = 'open';
    const link = await this.#ensureOpen();
    if (!link) {
      this.#running = false;
      return err({ code: 'disconnected', detail: `cannot open ${this.#path}` });
    }
    this.#life.send({ type: 'BEGIN' });
    return ok(link);
  }

  #finish(end: TransactionEnd): void {
    this.#running = false;
    this.#step = 'open';
    if (this.#link?.isOpen) this.#life.send({ type: 'END', end });
  }

  async #transact(mode: ConcertMode, req: CardRequest): Promise<Result<CardApproval, PaymentTerminalError>> {
    const frameBytes = encodeRequest({
      posNumber: this.#pos,
      amount: req.amount,
      mode,
      longReply: true,
      privateData: req.tag,
    });
    if (!frameBytes.ok) return err({ code: 'protocol', detail: `bad request: ${frameBytes.error.code}` });
    const begun = await this.#begin();
    if (!begun.ok) return begun;
    const started = Date.now();
    const walk = await this.#walk(begun.value, frameBytes.value);
    if (walk.kind === 'fail') {
      this.#finish(walk.end);
      this.#log.warn('transaction-failed', { code: walk.error.code, step: this.#stepOf(walk.error), mode });
      return err(walk.error);
    }
    this.#finish('ok');
    const r = walk.reply;
    this.#log.info('transaction-reply', { status: r.status, mode, ms: Date.now() - started });
    if (r.amount !== req.amount) {
      // A reply for another amount is not ours to interpret: staff must look at the journal.
      return err({ code: 'unknown-outcome', step: 'reply-frame', detail: `reply amount ${r.amount} ≠ requested ${req.amount}` });
    }
    if (r.status === 'declined') return err({ code: 'declined', detail: 'the terminal refused the card' });
    if (r.status === 'not-completed') return err({ code: 'timeout', detail: 'the terminal reports the transaction was not completed' });
    return ok({
      amount: r.amount,
      tag: req.tag,
      ...(r.maskedPan ? { maskedPan: r.maskedPan } : {}),
      ...(r.privateData ? { terminalRef: r.privateData } : {}),
      completedAt: this.#clock.now(),
    });
  }

  #stepOf(e: PaymentTerminalError): string {
    return e.code === 'unknown-outcome' ? e.step : '';
  }

  /** What a failure at the current step means: before the request left, nothing can have been charged. */
  #lost(detail: string): Walk {
    if (STEPS_AFTER_REQUEST_SENT.includes(this.#step)) {
      return { kind: 'fail', error: { code: 'unknown-outcome', step: this.#step, detail }, end: 'link-lost' };
    }
    return { kind: 'fail', error: { code: 'disconnected', detail }, end: 'link-lost' };
  }

  async #walk(link: ByteLink, request: Buffer): Promise<Walk> {
    const t = this.#t;
    link.flushInput();

    // 1. ENQ → ACK, a few tries: a terminal that never ACKs has received nothing.
    this.#step = 'enq-ack';
    let sawJunk = false;
    let acked = false;
    for (let i = 0; i < t.enqRetries && !acked; i++) {
      if (this.#cancelRequested) break;
      if (!(await link.write([ENQ]))) return this.#lost('write failed');
      const b = await link.readByte(t.ackMs);
      if (b === ACK) acked = true;
      else if (b === 'closed') return this.#lost('port closed while waiting for ACK to ENQ');
      else if (b === 'aborted') break;
      else if (typeof b === 'number') {
        sawJunk = true;
        link.flushInput();
      }
    }
    if (this.#cancelRequested) {
      await link.write([EOT]);
      return { kind: 'fail', error: { code: 'cancelled', detail: 'cancelled before the request was sent' }, end: 'ok' };
    }
    if (!acked) {
      await link.write([EOT]);
      return sawJunk
        ? { kind: 'fail', error: { code: 'protocol', detail: 'the terminal answered ENQ with unexpected bytes' }, end: 'protocol' }
        : { kind: 'fail', error: { code: 'no-answer', detail: `no ACK to ENQ after ${t.enqRetries} tries` }, end: 'no-answer' };
    }

    // 2. The request. Only an explicit NAK (the terminal threw the frame away) allows a resend;
    //    silence or junk here means it may have the request, so the outcome is unknown.
    this.#step = 'request-ack';
    let accepted = false;
    for (let i = 0; i < t.nakRetries && !accepted; i++) {
      if (!(await link.write(request))) return this.#lost('write failed');
      const b = await link.readByte(t.ackMs);
      if (b === ACK) accepted = true;
      else if (b === NAK) continue;
      else if (b === 'timeout') return { kind: 'fail', error: { code: 'unknown-outcome', step: 'request-ack', detail: 'no ACK to the request' }, end: 'link-lost' };
      else if (b === 'closed' || b === 'aborted') return this.#lost('port closed after the request was sent');
      else return { kind: 'fail', error: { code: 'unknown-outcome', step: 'request-ack', detail: `unexpected byte 0x${b.toString(16)} after the request` }, end: 'protocol' };
    }
    if (!accepted) {
      await link.write([EOT]);
      return { kind: 'fail', error: { code: 'protocol', detail: `the terminal NAKed the request ${t.nakRetries} times` }, end: 'protocol' };
    }
    await link.write([EOT]);

    // 3. The cardholder's turn; the terminal announces its reply with ENQ.
    this.#step = 'reply-enq';
    for (;;) {
      const b = await link.readByte(t.replyMs);
      if (b === ENQ) break;
      if (b === 'timeout') return { kind: 'fail', error: { code: 'unknown-outcome', step: 'reply-enq', detail: 'no reply from the terminal in time' }, end: 'link-lost' };
      if (b === 'closed' || b === 'aborted') return this.#lost('port closed while waiting for the reply');
      // Line noise while the cardholder is busy: ignore and keep waiting.
    }
    return this.#receiveReply(link);
  }

  /** From the terminal's ENQ (already read) to its EOT. */
  async #receiveReply(link: ByteLink): Promise<Walk> {
    const t = this.#t;
    this.#step = 'reply-frame';
    if (!(await link.write([ACK]))) return this.#lost('write failed');
    let reply: ConcertReply | undefined;
    let lastProblem = '';
    for (let i = 0; i < t.nakRetries && !reply; i++) {
      const f = await readFrame(link, t.ackMs, t.interByteMs, REPLY_FRAME_LONG + 2);
      if (f.kind === 'timeout') return { kind: 'fail', error: { code: 'unknown-outcome', step: 'reply-frame', detail: `reply frame incomplete (${f.bytes.length} bytes)` }, end: 'link-lost' };
      if (f.kind === 'closed' || f.kind === 'aborted') return this.#lost('port closed during the reply');
      const d = f.kind === 'frame' ? decodeReply(f.bytes) : undefined;
      if (d?.ok) reply = d.value;
      else {
        lastProblem = d ? d.error.code : 'garbage';
        await link.write([NAK]);
      }
    }
    if (!reply) {
      return { kind: 'fail', error: { code: 'unknown-outcome', step: 'reply-frame', detail: `unreadable reply (${lastProblem}) after ${t.nakRetries} tries` }, end: 'protocol' };
    }
    await link.write([ACK]);
    // 4. EOT closes the exchange. The reply is already ours (we ACKed it), so a missing EOT
    //    is noted but does not change the outcome.
    this.#step = 'reply-eot';
    const e = await link.readByte(t.eotMs);
    if (e !== EOT) this.#log.warn('no-eot-after-reply', { got: typeof e === 'number' ? e : e });
    return { kind: 'reply', reply };
  }

  async collectLateReply(windowMs: number): Promise<Result<LateReply | null, PaymentTerminalError>> {
    const begun = await this.#begin();
    if (!begun.ok) return begun;
    const link = begun.value;
    this.#step = 'reply-enq';
    const deadline = Date.now() + windowMs;
    for (;;) {
      const left = deadline - Date.now();
      const b = left > 0 ? await link.readByte(left) : 'timeout';
      if (b === ENQ) break;
      if (typeof b !== 'number') {
        this.#finish(b === 'timeout' ? 'ok' : 'link-lost');
        return b === 'timeout' ? ok(null) : err({ code: 'disconnected', detail: 'port closed' });
      }
    }
    const walk = await this.#receiveReply(link);
    if (walk.kind === 'fail') {
      this.#finish(walk.end);
      return err(walk.error);
    }
    this.#finish('ok');
    const r = walk.reply;
    return ok({ status: r.status, amount: r.amount, tag: r.privateData, ...(r.maskedPan ? { maskedPan: r.maskedPan } : {}) });
  }

  async test(): Promise<Result<TerminalTestReport, PaymentTerminalError>> {
    const begun = await this.#begin();
    if (!begun.ok) return begun;
    const link = begun.value;
    link.flushInput();
    this.#step = 'enq-ack';
    const started = performance.now();
    let acked = false;
    let junk = false;
    for (let i = 0; i < this.#t.enqRetries && !acked; i++) {
      await link.write([ENQ]);
      const b = await link.readByte(this.#t.ackMs);
      if (b === ACK) acked = true;
      else if (b === 'closed') {
        this.#finish('link-lost');
        return err({ code: 'disconnected', detail: 'port closed' });
      } else if (typeof b === 'number') junk = true;
    }
    const latencyMs = performance.now() - started;
    // EOT ends the session without a request: nothing is charged.
    await link.write([EOT]);
    if (!acked) {
      this.#finish(junk ? 'protocol' : 'no-answer');
      return junk
        ? err({ code: 'protocol', detail: 'the terminal answered ENQ with unexpected bytes' })
        : err({ code: 'no-answer', detail: `no ACK to ENQ after ${this.#t.enqRetries} tries` });
    }
    this.#finish('ok');
    return ok({ latencyMs, detail: `ENQ acknowledged in ${latencyMs.toFixed(1)} ms on ${this.#path}` });
  }

  async close(): Promise<void> {
    const link = this.#link;
    this.#link = undefined;
    await link?.close();
    this.#life.stop();
  }
}
