import { afterEach, describe, expect, it, vi } from 'vitest';
import { openPtyPair, type PtyPair } from '../../../device-drivers/transports/pty-pair';
import {
  chargedIfDiesAt,
  ConcertTerminalSimulator,
  SIM_DIE_STEPS,
} from '../../../device-drivers/simulators/concert-terminal-simulator';
import { ConcertSerialTerminal } from '../../../device-drivers/payment/concert-serial-terminal';
import { FakePaymentTerminal } from '../../../device-drivers/payment/fake-payment-terminal';
import { parseVietQr } from '../../../device-drivers/payment/vietqr';
import { createMemoryLogger } from '../../../common/logger';
import { InMemoryPaymentLedger, isMaskedPan } from './payment-ledger';
import { ManualNotificationSource } from './payment-notifications';
import { MAX_VIETQR_WAIT_MS, PaymentService, tagOf } from './payment-service';

// The payment service with the real Concert driver, a real PTY and the simulated terminal.
// What a citizen would notice: charged once or not at all, and the kiosk's ledger says
// which — or says "unknown, see staff" rather than guessing.

const FAST = { ackMs: 150, replyMs: 600, interByteMs: 80, eotMs: 150, enqRetries: 2, nakRetries: 3 };

interface Rig {
  pair: PtyPair;
  sim: ConcertTerminalSimulator;
  terminal: ConcertSerialTerminal;
  ledger: InMemoryPaymentLedger;
  service: PaymentService;
  /** A kiosk restart: new driver and service over the same ledger and terminal. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

async function rig(): Promise<Rig> {
  const pair = await openPtyPair();
  const sim = await ConcertTerminalSimulator.start({ path: pair.devicePath, processingMs: 10, ackTimeoutMs: 300, enqRetryMs: 100, enqTries: 10 });
  const ledger = new InMemoryPaymentLedger();
  const make = () => new ConcertSerialTerminal({ path: pair.driverPath, timeouts: FAST });
  const r: Rig = {
    pair, sim, ledger,
    terminal: make(),
    service: undefined as unknown as PaymentService,
    async restart() {
      await r.terminal.close();
      r.service.close();
      r.terminal = make();
      r.service = new PaymentService({ ledger, terminal: r.terminal, lateReplyWindowMs: 700 });
    },
    async close() {
      r.service.close();
      await r.terminal.close();
      await sim.close();
      await pair.close();
    },
  };
  r.service = new PaymentService({ ledger, terminal: r.terminal, lateReplyWindowMs: 700 });
  rigs.push(r);
  return r;
}

const statusOf = (ledger: InMemoryPaymentLedger, dossierId: string) => ledger.forDossier(dossierId).map((p) => p.outcome?.status ?? 'in-flight');

describe('card payment over a real PTY', () => {
  it('approved: recorded once with a masked card; paying the same fee again is refused', async () => {
    const { service, ledger, sim } = await rig();
    const r = await service.payByCard({ dossierId: 'HS-1', amount: 50_000 });
    expect(r.ok).toBe(true);
    expect(statusOf(ledger, 'HS-1')).toEqual(['approved']);
    const rec = ledger.forDossier('HS-1')[0];
    expect(rec?.outcome?.maskedPan).toBe('411111******1111');
    const again = await service.payByCard({ dossierId: 'HS-1', amount: 50_000 });
    expect(again.ok ? null : again.error.code).toBe('already-paid');
    expect(sim.requests).toHaveLength(1);
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('the intent is in the ledger before the terminal sees the request', async () => {
    const { service, ledger, sim } = await rig();
    sim.setNext({ outcome: 'approve', processingMs: 200 });
    const p = service.payByCard({ dossierId: 'HS-2', amount: 10_000 });
    await new Promise((res) => setTimeout(res, 100));
    expect(sim.requests).toHaveLength(1);
    expect(ledger.listUnresolved().map((x) => x.state)).toEqual(['in-flight']);
    expect((await p).ok).toBe(true);
  });

  it('declined, then not completed, then approved: the citizen may retry and is charged once', async () => {
    const { service, ledger, sim } = await rig();
    sim.setNext({ outcome: 'decline' });
    expect(await service.payByCard({ dossierId: 'HS-3', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'declined' } });
    sim.setNext({ outcome: 'not-completed' });
    expect(await service.payByCard({ dossierId: 'HS-3', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect((await service.payByCard({ dossierId: 'HS-3', amount: 10_000 })).ok).toBe(true);
    expect(statusOf(ledger, 'HS-3')).toEqual(['declined', 'cancelled', 'approved']);
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('terminal switched off: nothing sent, recorded as cancelled, retry allowed', async () => {
    const { service, ledger, sim } = await rig();
    sim.die();
    expect(await service.payByCard({ dossierId: 'HS-4', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'terminal-unavailable', cause: 'no-answer' } });
    expect(statusOf(ledger, 'HS-4')).toEqual(['cancelled']);
    sim.revive();
    expect((await service.payByCard({ dossierId: 'HS-4', amount: 10_000 })).ok).toBe(true);
    expect(sim.approvedSales).toHaveLength(1);
  });

  it('garbled reply: unknown, and the same fee is never sent again', async () => {
    const { service, ledger, sim } = await rig();
    sim.setNext({ outcome: 'approve', garbageAt: 'reply' });
    const r = await service.payByCard({ dossierId: 'HS-5', amount: 10_000 });
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown-outcome' } });
    expect(statusOf(ledger, 'HS-5')).toEqual(['unknown']);
    const again = await service.payByCard({ dossierId: 'HS-5', amount: 10_000 });
    expect(again).toMatchObject({ ok: false, error: { code: 'earlier-payment-unresolved' } });
    expect(sim.requests).toHaveLength(1);
    // Staff check the terminal journal and record what they saw; the block lifts.
    const id = ledger.forDossier('HS-5')[0]?.paymentId ?? '';
    expect(service.resolveByStaff(id, 'approved').ok).toBe(true);
    expect(await service.payByCard({ dossierId: 'HS-5', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'already-paid' } });
  });

  it('unplugged mid-sale: unknown outcome, terminal shown disconnected', async () => {
    const r = await rig();
    r.sim.setNext({ outcome: 'approve', processingMs: 300 });
    const p = r.service.payByCard({ dossierId: 'HS-6', amount: 10_000 });
    await new Promise((res) => setTimeout(res, 120));
    await r.pair.close(); // socat gone: the serial device vanishes
    expect(await p).toMatchObject({ ok: false, error: { code: 'unknown-outcome' } });
    expect(statusOf(r.ledger, 'HS-6')).toEqual(['unknown']);
    expect(r.terminal.status()).toBe('disconnected');
    expect(await r.service.payByCard({ dossierId: 'HS-6', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'earlier-payment-unresolved' } });
  });

  it('two taps at once start only one sale', async () => {
    const { service, sim } = await rig();
    const [a, b] = await Promise.all([
      service.payByCard({ dossierId: 'HS-7', amount: 10_000 }),
      service.payByCard({ dossierId: 'HS-7', amount: 10_000 }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(sim.requests).toHaveLength(1);
  });
});

describe('a terminal that stops answering between any two protocol steps', () => {
  it.each(SIM_DIE_STEPS.map((s) => [s]))('dies %s: the ledger tells the truth before and after a restart, and nothing is charged twice', async (step) => {
    const r = await rig();
    r.sim.setNext({ outcome: 'approve', dieAt: step });
    const first = await r.service.payByCard({ dossierId: 'HS-D', amount: 25_000 });
    const charged = () => r.sim.approvedSales.length;
    expect(charged()).toBe(chargedIfDiesAt(step) ? 1 : 0);

    const before = statusOf(r.ledger, 'HS-D');
    if (step === 'after-enq') {
      expect(first).toMatchObject({ ok: false, error: { code: 'terminal-unavailable' } });
      expect(before).toEqual(['cancelled']); // the request never left the kiosk
      expect(r.sim.requests).toHaveLength(0);
    } else if (step === 'before-eot') {
      expect(first.ok).toBe(true);
      expect(before).toEqual(['approved']);
    } else {
      expect(first).toMatchObject({ ok: false, error: { code: 'unknown-outcome' } });
      expect(before).toEqual(['unknown']);
      // A second tap on "pay" must not reach the terminal.
      const again = await r.service.payByCard({ dossierId: 'HS-D', amount: 25_000 });
      expect(again).toMatchObject({ ok: false, error: { code: 'earlier-payment-unresolved' } });
    }

    // The terminal is powered back on and the kiosk restarts.
    await r.restart();
    r.sim.revive();
    const report = await r.service.reconcileOnStartup();
    const after = statusOf(r.ledger, 'HS-D');
    // Truth table: approved ⇔ charged, unless still unknown (then staff are told).
    if (after[0] === 'approved') expect(charged()).toBe(1);
    if (after[0] === 'declined' || after[0] === 'cancelled') expect(charged()).toBe(0);
    if (after[0] === 'unknown') expect(report.needsStaff.map((p) => p.dossierId)).toContain('HS-D');
    // A terminal that charged and kept its reply gives it back: no staff needed.
    if (['after-charge', 'after-reply-enq', 'mid-reply'].includes(step)) expect(after).toEqual(['approved']);
    if (['after-request', 'after-request-ack', 'after-pos-eot'].includes(step)) expect(after).toEqual(['unknown']);

    const requestsBefore = r.sim.requests.length;
    const retry = await r.service.payByCard({ dossierId: 'HS-D', amount: 25_000 });
    if (step === 'after-enq') expect(retry.ok).toBe(true); // nothing was charged the first time
    else {
      expect(retry.ok).toBe(false);
      expect(r.sim.requests.length).toBe(requestsBefore);
    }
    expect(charged()).toBeLessThanOrEqual(1);
  });
});

describe('reconcile after a crash', () => {
  it('a sale left in flight by a crash is asked about, then recorded from the terminal', async () => {
    const r = await rig();
    // What a crashed kiosk leaves behind: the intent, no outcome, a terminal holding the reply.
    const paymentId = '0193a000-0000-7000-8000-00000000c0de';
    r.ledger.recordIntent({ paymentId, dossierId: 'HS-C', method: 'card', amount: 30_000, createdAt: new Date() });
    r.sim.setNext({ outcome: 'approve', dieAt: 'after-charge' });
    await r.terminal.sale({ amount: 30_000, tag: tagOf(paymentId) });
    await r.restart();
    r.sim.revive();
    const report = await r.service.reconcileOnStartup();
    expect(report.resolved).toEqual([{ paymentId, status: 'approved' }]);
    expect(report.needsStaff).toEqual([]);
    expect(r.ledger.get(paymentId)?.outcome).toMatchObject({ status: 'approved', maskedPan: '411111******1111' });
  });

  it('with no reply to collect, the in-flight sale becomes unknown for staff — never re-sent', async () => {
    const r = await rig();
    r.ledger.recordIntent({ paymentId: 'p-lost', dossierId: 'HS-L', method: 'card', amount: 30_000, createdAt: new Date() });
    const report = await r.service.reconcileOnStartup();
    expect(report.needsStaff).toMatchObject([{ paymentId: 'p-lost', state: 'unknown' }]);
    expect(r.sim.requests).toHaveLength(0);
  });

  it('a late reply for someone else is not pinned on this payment', async () => {
    const r = await rig();
    r.ledger.recordIntent({ paymentId: 'p-mine', dossierId: 'HS-M', method: 'card', amount: 30_000, createdAt: new Date() });
    r.sim.setNext({ outcome: 'approve', dieAt: 'after-charge' });
    await r.terminal.sale({ amount: 30_000, tag: 'OTHERTAG01' });
    await r.restart();
    r.sim.revive();
    const report = await r.service.reconcileOnStartup();
    expect(report.resolved).toEqual([]);
    expect(statusOf(r.ledger, 'HS-M')).toEqual(['unknown']);
  });
});

describe('masked PAN only', () => {
  it('the ledger refuses a full card number; the service drops it and logs no digits', async () => {
    const ledger = new InMemoryPaymentLedger();
    ledger.recordIntent({ paymentId: 'p', dossierId: 'd', method: 'card', amount: 1, createdAt: new Date() });
    expect(ledger.recordOutcome('p', { status: 'approved', maskedPan: '4111111111111111' })).toMatchObject({ ok: false, error: { code: 'unmasked-pan' } });
    expect(isMaskedPan('411111******1111')).toBe(true);
    expect(isMaskedPan('41111*******1111')).toBe(true);
    expect(isMaskedPan('4111111*****1111')).toBe(false);

    const terminal = new FakePaymentTerminal();
    // A terminal (or driver bug) handing back an unmasked number.
    terminal.sale = async (req) => ({ ok: true, value: { amount: req.amount, tag: req.tag, maskedPan: '4111111111111111', completedAt: new Date() } });
    const logger = createMemoryLogger();
    const service = new PaymentService({ ledger, terminal, logger });
    const r = await service.payByCard({ dossierId: 'd2', amount: 5_000 });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.maskedPan).toBeUndefined();
    const rec = ledger.forDossier('d2')[0];
    expect(rec?.outcome?.status).toBe('approved');
    expect(rec?.outcome?.maskedPan).toBeUndefined();
    expect(logger.lines.join('\n')).not.toContain('4111111111111111');
  });
});

describe('VietQR', () => {
  const vietQr = { enabled: true, bankBin: '970415', accountNumber: '113366668888', accountName: 'TRUNG TAM PVHCC HA NOI', confirmTimeoutSeconds: 300 };

  function qrService() {
    const ledger = new InMemoryPaymentLedger();
    const notifications = new ManualNotificationSource();
    const terminal = new FakePaymentTerminal();
    const service = new PaymentService({ ledger, terminal, notifications, vietQr });
    return { ledger, notifications, terminal, service };
  }

  it('shows a dynamic QR with the fee and dossier reference; the bank notification approves it', async () => {
    const { ledger, notifications, service } = qrService();
    const q = service.startVietQr('HS2611230001', 7_000);
    expect(q.ok).toBe(true);
    if (!q.ok) return;
    const parsed = parseVietQr(q.value.payload);
    expect(parsed.ok && parsed.value).toMatchObject({ initiation: 'dynamic', amount: 7_000, billNumber: 'HS2611230001', bankBin: '970415', service: 'QRIBFTTA' });
    const waiting = service.awaitVietQr(q.value.paymentId, 1_000);
    notifications.notify({ reference: 'HS2611230001', amount: 7_000, bankRef: 'FT2632700001', paidAt: new Date(), source: 'bank' });
    expect(await waiting).toMatchObject({ ok: true, value: { method: 'vietqr', amount: 7_000, terminalRef: 'FT2632700001' } });
    expect(statusOf(ledger, 'HS2611230001')).toEqual(['approved']);
    expect(service.startVietQr('HS2611230001', 7_000)).toMatchObject({ ok: false, error: { code: 'already-paid' } });
  });

  it('no notification in time: unknown (the citizen may have paid); a late one still records it; card is refused meanwhile', async () => {
    const { ledger, notifications, service, terminal } = qrService();
    const q = service.startVietQr('HS-Q2', 10_000);
    if (!q.ok) throw new Error('start failed');
    expect(await service.awaitVietQr(q.value.paymentId, 50)).toMatchObject({ ok: false, error: { code: 'vietqr-timeout' } });
    expect(statusOf(ledger, 'HS-Q2')).toEqual(['unknown']);
    expect(await service.payByCard({ dossierId: 'HS-Q2', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'earlier-payment-unresolved' } });
    expect(terminal.calls).toHaveLength(0);
    // Staff confirm from the account statement (the same port the bank uses).
    notifications.notify({ reference: 'HS-Q2', amount: 10_000, paidAt: new Date(), source: 'staff' });
    expect(statusOf(ledger, 'HS-Q2')).toEqual(['approved']);
  });

  it('a QR shown before a kiosk restart is still confirmed by a bank notification after it', async () => {
    const { ledger, notifications, service, terminal } = qrService();
    const q = service.startVietQr('HS-Q6', 12_000);
    if (!q.ok) throw new Error('start failed');
    service.close(); // the kiosk went down while the citizen was paying
    const restarted = new PaymentService({ ledger, terminal, notifications, vietQr, lateReplyWindowMs: 10 });
    const report = await restarted.reconcileOnStartup();
    expect(report.needsStaff).toMatchObject([{ paymentId: q.value.paymentId, method: 'vietqr', state: 'unknown', reference: 'HS-Q6' }]);
    notifications.notify({ reference: 'HS-Q6', amount: 12_000, bankRef: 'FT1', paidAt: new Date(), source: 'bank' });
    expect(statusOf(ledger, 'HS-Q6')).toEqual(['approved']);
    expect(terminal.calls).toHaveLength(0);
    restarted.close();
  });

  it("waits until the QR's own deadline, which the citizen can extend (up to a limit); cancelling still welcomes a late transfer", async () => {
    vi.useFakeTimers({ now: new Date('2026-12-05T08:00:00Z') });
    try {
      const { ledger, notifications, service } = qrService();
      const q = service.startVietQr('HS-Q7', 8_000);
      if (!q.ok) throw new Error('start failed');
      expect(q.value.expiresAt.toISOString()).toBe('2026-12-05T08:05:00.000Z'); // confirmTimeoutSeconds: 300
      let result: unknown;
      void service.awaitVietQr(q.value.paymentId).then((r) => (result = r));
      await vi.advanceTimersByTimeAsync(299_000);
      expect(result).toBeUndefined();
      const extended = service.extendVietQr(q.value.paymentId, 120_000);
      expect(extended).toMatchObject({ ok: true, value: { expiresAt: new Date('2026-12-05T08:07:00Z') } });
      await vi.advanceTimersByTimeAsync(100_000); // past the first deadline: still waiting
      expect(result).toBeUndefined();
      notifications.notify({ reference: 'HS-Q7', amount: 8_000, paidAt: new Date(), source: 'bank' });
      await vi.advanceTimersByTimeAsync(0);
      expect(result).toMatchObject({ ok: true, value: { amount: 8_000 } });

      const long = service.startVietQr('HS-Q8', 8_000);
      if (!long.ok) throw new Error('start failed');
      let last = long.value.expiresAt.getTime();
      for (;;) {
        const r = service.extendVietQr(long.value.paymentId, 120_000);
        if (!r.ok) {
          expect(r.error).toMatchObject({ code: 'vietqr-wait-limit' });
          break;
        }
        last = r.value.expiresAt.getTime();
      }
      expect(last - Date.now()).toBe(MAX_VIETQR_WAIT_MS);

      const gaveUp = service.awaitVietQr(long.value.paymentId);
      expect(service.cancelVietQr(long.value.paymentId)).toBe(true);
      expect(await gaveUp).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(statusOf(ledger, 'HS-Q8')).toEqual(['unknown']);
      // The citizen had sent it after all: recorded, never lost.
      notifications.notify({ reference: 'HS-Q8', amount: 8_000, paidAt: new Date(), source: 'bank' });
      expect(statusOf(ledger, 'HS-Q8')).toEqual(['approved']);
      service.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a transfer of the wrong amount is not taken as payment', async () => {
    const { ledger, notifications, service } = qrService();
    const q = service.startVietQr('HS-Q3', 10_000);
    if (!q.ok) throw new Error('start failed');
    const waiting = service.awaitVietQr(q.value.paymentId, 1_000);
    notifications.notify({ reference: 'HS-Q3', amount: 1_000, paidAt: new Date(), source: 'bank' });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'vietqr-amount-mismatch', received: 1_000 } });
    expect(statusOf(ledger, 'HS-Q3')).toEqual(['unknown']);
  });

  it('a declined card leaves VietQR open; VietQR off or a reference a bank app cannot carry is refused', async () => {
    const { service, terminal } = qrService();
    terminal.script({ code: 'declined', detail: 'x' });
    expect(await service.payByCard({ dossierId: 'HS-Q4', amount: 10_000 })).toMatchObject({ ok: false, error: { code: 'declined' } });
    expect(service.startVietQr('HS-Q4', 10_000).ok).toBe(true);
    expect(service.startVietQr('Hồ sơ 5', 10_000)).toMatchObject({ ok: false, error: { code: 'invalid-reference' } });
    const off = new PaymentService({ ledger: new InMemoryPaymentLedger(), terminal, notifications: new ManualNotificationSource(), vietQr: { ...vietQr, enabled: false } });
    expect(off.startVietQr('HS-Q5', 10_000)).toMatchObject({ ok: false, error: { code: 'vietqr-disabled' } });
  });
});
