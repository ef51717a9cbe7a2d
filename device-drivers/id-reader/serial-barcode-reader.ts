import { SerialPort } from 'serialport';
import { assign, createActor, fromPromise, setup, type ActorRefFrom } from 'xstate';
import type { Logger } from '../../common/logger';
import { err, ok, type Result } from '../../common/result';
import { parseCccdQr } from './cccd-qr';
import { FrameDecoder, type FrameError } from './serial-framing';
import type { CccdIdentity, IdReader, IdReaderError, IdReaderStatus, IdentityListener, ReadErrorListener } from './id-reader-types';

export interface SerialReaderDelays {
  /** Wait before reopening a port that failed or vanished (USB unplugged). */
  reconnectMs: number;
  /** A frame with no terminator after this gap is dropped, so a torn read cannot glue onto the next card. */
  partialFrameMs: number;
}

export const DEFAULT_SERIAL_DELAYS: SerialReaderDelays = { reconnectMs: 2000, partialFrameMs: 500 };

export interface SerialBarcodeReaderOptions {
  path: string;
  baudRate: number;
  logger: Logger;
  delays?: Partial<SerialReaderDelays>;
}

type LinkEvent = { type: 'PORT_LOST'; detail: string } | { type: 'CLOSE' };

/**
 * Port lifecycle: opening → ready; a failed open or a lost port goes to `disconnected` and
 * retries after `reconnectMs`. Delays are injected so tests run in milliseconds.
 */
function createLinkMachine(open: () => Promise<SerialPort>, delays: SerialReaderDelays) {
  return setup({
    types: { context: {} as { port: SerialPort | null; detail: string }, events: {} as LinkEvent },
    actors: { openPort: fromPromise(async () => open()) },
    delays: { RECONNECT: delays.reconnectMs },
  }).createMachine({
    id: 'serialBarcodeReader',
    context: { port: null, detail: 'not opened yet' },
    initial: 'opening',
    states: {
      opening: {
        invoke: {
          src: 'openPort',
          onDone: { target: 'ready', actions: assign({ port: ({ event }) => event.output, detail: '' }) },
          onError: {
            target: 'disconnected',
            actions: assign({ port: null, detail: ({ event }) => (event.error instanceof Error ? event.error.message : String(event.error)) }),
          },
        },
        on: { CLOSE: 'closed' },
      },
      ready: {
        on: {
          PORT_LOST: { target: 'disconnected', actions: assign({ port: null, detail: ({ event }) => event.detail }) },
          CLOSE: 'closed',
        },
      },
      disconnected: { after: { RECONNECT: 'opening' }, on: { CLOSE: 'closed' } },
      closed: { type: 'final' },
    },
  });
}

/** A 2D barcode reader in serial (or USB-CDC virtual COM) mode that reads the CCCD QR. */
export class SerialBarcodeReader implements IdReader {
  readonly kind = 'serial-qr';
  readonly #opts: SerialBarcodeReaderOptions;
  readonly #delays: SerialReaderDelays;
  readonly #decoder = new FrameDecoder();
  readonly #identityListeners = new Set<IdentityListener>();
  readonly #errorListeners = new Set<ReadErrorListener>();
  #actor: ActorRefFrom<ReturnType<typeof createLinkMachine>> | null = null;
  #partialTimer: NodeJS.Timeout | null = null;
  #stats = { frames: 0, identities: 0, badFrames: 0, badCodes: 0 };
  #firstState: Promise<void> | null = null;

  constructor(opts: SerialBarcodeReaderOptions) {
    this.#opts = opts;
    this.#delays = { ...DEFAULT_SERIAL_DELAYS, ...opts.delays };
  }

