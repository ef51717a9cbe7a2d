import type { Clock } from '../../../common/clock';
import type { Logger } from '../../../common/logger';
import { describeProblems, type AnyDeviceModule, type DeviceContext, type DriverOf, type RunningDevice, type SimulatorOf } from '../../../device-drivers/device-module';
import { DEVICE_MODULES, type DeviceModules, type DeviceName } from '../../../device-drivers/device-registry';
import { OcrPool } from '../../../device-drivers/scanner/ocr-engine';
import type { KioskConfig } from '../config/config-schema';
import type { StatusBoard } from '../system/component-status';

// Starts every device the registry knows from its config section, reports each one as a
// technician reads it at start, and keeps them running. A device that cannot start does not
// stop the kiosk: it is reported, and the journey tells the citizen what to do without it.

/** Each device by its name, started, or null when not fitted or it could not start. */
export type RunningDevices = { readonly [M in DeviceModules[number] as M['name']]: RunningDevice<DriverOf<M>, SimulatorOf<M>> | null };

export interface KioskDevices extends RunningDevices {
  /** One OCR pool for the scanner's readability check and the MRZ reader. */
  readonly ocr: OcrPool;
  close(): Promise<void>;
}

export interface StartDevicesDeps {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly status: StatusBoard;
  readonly report: (name: string, ok: boolean, detail: string) => void;
}

type Line = readonly [name: string, ok: boolean, detail: string];

async function startOne(module: AnyDeviceModule, section: { kind: string }, ctx: DeviceContext, d: StartDevicesDeps): Promise<{ running: RunningDevice<unknown, unknown> | null; line: Line }> {
  const { name } = module;
  if (section.kind === 'none') {
    d.status.set(name, 'disabled', 'not fitted');
    return { running: null, line: [name, true, `not fitted (${module.withoutIt})`] };
  }
  const parsed = module.parseConfig(section);
  if (!parsed.ok) {
    d.status.set(name, 'down', 'bad config');
    return { running: null, line: [name, false, `config: ${describeProblems(parsed.error)}`] };
  }
  const started = await module.start(parsed.value, ctx).catch((e: unknown) => ({ ok: false as const, error: { detail: (e as Error).message.split('\n')[0] ?? 'error' } }));
  if (!started.ok) {
    d.status.set(name, 'down', 'could not start');
    return { running: null, line: [name, false, started.error.detail] };
  }
  const health = await started.value.health();
  d.status.set(name, health.state, health.detail);
  return { running: started.value, line: [name, health.usable, `${started.value.description}: ${health.detail}`] };
}

export async function startDevices(d: StartDevicesDeps): Promise<KioskDevices> {
  const ocr = new OcrPool();
  const ctx: DeviceContext = { logger: d.logger, clock: d.clock, dataDir: d.config.storage.dataDir, demo: d.config.demo, ocr };
  // The devices start at once (each one waits on its own port, socket or scheduler), and their
  // lines are reported afterwards in the registry's order, so a technician reads the same
  // start-up every time.
  const started = await Promise.all(DEVICE_MODULES.map((m: AnyDeviceModule) => startOne(m, d.config.devices[m.section as keyof KioskConfig['devices']] as { kind: string }, ctx, d)));
  for (const { line } of started) d.report(...line);

  const running = Object.fromEntries(DEVICE_MODULES.map((m, i) => [m.name, started[i]!.running])) as unknown as RunningDevices;
  return {
    ...running,
    ocr,
    close: async () => {
      // Closed in the reverse of the order they are reported in; the OCR workers last.
      for (const { running: device } of [...started].reverse()) await device?.close().catch((e: unknown) => d.logger.warn('device-close-failed', { message: String(e) }));
      await ocr.terminate().catch((e: unknown) => d.logger.warn('device-close-failed', { message: String(e) }));
    },
  };
}

/** The running devices, in the registry's order, with their names: what the maintenance panel loops over. */
export function runningDevices(devices: RunningDevices): Array<{ readonly name: DeviceName; readonly device: RunningDevice<unknown, unknown> }> {
  return DEVICE_MODULES.flatMap((m) => {
    const device = devices[m.name] as RunningDevice<unknown, unknown> | null;
    return device ? [{ name: m.name, device }] : [];
  });
}
