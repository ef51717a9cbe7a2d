import { err, ok, type Result } from '../../../common/result';
import type { IdReader } from '../../../device-drivers/id-reader';
import type { SimDieStep } from '../../../device-drivers/simulators/concert-terminal-simulator';
import { loadSampleManifest, samplePath } from '../../../device-drivers/simulators/scanner-simulator';
import type { CityStatus, CitySandbox } from '../../../offline-sync';
import type { DemoCityStatus, DemoTerminalDieStep } from '../../api/demo-contract';
import type { SimulatorOf } from '../../../device-drivers/device-module';
import type { idReaderModule } from '../../../device-drivers/id-reader/id-reader-module';
import type { paymentTerminalModule } from '../../../device-drivers/payment/payment-terminal-module';
import type { receiptPrinterModule } from '../../../device-drivers/printer/receipt-printer-module';
import type { scannerModule } from '../../../device-drivers/scanner/scanner-module';
import type { RunningDevices } from '../devices/start-devices';

// Demo and training mode: what a trainer (or an end-to-end test) does to the simulated
// devices — present a card, run out of paper, jam the scanner, make the terminal decline,
// pay a VietQR transfer, have the city ask for more papers. Every control acts only on a
// simulator or the embedded sandbox; on a kiosk with real devices they answer "no-simulator".

// The api states what a trainer may ask for without importing devices or sync; these fail to
// compile when its lists and the simulator's or the city's part ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const dieStepsAgree: Same<DemoTerminalDieStep, SimDieStep> = true;
const cityStatusesAgree: Same<DemoCityStatus, CityStatus> = true;
void dieStepsAgree;
void cityStatusesAgree;

export type DemoError = { code: 'no-simulator'; device: string } | { code: 'not-found' } | { code: 'failed'; detail: string };

export type PrinterCondition = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error';
export type ScannerFault = 'jam' | 'no-paper' | 'cover-open' | null;
export type CardPresentation = 'sample-card' | 'garbage' | 'partial';
export interface TerminalScript {
  readonly outcome: 'approve' | 'decline' | 'not-completed' | 'no-reply';
  /** Where the terminal dies mid-protocol (unplugged, crashed): see SIM_DIE_STEPS. */
  readonly dieAt?: SimDieStep;
}

export interface SimulatedReceipt {
  readonly index: number;
  readonly textLines: readonly string[];
  readonly qrPayloads: readonly string[];
  readonly pngDataUrl: string | null;
}

/** How long a presented card waits for the kiosk to start reading before it is laid down anyway. */
const PRESENT_WAIT_MS = 5_000;

export class DemoControls {
  /** The simulators of the devices that run on one (the demo), by device. */
  private readonly sims: {
    readonly receiptPrinter: SimulatorOf<typeof receiptPrinterModule> | null;
    readonly scanner: SimulatorOf<typeof scannerModule> | null;
    readonly idReader: SimulatorOf<typeof idReaderModule> | null;
    readonly terminal: SimulatorOf<typeof paymentTerminalModule> | null;
  };
  /** The driver the simulated reader feeds: a card is laid down once it is listening. */
  private readonly reader: IdReader | null;

  constructor(
    devices: RunningDevices,
    private readonly sandbox: CitySandbox | null,
  ) {
    this.sims = {
      receiptPrinter: devices.printer?.simulator ?? null,
      scanner: devices.scanner?.simulator ?? null,
      idReader: devices.idreader?.simulator ?? null,
      terminal: devices.terminal?.simulator ?? null,
    };
    this.reader = devices.idreader?.driver ?? null;
  }

  available() {
    return {
      receiptPrinter: this.sims.receiptPrinter !== null,
      scanner: this.sims.scanner !== null,
      idReader: this.sims.idReader !== null,
      terminal: this.sims.terminal !== null,
      city: this.sandbox !== null,
    };
  }

