import { ByteLink, readFrameFrom } from '../payment/byte-link';
import {
  ACK,
  decodeRequest,
  encodeReply,
  ENQ,
  EOT,
  NAK,
  type ConcertRequest,
} from '../payment/concert-frames';

// A Concert (protocol E) card terminal on the device end of a serial line (a socat PTY in
// tests and in demo/training mode). It speaks the same bytes as a Telium terminal and can
// be told to approve, decline, not complete, send garbage, or die between any two protocol
// steps. It keeps the list of sales it approved — the money that really moved — so tests
// can prove a citizen was never charged twice.

/** Points where the simulated terminal can stop answering, in protocol order. */
export const SIM_DIE_STEPS = [
  'after-enq', // got the POS's ENQ, never ACKs it
  'after-request', // got the request frame, never ACKs it
  'after-request-ack', // ACKed the request, dies before the POS's EOT
  'after-pos-eot', // got EOT, dies before charging
  'after-charge', // charged the card, dies before announcing the reply
  'after-reply-enq', // sent ENQ for the reply, dies before sending the frame
  'mid-reply', // sends half the reply frame, then dies
  'before-eot', // reply delivered and ACKed, dies before its EOT
] as const;
export type SimDieStep = (typeof SIM_DIE_STEPS)[number];

/** Whether a death at this step leaves the card charged. */
export function chargedIfDiesAt(step: SimDieStep): boolean {
  return SIM_DIE_STEPS.indexOf(step) >= SIM_DIE_STEPS.indexOf('after-charge');
}

export interface SimScript {
  /** approve: status 0; decline: 7; not-completed: 9 (cardholder walked away); no-reply: never answers. */
  readonly outcome: 'approve' | 'decline' | 'not-completed' | 'no-reply';
  readonly dieAt?: SimDieStep;
  /** 'enq': answer ENQ with junk; 'reply': send junk instead of every reply frame. */
  readonly garbageAt?: 'enq' | 'reply';
  /** NAK the first n request frames (line noise the POS must recover from). */
  readonly nakRequests?: number;
  /** Send the first n reply frames with a wrong LRC. */
  readonly corruptReplies?: number;
  readonly processingMs?: number;
  /** Bytes of line noise sent while the cardholder is busy (between request and reply). */
  readonly noise?: readonly number[];
  /** Test card printed in the long reply's report (the driver must mask it). */
  readonly cardNumber?: string;
}

export interface SimSale {
  readonly seq: number;
  readonly amount: number;
  readonly mode: string;
  readonly tag: string;
  readonly at: Date;
}

export interface ConcertSimulatorOptions {
  readonly path: string;
  readonly baud?: number;
  readonly processingMs?: number;
  readonly ackTimeoutMs?: number;
  /** A terminal holding an undelivered reply retries its ENQ this often … */
  readonly enqRetryMs?: number;
  /** … this many times before giving up (and keeping the reply for the journal). */
  readonly enqTries?: number;
  readonly log?: (line: string) => void;
}

type Pending = { readonly frame: Buffer; readonly tag: string };

export class ConcertTerminalSimulator {
  readonly #link: ByteLink;
  readonly #opts: Required<Omit<ConcertSimulatorOptions, 'log' | 'baud'>>;
  readonly #log: (line: string) => void;
  #default: SimScript = { outcome: 'approve' };
  #next: SimScript | undefined;
  #dead = false;
  #closed = false;
  #pending: Pending | undefined;
  #seq = 0;
  readonly #sales: SimSale[] = [];
  readonly #requests: ConcertRequest[] = [];
  #loop: Promise<void>;
  #wakeRevive: (() => void) | undefined;

