import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../common/clock';
import { silentLogger } from '../common/logger';
import { parseConfig } from '../kiosk-app/core/config/config-loader';
import { startKiosk } from '../kiosk-app/core/start-kiosk';
import { fmtMs, mustSucceed, printTable, summarize } from './bench-stats';

// The citizen journey, measured: time from "submit" (the dossier made durable in the outbox)
// to the receipt printed by the simulated ESC/POS printer over its real TCP driver — that
// includes waiting (at most 3 s) for the city's receipt code from the embedded sandbox — for
// a free procedure and for one paid by card. Then the taps and screens per journey as the
// end-to-end suite counted them in its last run (a citizen's taps, which only a browser can count).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 8);
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-journey-'));
const config = parseConfig({ storage: { dataDir }, devices: { a4Printer: { kind: 'file', outDir: join(dataDir, 'a4') } } }, process.cwd(), { demo: true });
if (!config.ok) throw new Error(config.error.message);
const kiosk = await startKiosk({ config: config.value, clock: systemClock, logger: silentLogger });
if (!kiosk.ok) throw new Error(`${kiosk.error.component}: ${kiosk.error.message}`);
const { journey, demo } = kiosk.value.core;
if (!journey) throw new Error('no journey service');
if (!demo) throw new Error('no demo controls');
// Every scan reads the sample form, laid once on the simulated glass.
mustSucceed(demo.layOnGlass('to-khai-khai-sinh'), 'lay on glass');

const person = { idNumber: '001090123456', fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-01', sex: 'male' as const, address: 'Số 1 phố Láng Hạ, Hà Nội' };
const cases: Array<{ name: string; code: string; paper: string; pay: boolean; answers: Record<string, string> }> = [
  { name: '1.001193 birth registration (free)', code: '1.001193', paper: 'giay-chung-sinh', pay: false, answers: { childName: 'Nguyễn Văn C', childDateOfBirth: '2026-11-01', childSex: 'Nam', birthPlace: 'Bệnh viện Phụ sản Hà Nội', motherName: 'Trần Thị B', relation: 'cha', phone: '0912345678' } },
  { name: '2.000884 signature (10.000 đ by card)', code: '2.000884', paper: 'giay-can-ky', pay: true, answers: { documentName: 'Hợp đồng thuê nhà', phone: '0912345678' } },
];

const rows: Array<Record<string, string>> = [];
for (const c of cases) {
  const total: number[] = [];
  const durable: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = journey.startSession('vi');
    if (!started.ok) throw new Error(`start: ${started.error.code}`);
    const { sessionId } = started.value;
    mustSucceed(journey.giveConsent(sessionId, 'bench'), 'consent');
    mustSucceed(journey.typedIdentity(sessionId, person), 'identity');
    const scanned = await journey.scanPaper(sessionId, c.paper);
    if (!scanned.ok) throw new Error(`scan: ${JSON.stringify(scanned.error)}`);
    if (c.pay) {
      const paid = await journey.payByCard(sessionId, c.code, c.answers);
      if (!paid.ok || !paid.value.ok) throw new Error(`pay: ${JSON.stringify(paid)}`);
    }
    const t0 = performance.now();
    const submitted = journey.submit(sessionId, c.code, c.answers);
    const t1 = performance.now();
    if (!submitted.ok) throw new Error(`submit: ${JSON.stringify(submitted.error)}`);
    const printed = await journey.printReceipt(sessionId, submitted.value.dossierId);
    const t2 = performance.now();
    if (!printed.ok) throw new Error(`print: ${JSON.stringify(printed.error)}`);
    durable.push(t1 - t0);
    total.push(t2 - t0);
    journey.endSession(sessionId);
  }
  const d = summarize(durable);
  const s = summarize(total);
  rows.push({ journey: c.name, n: String(ROUNDS), 'durable p50': fmtMs(d.p50), 'printed p50': fmtMs(s.p50), 'printed p95': fmtMs(s.p95) });
}
printTable('Submit → receipt printed (in-process core, simulators, embedded city sandbox)', rows);
await kiosk.value.close();

const taps = join(ROOT, 'artifacts', 'e2e', 'journey-taps.txt');
console.log('\n## Taps and screens per journey (counted by tests/e2e/journey.e2e.ts in its last run)');
console.log(existsSync(taps) ? readFileSync(taps, 'utf8').trimEnd() : '(no end-to-end run on this checkout yet: run npm run test:e2e)');