  async presentCard(what: CardPresentation): Promise<Result<void, DemoError>> {
    const sim = this.sims.idReader;
    if (!sim) return err({ code: 'no-simulator', device: 'idreader' });
    const qr = loadSampleManifest().cards.find((c) => c.qr)?.qr;
    if (!qr) return err({ code: 'failed', detail: 'no sample card' });
    // The screen may ask for the card a moment before the kiosk's read reaches the driver;
    // a card laid down in that moment would go unheard, so wait (briefly) for the read.
    await this.#until(() => this.reader?.isReading() ?? true, PRESENT_WAIT_MS);
    if (what === 'sample-card') await sim.present(qr);
    else if (what === 'partial') await sim.presentPartial(qr);
    else await sim.sendGarbage(new Uint8Array([0x00, 0xff, 0x1b, 0x7c, 0x7c, 0x0d, 0x0a]));
    return ok(undefined);
  }

  setPrinter(condition: PrinterCondition): Result<void, DemoError> {
    const sim = this.sims.receiptPrinter;
    if (!sim) return err({ code: 'no-simulator', device: 'printer' });
    sim.setStatus(condition);
    return ok(undefined);
  }

  receipts(): Result<SimulatedReceipt[], DemoError> {
    const sim = this.sims.receiptPrinter;
    if (!sim) return err({ code: 'no-simulator', device: 'printer' });
    const jobs = sim.jobs();
    return ok(
      jobs.map((j, i) => {
        const png = i === jobs.length - 1 ? sim.lastPrintPng() : null;
        return { index: j.index, textLines: j.textLines, qrPayloads: j.qrPayloads, pngDataUrl: png ? `data:image/png;base64,${png.toString('base64')}` : null };
      }),
    );
  }

  /**
   * Lay a sample page on the simulated glass (its name, as `to-khai-khai-sinh` for
   * `pages/to-khai-khai-sinh-150dpi.png`); it stays there for every scan until another is laid.
   */
  layOnGlass(sample: string): Result<void, DemoError> {
    const sim = this.sims.scanner;
    if (!sim) return err({ code: 'no-simulator', device: 'scanner' });
    const page = loadSampleManifest().pages.find((p) => p.file === sample || p.file.includes(`/${sample}`));
    if (!page) return err({ code: 'not-found' });
    sim.placeOnGlass(samplePath(page.file));
    return ok(undefined);
  }

  setScanner(fault: ScannerFault): Result<void, DemoError> {
    const sim = this.sims.scanner;
    if (!sim) return err({ code: 'no-simulator', device: 'scanner' });
    sim.setFault(fault);
    return ok(undefined);
  }

  setTerminal(script: TerminalScript): Result<void, DemoError> {
    const sim = this.sims.terminal;
    if (!sim) return err({ code: 'no-simulator', device: 'terminal' });
    sim.setNext(script);
    if (script.dieAt === undefined && sim.isDead) sim.revive();
    return ok(undefined);
  }

  /** The terminal's journal: how many sales it approved (a charge counted once, or twice). */
  terminalJournal(): Result<{ approvedSales: number; requests: number }, DemoError> {
    const sim = this.sims.terminal;
    if (!sim) return err({ code: 'no-simulator', device: 'terminal' });
    return ok({ approvedSales: sim.approvedSales.length, requests: sim.requests.length });
  }

  /** The citizen's bank app pays the VietQR transfer (the sandbox then notifies the kiosk). */
  async payVietQr(reference: string, amount: number): Promise<Result<void, DemoError>> {
    if (!this.sandbox) return err({ code: 'no-simulator', device: 'city' });
    const r = await fetch(`${this.sandbox.url}/sandbox/vietqr/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, amount }),
    }).catch((e: unknown) => ({ ok: false, status: 0, statusText: String(e) }) as const);
    return r.ok ? ok(undefined) : err({ code: 'failed', detail: `sandbox answered ${r.status}` });
  }

  setDossierStatus(dossierId: string, status: CityStatus, note?: string): Result<void, DemoError> {
    if (!this.sandbox) return err({ code: 'no-simulator', device: 'city' });
    return this.sandbox.setDossierStatus(dossierId, status, note) ? ok(undefined) : err({ code: 'not-found' });
  }

  /** Cut the kiosk off from the city (every connection dropped) or bring it back. */
  setCityReachable(reachable: boolean): Result<void, DemoError> {
    if (!this.sandbox) return err({ code: 'no-simulator', device: 'city' });
    this.sandbox.setFaults(reachable ? {} : { dropRate: 1 });
    return ok(undefined);
  }

  async #until(condition: () => boolean, limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