  /** Starts the port lifecycle; resolves once the first open attempt has settled. */
  start(): Promise<void> {
    if (this.#actor) return this.#firstState ?? Promise.resolve();
    const actor = createActor(createLinkMachine(() => this.#open(), this.#delays));
    this.#actor = actor;
    let lastState = '';
    actor.subscribe((s) => {
      const state = String(s.value);
      if (state !== lastState) this.#opts.logger.info('idreader.serial.state', { state, path: this.#opts.path });
      lastState = state;
    });
    this.#firstState = new Promise<void>((resolve) => {
      const sub = actor.subscribe((s) => {
        if (!s.matches('opening')) {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    actor.start();
    return this.#firstState;
  }

  #open(): Promise<SerialPort> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path: this.#opts.path, baudRate: this.#opts.baudRate, autoOpen: false, lock: true });
      port.open((e) => {
        if (e) return reject(e);
        port.on('data', (chunk: Buffer) => this.#onBytes(chunk));
        port.on('close', () => this.#actor?.send({ type: 'PORT_LOST', detail: 'port closed' }));
        port.on('error', (er: Error) => this.#actor?.send({ type: 'PORT_LOST', detail: er.message }));
        resolve(port);
      });
    });
  }

  #onBytes(chunk: Buffer): void {
    if (this.#partialTimer) clearTimeout(this.#partialTimer);
    for (const frame of this.#decoder.push(chunk)) this.#onFrame(frame);
    if (this.#decoder.pending > 0) {
      this.#partialTimer = setTimeout(() => {
        const dropped = this.#decoder.flush();
        if (dropped) this.#onFrame(dropped);
      }, this.#delays.partialFrameMs);
    }
  }

  #onFrame(frame: Result<string, FrameError>): void {
    this.#stats.frames++;
    if (!frame.ok) {
      this.#stats.badFrames++;
      this.#opts.logger.warn('idreader.serial.bad-frame', { code: frame.error.code, bytes: frame.error.bytes });
      this.#emitError({ code: 'unreadable-code', detail: frame.error.code });
      return;
    }
    const parsed = parseCccdQr(frame.value);
    if (!parsed.ok) {
      this.#stats.badCodes++;
      // Only the error code is logged: the text may be someone's identity.
      this.#opts.logger.warn('idreader.serial.not-a-cccd', { code: parsed.error.code });
      this.#emitError({ code: 'unreadable-code', detail: parsed.error.code });
      return;
    }
    this.#stats.identities++;
    this.#opts.logger.info('idreader.serial.identity', { source: 'qr' });
    for (const l of [...this.#identityListeners]) l(parsed.value);
  }

  #emitError(e: IdReaderError): void {
    for (const l of [...this.#errorListeners]) l(e);
  }

  async status(): Promise<IdReaderStatus> {
    if (!this.#actor) await this.start();
    const s = this.#actor!.getSnapshot();
    if (s.matches('ready')) return { state: 'ready' };
    if (s.matches('closed')) return { state: 'disconnected', detail: 'closed' };
    if (s.matches('opening')) return { state: 'disconnected', detail: 'opening' };
    return { state: 'disconnected', detail: s.context.detail };
  }

  isReading(): boolean {
    return this.#identityListeners.size > 0;
  }

  onIdentity(listener: IdentityListener): () => void {
    this.#identityListeners.add(listener);
    return () => this.#identityListeners.delete(listener);
  }

  onReadError(listener: ReadErrorListener): () => void {
    this.#errorListeners.add(listener);
    return () => this.#errorListeners.delete(listener);
  }

  async read(timeoutMs: number): Promise<Result<CccdIdentity, IdReaderError>> {
    // Subscribe before any await when open, so a code arriving right away is not missed.
    if (!this.#actor?.getSnapshot().matches('ready')) {
      const st = await this.status();
      if (st.state !== 'ready') return err({ code: 'disconnected', detail: st.state === 'disconnected' ? st.detail : st.state });
    }
    return new Promise((resolve) => {
      const done = (r: Result<CccdIdentity, IdReaderError>) => {
        clearTimeout(timer);
        off();
        resolve(r);
      };
      const off = this.onIdentity((id) => done(ok(id)));
      const timer = setTimeout(() => done(err({ code: 'timeout', detail: `no card within ${timeoutMs} ms` })), timeoutMs);
    });
  }

  async test(): Promise<Result<string[], IdReaderError>> {
    const st = await this.status();
    const lines = [
      `port ${this.#opts.path} @ ${this.#opts.baudRate} baud`,
      `state ${st.state}${st.state === 'disconnected' ? ` (${st.detail})` : ''}`,
      `frames ${this.#stats.frames}, identities ${this.#stats.identities}, bad frames ${this.#stats.badFrames}, not-a-CCCD ${this.#stats.badCodes}`,
    ];
    if (st.state !== 'ready') return err({ code: 'disconnected', detail: lines.join('; ') });
    return ok(lines);
  }

  async close(): Promise<void> {
    if (this.#partialTimer) clearTimeout(this.#partialTimer);
    const actor = this.#actor;
    if (!actor) return;
    const port = actor.getSnapshot().context.port;
    actor.send({ type: 'CLOSE' });
    actor.stop();
    if (port?.isOpen) {
      port.removeAllListeners('close');
      await new Promise<void>((r) => port.close(() => r()));
    }
  }
}
