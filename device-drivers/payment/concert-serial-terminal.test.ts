import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../transports/pty-pair';
import fc from 'fast-check';
import { ConcertTerminalSimulator, SIM_DIE_STEPS, type SimScript } from '../simulators/concert-terminal-simulator';
import { ConcertSerialTerminal } from './concert-serial-terminal';
import { createPaymentTerminal } from './create-payment-terminal';
import { runTerminalDiag } from './payment-diag';

// The real driver against the simulator over a real PTY (socat): the bytes on the wire are
// exactly those a Telium terminal would see.

const FAST = { ackMs: 150, replyMs: 600, interByteMs: 80, eotMs: 150, enqRetries: 2, nakRetries: 3 };

describe('ConcertSerialTerminal over a PTY', () => {
  let pair: PtyPair;
  let sim: ConcertTerminalSimulator;
  let term: ConcertSerialTerminal;

  beforeEach(async () => {
    pair = await openPtyPair();
    sim = await ConcertTerminalSimulator.start({ path: pair.devicePath, processingMs: 20, ackTimeoutMs: 300, enqRetryMs: 100 });
    term = new ConcertSerialTerminal({ path: pair.driverPath, posNumber: 1, timeouts: FAST }, { errorHoldMs: 50 });
  });
  afterEach(async () => {
    await term.close();
    await sim.close();
    await pair.close();
  });

  it('approves a sale; only the masked card number comes back', async () => {
    const r = await term.sale({ amount: 50_000, tag: 'T000000001' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.amount).toBe(50_000);
    expect(r.value.maskedPan).toBe('411111******1111');
    expect(JSON.stringify(r.value)).not.toContain('4111111111111111');
    expect(sim.approvedSales).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ amount: 50_000, mode: '0', currency: '704', privateData: 'T000000001' });
    expect(term.status()).toBe('ready');
  });

  it('reports a decline, and a cardholder who never finished, with nothing charged', async () => {
    sim.setNext({ outcome: 'decline' });
    const d = await term.sale({ amount: 10_000, tag: 'T2' });
    expect(d.ok ? null : d.error.code).toBe('declined');
    sim.setNext({ outcome: 'not-completed' });
    const t = await term.sale({ amount: 10_000, tag: 'T3' });
    expect(t.ok ? null : t.error.code).toBe('timeout');
    expect(sim.approvedSales).toHaveLength(0);
  });

  it('refunds with mode 2', async () => {
    const r = await term.refund({ amount: 20_000, tag: 'R1' });
    expect(r.ok).toBe(true);
    expect(sim.requests.at(-1)?.mode).toBe('2');
    expect(sim.approvedSales).toHaveLength(0);
  });

  it('recovers from NAKed requests and corrupted replies by resending', async () => {
    sim.setNext({ outcome: 'approve', nakRequests: 2, corruptReplies: 2 });
    const r = await term.sale({ amount: 30_000, tag: 'N1' });
    expect(r.ok).toBe(true);
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('says not-responding when nobody ACKs the ENQ, and nothing was sent', async () => {
    sim.die();
    const r = await term.sale({ amount: 10_000, tag: 'X' });
    expect(r.ok ? null : r.error.code).toBe('no-answer');
    expect(term.status()).toBe('not-responding');
    expect(sim.requests).toHaveLength(0);
  });

  it('recovers from one garbled ACK by re-sending ENQ', async () => {
    sim.setNext({ outcome: 'approve', garbageAt: 'enq' });
    expect((await term.sale({ amount: 10_000, tag: 'G0' })).ok).toBe(true);
  });

  it('calls junk in answer to every ENQ a protocol error before any request is sent', async () => {
    sim.setDefault({ outcome: 'approve', garbageAt: 'enq' });
    const r = await term.sale({ amount: 10_000, tag: 'G' });
    expect(r.ok ? null : r.error.code).toBe('protocol');
    expect(sim.requests).toHaveLength(0);
    expect(term.status()).toBe('error');
    await new Promise((res) => setTimeout(res, 80));
    expect(term.status()).toBe('ready'); // the lifecycle's error hold (injected) has passed
  });

  it('calls a garbled reply an unknown outcome (the card was charged)', async () => {
    sim.setNext({ outcome: 'approve', garbageAt: 'reply' });
    const r = await term.sale({ amount: 10_000, tag: 'G2' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'unknown-outcome', step: 'reply-frame' });
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('cancel() works before the request is accepted, not after', async () => {
    sim.die();
    const p = term.sale({ amount: 10_000, tag: 'C' });
    await new Promise((res) => setTimeout(res, 30));
    expect(term.cancel()).toBe(true);
    const r = await p;
    expect(r.ok ? null : r.error.code).toBe('cancelled');
    sim.revive();
    sim.setNext({ outcome: 'approve', processingMs: 150 });
    const p2 = term.sale({ amount: 10_000, tag: 'C2' });
    await new Promise((res) => setTimeout(res, 60));
    expect(term.cancel()).toBe(false);
    expect((await p2).ok).toBe(true);
  });

  it('test() moves no money and reports the ENQ latency', async () => {
    const r = await term.test();
    expect(r.ok).toBe(true);
    expect(sim.requests).toHaveLength(0);
    // The driver holds the port with a lock; a diagnostic needs it free (kiosk stopped).
    const held = await runTerminalDiag('status', { path: pair.driverPath });
    expect(held).toMatchObject({ ok: false, status: 'disconnected' });
    await term.close();
    const diag = await runTerminalDiag('test', { path: pair.driverPath, timeouts: FAST });
    expect(diag.ok).toBe(true);
    expect(diag.lines.join('\n')).toMatch(/ENQ acknowledged/);
  });

  it('collects a reply the terminal still holds after it comes back', async () => {
    sim.setNext({ outcome: 'approve', dieAt: 'after-charge' });
    const r = await term.sale({ amount: 40_000, tag: 'LATE1' });
    expect(r.ok ? null : r.error.code).toBe('unknown-outcome');
    sim.revive();
    const late = await term.collectLateReply(1500);
    expect(late.ok && late.value).toMatchObject({ status: 'approved', amount: 40_000, tag: 'LATE1', maskedPan: '411111******1111' });
  });
});

describe('diagnostics and factory', () => {
  it('reports a missing port as disconnected', async () => {
    const diag = await runTerminalDiag('status', { path: '/nonexistent/ttyUSB9' });
    expect(diag).toMatchObject({ ok: false, status: 'disconnected' });
  });

  it('simulator mode runs the real driver over a PTY', async () => {
    const { terminal, simulator } = await createPaymentTerminal({ kind: 'simulator', processingMs: 10, timeouts: FAST });
    try {
      const r = await terminal.sale({ amount: 15_000, tag: 'DEMO' });
      expect(r.ok).toBe(true);
      expect(terminal.kind).toBe('simulator');
      expect(simulator?.approvedSales).toHaveLength(1);
    } finally {
      await terminal.close();
    }
  });

  it('diagnoses the simulator configuration end to end', async () => {
    const diag = await runTerminalDiag('test', { config: { kind: 'simulator', timeouts: FAST } });
    expect(diag).toMatchObject({ ok: true, status: 'ready' });
    expect(diag.device).toMatch(/simulator/);
    expect((await runTerminalDiag('test', { config: { kind: 'none' } })).status).toBe('disabled');
    expect((await runTerminalDiag('test', { config: { kind: 'bogus' } })).ok).toBe(false);
  });

  it('rejects a bad config', async () => {
    await expect(createPaymentTerminal({ kind: 'concert-serial' })).rejects.toThrow();
  });
});

describe('any terminal behaviour (property, over a real PTY)', () => {
  it('never throws, never reports a charge that did not happen, never hides one', async () => {
    const script = fc.record({
      outcome: fc.constantFrom('approve', 'decline', 'not-completed', 'no-reply'),
      dieAt: fc.option(fc.constantFrom(...SIM_DIE_STEPS), { nil: undefined }),
      garbageAt: fc.option(fc.constantFrom('enq', 'reply'), { nil: undefined }),
      nakRequests: fc.nat(4),
      corruptReplies: fc.nat(4),
      noise: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(script, async (s) => {
        const pair = await openPtyPair();
        const sim = await ConcertTerminalSimulator.start({ path: pair.devicePath, processingMs: 5, ackTimeoutMs: 200, enqRetryMs: 60 });
        const term = new ConcertSerialTerminal({ path: pair.driverPath, timeouts: FAST });
        try {
          const clean = Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as SimScript;
          sim.setDefault(clean);
          const r = await term.sale({ amount: 10_000, tag: 'PROP' });
          const charged = sim.approvedSales.length;
          expect(charged).toBeLessThanOrEqual(1);
          if (r.ok) expect(charged).toBe(1);
          else if (r.error.code !== 'unknown-outcome') expect(charged).toBe(0);
          expect(['ready', 'busy', 'disconnected', 'not-responding', 'error']).toContain(term.status());
        } finally {
          await term.close();
          await sim.close();
          await pair.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
