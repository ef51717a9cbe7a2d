/**
 * Card terminal and VietQR benchmark.
 *  1. A Concert sale round trip (ENQ … EOT, both directions) through the real driver to the
 *     simulator over a socat PTY, with the simulated cardholder taking 0 ms: the protocol and
 *     transport overhead the kiosk adds to every card payment.
 *  2. What the same bytes would take on a real 9600 baud 8N1 line (a PTY ignores the baud rate).
 *  3. VietQR encode and parse throughput.
 *   npx tsx bench/payment-terminal.bench.ts [sales]
 */
import { ConcertSerialTerminal } from '../device-drivers/payment/concert-serial-terminal';
import { encodeVietQr, parseVietQr } from '../device-drivers/payment/vietqr';
import { ConcertTerminalSimulator } from '../device-drivers/simulators/concert-terminal-simulator';
import { openPtyPair } from '../device-drivers/transports/pty-pair';
import { fmtMs, mustSucceed, printTable, summarize } from './bench-stats';

const sales = Number(process.argv[2] ?? 200);

async function terminalRoundTrip(): Promise<void> {
  const pair = await openPtyPair();
  const sim = await ConcertTerminalSimulator.start({ path: pair.devicePath, processingMs: 0 });
  const term = new ConcertSerialTerminal({ path: pair.driverPath, timeouts: { ackMs: 1_000, replyMs: 5_000 } });
  const times: number[] = [];
  const testTimes: number[] = [];
  try {
    mustSucceed(await term.sale({ amount: 1_000, tag: 'WARMUP' }), 'warm-up sale');
    for (let i = 0; i < sales; i++) {
      const t = performance.now();
      const r = await term.sale({ amount: 50_000, tag: `B${i}` });
      times.push(performance.now() - t);
      if (!r.ok) throw new Error(`sale ${i} failed: ${r.error.code}`);
    }
    for (let i = 0; i < 50; i++) {
      const r = await term.test();
      if (r.ok) testTimes.push(r.value.latencyMs);
    }
  } finally {
    await term.close();
    await sim.close();
    await pair.close();
  }
  const s = summarize(times);
  const t = summarize(testTimes);
  // Bytes of one sale: ENQ ACK + 37-byte request + ACK EOT + ENQ ACK + 83-byte reply + ACK EOT.
  const wireBytes = 2 + 37 + 2 + 2 + 83 + 2;
  printTable('Concert sale over a PTY (driver ↔ simulator, cardholder time 0)', [
    { what: 'sale round trip', n: s.n, median: fmtMs(s.p50), p95: fmtMs(s.p95), p99: fmtMs(s.p99) },
    { what: 'test() ENQ→ACK', n: t.n, median: fmtMs(t.p50), p95: fmtMs(t.p95), p99: fmtMs(t.p99) },
    { what: `same ${wireBytes} bytes at 9600 8N1 (computed)`, n: '-', median: fmtMs((wireBytes * 10 * 1000) / 9600), p95: '-', p99: '-' },
  ]);
  console.log(`simulator approved ${sim.approvedSales.length} sales (expected ${sales + 1})`);
}

function vietQrThroughput(): void {
  const n = 50_000;
  const inputs = Array.from({ length: 100 }, (_, i) => ({
    bankBin: '970415',
    accountNumber: '113366668888',
    service: 'QRIBFTTA' as const,
    amount: 2_000 + i * 1_000,
    reference: `HS26112300${String(i).padStart(2, '0')}`,
    purpose: `HS26112300${String(i).padStart(2, '0')}`,
  }));
  const texts = inputs.map(encodeVietQr);
  let t = performance.now();
  for (let i = 0; i < n; i++) encodeVietQr(inputs[i % inputs.length]!);
  const encMs = performance.now() - t;
  t = performance.now();
  let okCount = 0;
  for (let i = 0; i < n; i++) if (parseVietQr(texts[i % texts.length]!).ok) okCount++;
  const parseMs = performance.now() - t;
  printTable('VietQR (one core)', [
    { op: 'encode', n, 'per op': fmtMs(encMs / n), 'per second': Math.round((n / encMs) * 1000).toLocaleString('en') },
    { op: 'parse + CRC check', n, 'per op': fmtMs(parseMs / n), 'per second': Math.round((n / parseMs) * 1000).toLocaleString('en') },
  ]);
  if (okCount !== n) throw new Error('a generated VietQR failed to parse');
}

await terminalRoundTrip();
vietQrThroughput();