  private constructor(link: ByteLink, opts: ConcertSimulatorOptions) {
    this.#link = link;
    this.#opts = {
      path: opts.path,
      processingMs: opts.processingMs ?? 200,
      ackTimeoutMs: opts.ackTimeoutMs ?? 1_000,
      enqRetryMs: opts.enqRetryMs ?? 200,
      enqTries: opts.enqTries ?? 10,
    };
    this.#log = opts.log ?? (() => {});
    this.#loop = this.#run();
  }

  static async start(opts: ConcertSimulatorOptions): Promise<ConcertTerminalSimulator> {
    const link = await ByteLink.open(opts.path, opts.baud ?? 9600);
    if (link instanceof Error) throw new Error(`simulator cannot open ${opts.path}: ${link.message}`);
    return new ConcertTerminalSimulator(link, opts);
  }

  /** Behaviour for every transaction until changed. */
  setDefault(script: SimScript): void {
    this.#default = script;
  }

  /** Behaviour for the next transaction only. */
  setNext(script: SimScript): void {
    this.#next = script;
  }

  /** Every sale (mode 0) the terminal approved: the card was charged. */
  get approvedSales(): readonly SimSale[] {
    return this.#sales.filter((s) => s.mode === '0');
  }

  /** Every approved transaction, refunds included. */
  get journal(): readonly SimSale[] {
    return [...this.#sales];
  }

  /** Every well-formed request frame received (sent to the card processor or not). */
  get requests(): readonly ConcertRequest[] {
    return [...this.#requests];
  }

  get isDead(): boolean {
    return this.#dead;
  }

  get hasUndeliveredReply(): boolean {
    return this.#pending !== undefined;
  }

  /** Stops answering at once, mid-whatever (like pulling the terminal's power). */
  die(): void {
    this.#dead = true;
    this.#link.abortRead();
  }

  /**
   * Comes back. A terminal that still holds a reply announces it again (ENQ) so the POS can
   * collect it — this is what lets the kiosk learn a sale's outcome after a crash.
   */
  revive(): void {
    this.#dead = false;
    this.#link.flushInput();
    const w = this.#wakeRevive;
    this.#wakeRevive = undefined;
    w?.();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#link.abortRead();
    this.#wakeRevive?.();
    await this.#link.close();
    await this.#loop.catch(() => {});
  }

  async #waitWhileDead(): Promise<void> {
    while (this.#dead && !this.#closed) {
      await new Promise<void>((r) => (this.#wakeRevive = r));
    }
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      await this.#waitWhileDead();
      if (this.#closed) return;
      if (this.#pending) {
        await this.#deliverPending(undefined);
        continue;
      }
      const b = await this.#link.readByte(60_000);
      if (b === 'closed') return;
      if (typeof b !== 'number' || this.#dead) continue;
      if (b === ENQ) await this.#session();
      // Anything else outside a session is ignored, as a terminal does.
    }
  }

  #script(): SimScript {
    const s = this.#next ?? this.#default;
    this.#next = undefined;
    return s;
  }

  #diesAt(s: SimScript, step: SimDieStep): boolean {
    if (s.dieAt !== step) return false;
    this.#log(`die ${step}`);
    this.die();
    return true;
  }

  async #session(): Promise<void> {
    const s = this.#script();
    if (this.#diesAt(s, 'after-enq')) return;
    if (s.garbageAt === 'enq') {
      await this.#link.write(Buffer.from('\xff?!GARBAGE\x00', 'latin1'));
      return;
    }
    await this.#link.write([ACK]);
    let naks = s.nakRequests ?? 0;
    let req: ConcertRequest | undefined;
    for (;;) {
      const first = await this.#link.readByte(this.#opts.ackTimeoutMs);
      if (typeof first !== 'number' || first === EOT) return; // silence, or the POS gave up (test(), cancel)
      if (first === ENQ) {
        await this.#link.write([ACK]); // the POS missed our ACK and asks again
        continue;
      }
      const f = await readFrameFrom(this.#link, first, 50, 64);
      if (f.kind === 'timeout' || f.kind === 'closed' || f.kind === 'aborted') return;
      if (this.#dead) return;
      const d = f.kind === 'frame' ? decodeRequest(f.bytes) : undefined;
      if (!d?.ok) {
        await this.#link.write([NAK]);
        continue;
      }
      if (this.#diesAt(s, 'after-request')) return;
      if (naks > 0) {
        naks--;
        await this.#link.write([NAK]);
        continue;
      }
      req = d.value;
      break;
    }
    this.#requests.push(req);
    await this.#link.write([ACK]);
    if (this.#diesAt(s, 'after-request-ack')) return;
    const eot = await this.#link.readByte(this.#opts.ackTimeoutMs);
    if (this.#dead) return;
    if (eot !== EOT) this.#log('no EOT after request; processing anyway');
    if (this.#diesAt(s, 'after-pos-eot')) return;
    if (s.noise && s.noise.length > 0) await this.#link.write([...s.noise]);

    await new Promise((r) => setTimeout(r, s.processingMs ?? this.#opts.processingMs));
    if (this.#dead || this.#closed) return;
    if (s.outcome === 'no-reply') return;
    const statusDigit = s.outcome === 'approve' ? '0' : s.outcome === 'decline' ? '7' : '9';
    if (statusDigit === '0') {
      this.#sales.push({ seq: ++this.#seq, amount: req.amount, mode: req.mode, tag: req.privateData ?? '', at: new Date() });
      this.#log(`approved ${req.amount} VND tag=${req.privateData ?? ''}`);
    }
    const card = s.cardNumber ?? '4111111111111111';
    const frame = encodeReply({
      posNumber: req.posNumber,
      statusDigit,
      amount: req.amount,
      mode: req.mode,
      privateData: req.privateData ?? '',
      ...(req.longReply ? { report: `${card} 2812 SIMULATED` } : {}),
    });
    this.#pending = { frame, tag: req.privateData ?? '' };
    if (this.#diesAt(s, 'after-charge')) return;
    await this.#deliverPending(s);
  }

  /** ENQ (retried) → ACK → frame (resent on NAK) → ACK → EOT. */
  async #deliverPending(s: SimScript | undefined): Promise<void> {
    const pending = this.#pending;
    if (!pending) return;
    let tries = 0;
    for (;;) {
      if (this.#dead || this.#closed) return;
      await this.#link.write([ENQ]);
      if (s && this.#diesAt(s, 'after-reply-enq')) return;
      const b = await this.#link.readByte(this.#opts.enqRetryMs);
      if (this.#dead || this.#closed) return;
      if (b === ACK) break;
      if (++tries >= (s ? 3 : this.#opts.enqTries)) {
        // Nobody listening: keep the reply in the journal, stop announcing it.
        this.#log('reply not collected');
        this.#pending = undefined;
        return;
      }
    }
    let corrupt = s?.corruptReplies ?? 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      if (s?.dieAt === 'mid-reply') {
        await this.#link.write(pending.frame.subarray(0, Math.floor(pending.frame.length / 2)));
        this.#diesAt(s, 'mid-reply');
        return;
      }
      if (s?.garbageAt === 'reply') {
        await this.#link.write(Buffer.from('\x7fNOISE\xfe\x00NOISE', 'latin1'));
      } else if (corrupt > 0) {
        corrupt--;
        const bad = Buffer.from(pending.frame);
        bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
        await this.#link.write(bad);
      } else {
        await this.#link.write(pending.frame);
      }
      const b = await this.#link.readByte(this.#opts.ackTimeoutMs);
      if (this.#dead || this.#closed) return;
      if (b === ACK) {
        this.#pending = undefined;
        if (s && this.#diesAt(s, 'before-eot')) return;
        await this.#link.write([EOT]);
        return;
      }
      if (b !== NAK) break;
    }
    this.#log('reply not acknowledged');
    this.#pending = undefined;
  }
}

// Demo / training mode from a shell:
//   npx tsx device-drivers/simulators/concert-terminal-simulator.ts [--path /dev/pts/N]
// Without --path it makes its own socat PTY pair and prints the path to give the kiosk
// (devices.paymentTerminal = { kind: 'concert-serial', path }). Commands on stdin:
//   approve | decline | not-completed | no-reply | die-at <step> | garbage enq|reply
//   die | revive | sales | quit
async function main(argv: string[]): Promise<void> {
  const { openPtyPair } = await import('../transports/pty-pair');
  const { createInterface } = await import('node:readline');
  const pathIdx = argv.indexOf('--path');
  let path = pathIdx >= 0 ? argv[pathIdx + 1] : undefined;
  let close = async () => {};
  if (!path) {
    const pair = await openPtyPair();
    path = pair.devicePath;
    close = () => pair.close();
    console.log(`terminal driver path: ${pair.driverPath}`);
  }
  const sim = await ConcertTerminalSimulator.start({ path, processingMs: 1500, log: (l) => console.log(`[terminal] ${l}`) });
  console.log(`Concert simulator on ${path}. Commands: approve decline not-completed no-reply die-at <${SIM_DIE_STEPS.join('|')}> garbage <enq|reply> die revive sales quit`);
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [cmd, arg] = line.trim().split(/\s+/);
    // Each command the simulator took is acknowledged, so a trainer (or a test) knows it is in force.
    let took = true;
    if (cmd === 'approve' || cmd === 'decline' || cmd === 'not-completed' || cmd === 'no-reply') sim.setDefault({ outcome: cmd });
    else if (cmd === 'die-at' && (SIM_DIE_STEPS as readonly string[]).includes(arg ?? '')) sim.setNext({ outcome: 'approve', dieAt: arg as SimDieStep });
    else if (cmd === 'garbage' && (arg === 'enq' || arg === 'reply')) sim.setNext({ outcome: 'approve', garbageAt: arg });
    else if (cmd === 'die') sim.die();
    else if (cmd === 'revive') sim.revive();
    else took = false;
    if (took) {
      console.log(`ok ${line.trim()}`);
      continue;
    }
    if (cmd === 'sales') console.log(JSON.stringify(sim.journal));
    else if (cmd === 'quit') break;
    else console.log('unknown command');
  }
  await sim.close();
  await close();
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  // exit explicitly: an open stdin would otherwise keep the process alive after "quit".
  main(process.argv.slice(2)).then(() => process.exit(0), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
