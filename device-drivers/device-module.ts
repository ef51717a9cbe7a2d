import type * as z from 'zod';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logger';
import { err, ok, type Result } from '../common/result';
import type { OcrPool } from './scanner/ocr-engine';

// The contract every device class keeps (device-drivers/<class>/<class>-module.ts), so that
// start-up, the maintenance panel, `kiosk diag` and the config are loops over one registry
// (device-registry.ts) instead of a copied block per device. A module is cheap to import: its
// config schema is plain zod, and its drivers (serial ports, native canvases, SANE, CUPS) load
// only when it starts a device or runs a diagnosis.

/** What a technician reads about one device: `kiosk diag`, the maintenance panel's test. Never a stack trace. */
export interface DiagReport {
  /** Which device, as the technician knows it ("Generic ESC/POS 80 mm on tcp 192.168.1.50:9100"). */
  readonly device: string;
  readonly ok: boolean;
  /** The driver's state or error code (ready, paper-out, no-answer…). */
  readonly status: string;
  /** What happened and what to do, one line each; no personal data. */
  readonly lines: readonly string[];
}

/** A device's state as the status board shows it. */
export interface DeviceHealth {
  readonly state: 'ok' | 'degraded' | 'down' | 'disabled';
  /** The driver's own word for it (ready, paper-near-end, jammed…). */
  readonly detail: string;
  /** The kiosk can use it now, even if degraded (paper running low): the start-up line's ✔. */
  readonly usable: boolean;
}

/** What a module needs to start a device, beyond its config section. */
export interface DeviceContext {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The kiosk's private data dir (a demo's fallback folder printer writes there). */
  readonly dataDir: string;
  /** `kiosk start --demo`: the simulators' fallbacks are allowed. */
  readonly demo: boolean;
  /** One OCR pool for the scanner's readability check and the MRZ reader. */
  readonly ocr: OcrPool;
}

/** A started device: its driver, its simulator's controls in the demo, and how it is doing. */
export interface RunningDevice<Driver, Simulator> {
  readonly driver: Driver;
  /** The simulator's controls (demo and training), null for a real device. */
  readonly simulator: Simulator | null;
  /** The start-up line's detail: what it is and where ("simulator (loopback TCP)"). */
  readonly description: string;
  /** Asked at start, after a repair and by the maintenance panel; never moves paper or money. */
  health(): Promise<DeviceHealth>;
  /** The maintenance panel's test on the running device: a test print, a small scan, a handshake. */
  test(): Promise<DiagReport>;
  close(): Promise<void>;
}

/** What `kiosk diag` may name on the command line instead of the configured device. */
export interface DiagFlags {
  readonly port?: string;
  readonly tcp?: string;
  readonly usbLp?: string;
  readonly queue?: string;
  readonly device?: string;
  readonly baud?: number;
  /** idreader test: wait this long for a card (seconds). */
  readonly listen?: number;
}

export interface ConfigProblem {
  /** Dotted path inside the section ("transport.path"); empty for the section itself. */
  readonly path: string;
  readonly message: string;
}

export interface DeviceModule<Name extends string, Section extends string, Config, Driver, Simulator> {
  /** The status board's, the start-up line's and `kiosk diag`'s name: printer, a4, scanner, idreader, terminal. */
  readonly name: Name;
  /** The config file's key under `devices`: receiptPrinter, a4Printer, … */
  readonly section: Section;
  /** What the kiosk does without one (`kind: "none"`), said on the start-up line. */
  readonly withoutIt: string;
  /**
   * The section checked strictly, per kind (real drivers and the simulator; `none` is handled by
   * the registry), with defaults filled in. The config loader runs it, so a typo stops the start.
   */
  parseConfig(section: unknown): Result<Config, readonly ConfigProblem[]>;
  /** Whether the section asks for the simulator (only the demo may). */
  isSimulator(config: Config): boolean;
  /** Opens the device; an error says what is wrong in one line, and the kiosk runs without it. */
  start(config: Config, ctx: DeviceContext): Promise<Result<RunningDevice<Driver, Simulator>, { readonly detail: string }>>;
  /** `kiosk diag <name> status|test` with the real driver: opened, checked, closed. */
  diag(action: 'status' | 'test', config: Config | null, flags: DiagFlags, ctx: Omit<DeviceContext, 'ocr' | 'dataDir' | 'demo'>): Promise<DiagReport>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds modules of every driver type
export type AnyDeviceModule = DeviceModule<string, string, any, any, any>;
export type DriverOf<M> = M extends DeviceModule<string, string, unknown, infer D, unknown> ? D : never;
export type SimulatorOf<M> = M extends DeviceModule<string, string, unknown, unknown, infer S> ? S : never;
export type ConfigOf<M> = M extends DeviceModule<string, string, infer C, unknown, unknown> ? C : never;

/** A zod error's issues as config problems. */
export function problemsOf(issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>): ConfigProblem[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** A section checked by a module's zod schema: its value with defaults, or its problems. */
export function parseSection<T>(schema: z.ZodType<T>, section: unknown): Result<T, ConfigProblem[]> {
  const r = schema.safeParse(section);
  return r.success ? ok(r.data) : err(problemsOf(r.error.issues));
}

/** Problems in one line: "transport.path: Required; baudRate: …". */
export function describeProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.path || '(section)'}: ${p.message}`).join('; ');
}

/** Whether a (not `none`) section asks for the module's simulator, which only the demo may run. */
export function asksForSimulator(module: AnyDeviceModule, section: unknown): boolean {
  const parsed = module.parseConfig(section);
  return parsed.ok && module.isSimulator(parsed.value);
}

/** Health from whether the device can be used now: usable is ok, anything else degraded. */
export function healthOf(usable: boolean, detail: string): DeviceHealth {
  return { state: usable ? 'ok' : 'degraded', detail, usable };
}

/** A driver's own test (lines, or a coded failure) as the maintenance panel's report. */
export function testReport(device: string, r: Result<readonly string[], { readonly code: string; readonly detail: string }>, failed = 'Test failed'): DiagReport {
  return r.ok ? { device, ok: true, status: 'ready', lines: r.value } : { device, ok: false, status: r.error.code, lines: [`${failed} (${r.error.code}): ${r.error.detail}`] };
}
