import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../common/logger';
import { startReceiptPrinterSimulator, type RunningReceiptPrinterSimulator } from '../simulators/receipt-printer-simulator';
import { FakeReceiptPrinter } from './fake-printers';
import { startPrinterMonitor, type PrinterMonitor } from './printer-lifecycle';
import type { PrinterStatus } from './printer-types';
import { createReceiptPrinter } from './receipt-printer-config';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const waitFor = (m: PrinterMonitor, state: PrinterStatus['state'], ms = 3000) =>
  new Promise<void>((resolve, reject) => {
    if (m.current()?.state === state) return resolve();
    const t = setTimeout(() => reject(new Error(`no ${state} within ${ms} ms (now ${m.current()?.state})`)), ms);
    const off = m.onStatus((s) => {
      if (s.state === state) {
        clearTimeout(t);
        off();
        resolve();
      }
    });
  });

describe('printer lifecycle (XState) watching the real driver', () => {
  it('notices paper running out and the roll being replaced, within the fast poll', async () => {
    const sim: RunningReceiptPrinterSimulator = await startReceiptPrinterSimulator({});
    cleanup.push(() => sim.close());
    const p = createReceiptPrinter(sim.config, { logger: silentLogger });
    if (!p.ok) throw new Error();
    cleanup.push(() => p.value.close());
    const m = startPrinterMonitor(p.value, { pollMs: 100, pollDownMs: 30 });
    cleanup.push(() => m.stop());
    await waitFor(m, 'ready');
    sim.control.setStatus('paper-out');
    await waitFor(m, 'paper-out');
    sim.control.setStatus('ready');
    await waitFor(m, 'ready');
  });

  it('reports each change once, not every poll, and CHECK asks at once', async () => {
    const fake = new FakeReceiptPrinter();
    const m = startPrinterMonitor(fake, { pollMs: 60_000, pollDownMs: 60_000 });
    cleanup.push(() => m.stop());
    const seen: string[] = [];
    m.onStatus((s) => seen.push(s.state));
    await waitFor(m, 'ready');
    fake.setStatus({ state: 'cover-open' });
    m.check();
    await waitFor(m, 'cover-open');
    m.check();
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['ready', 'cover-open']);
  });
});
