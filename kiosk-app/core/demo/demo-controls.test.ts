import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeScanner } from '../../../device-drivers/scanner';
import { runningScanner } from '../../../device-drivers/scanner/scanner-module';
import { samplePath, ScannerSimulator } from '../../../device-drivers/simulators/scanner-simulator';
import type { RunningDevices } from '../devices/start-devices';
import { DemoControls } from './demo-controls';

// The trainer's sample page reaches the simulated scanner through the demo controls, not
// through the citizen's journey: what is laid on the glass is what the next scans read.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-demo-controls-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function devices(simulator: ScannerSimulator | null): RunningDevices {
  return { printer: null, a4: null, scanner: runningScanner(new FakeScanner(), simulator, dir), idreader: null, terminal: null };
}

describe('demo controls: the scanner glass', () => {
  it('lays the chosen sample page on the simulated glass, by its name', () => {
    const sim = new ScannerSimulator({ glass: null });
    const placed = vi.spyOn(sim, 'placeOnGlass');
    const demo = new DemoControls(devices(sim), null);
    expect(demo.layOnGlass('blurred-copy')).toEqual({ ok: true, value: undefined });
    expect(demo.layOnGlass('to-khai-khai-sinh')).toEqual({ ok: true, value: undefined });
    expect(placed.mock.calls).toEqual([[samplePath('pages/blurred-copy-150dpi.png')], [samplePath('pages/to-khai-khai-sinh-150dpi.png')]]);
  });

  it('an unknown sample leaves the glass as it was; a kiosk without the simulator says so', () => {
    const sim = new ScannerSimulator({ glass: null });
    const placed = vi.spyOn(sim, 'placeOnGlass');
    expect(new DemoControls(devices(sim), null).layOnGlass('no-such-page')).toEqual({ ok: false, error: { code: 'not-found' } });
    expect(placed).not.toHaveBeenCalled();
    expect(new DemoControls(devices(null), null).layOnGlass('blank-back')).toEqual({ ok: false, error: { code: 'no-simulator', device: 'scanner' } });
  });
});
