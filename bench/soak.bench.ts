import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { systemClock } from '../common/clock';
import { silentLogger } from '../common/logger';
import { appRouter } from '../kiosk-app/api/router';
import { createCallerFactory, inProcessContext } from '../kiosk-app/api/trpc';
import { parseConfig } from '../kiosk-app/core/config/config-loader';
import { startKiosk } from '../kiosk-app/core/start-kiosk';
import { mustSucceed, printTable } from './bench-stats';

// `npm run bench -- soak`: citizen sessions back to back through the api (search, a journey
// with a scan, submit, the receipt, a rating), as a kiosk left running for weeks sees them.
// Every 100 sessions: RSS, heap after a full GC, and open file descriptors. Goal: RSS growth
// ≤ 10 % after warm-up (the first 100), no descriptor growth. SOAK_SESSIONS bounds the run.

const SESSIONS = Number(process.env['SOAK_SESSIONS'] ?? 1000);
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-soak-'));
const config = parseConfig({ storage: { dataDir }, devices: { a4Printer: { kind: 'file', outDir: join(dataDir, 'a4') } } }, process.cwd(), { demo: true });
if (!config.ok) throw new Error(config.error.message);
const kiosk = await startKiosk({ config: config.value, clock: systemClock, logger: silentLogger });
if (!kiosk.ok) throw new Error(`${kiosk.error.component}: ${kiosk.error.message}`);
const api = createCallerFactory(appRouter)(inProcessContext(kiosk.value.core, 'bench'));

const answers = { childName: 'Nguyễn Văn C', childDateOfBirth: '2026-11-01', childSex: 'Nam', birthPlace: 'Bệnh viện Phụ sản Hà Nội', motherName: 'Trần Thị B', relation: 'cha', phone: '0912345678' };
const searches = ['khai sinh', 'chung thuc ban sao', 'dang ky ket hon', 'giay phep lai xe', 'ho khau'];
const notice = await api.journey.notice();

async function citizen(i: number): Promise<void> {
  await api.catalog.search({ query: searches[i % searches.length]!, limit: 10 });
  const started = await api.journey.startSession({ lang: 'vi' });
  if (!started.ok) throw new Error(`session ${i}: ${JSON.stringify(started)}`);
  const { sessionId } = started.value;
  try {
    mustSucceed(await api.journey.consent({ sessionId, noticeVersion: notice.version }), `consent ${i}`);
    const who = await api.journey.identityTyped({ sessionId, idNumber: `0010901${String(i).padStart(5, '0')}`, fullName: 'Nguyễn Văn An', dateOfBirth: '1990-01-01', sex: 'male', address: 'Số 1 phố Láng Hạ, Hà Nội' });
    if (!who.ok) throw new Error(`identity ${i}: ${JSON.stringify(who)}`);
    const scanned = await api.journey.scanPaper({ sessionId, paperId: 'giay-chung-sinh' });
    if (!scanned.ok) throw new Error(`scan ${i}: ${JSON.stringify(scanned)}`);
    const submitted = await api.journey.submit({ sessionId, procedureCode: '1.001193', answers });
    if (!submitted.ok) throw new Error(`submit ${i}: ${JSON.stringify(submitted)}`);
    const printed = await api.journey.printReceipt({ sessionId, dossierId: submitted.value.dossierId });
    if (!printed.ok) throw new Error(`print ${i}: ${JSON.stringify(printed)}`);
    mustSucceed(await api.journey.rate({ score: 1 + (i % 5), reasons: [], procedureCode: '1.001193' }), `rate ${i}`);
  } finally {
    await api.journey.endSession({ sessionId });
  }
}

const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
const fds = () => readdirSync('/proc/self/fd').length;
const rows: Array<Record<string, string | number>> = [];
const samples: Array<{ rss: number; heap: number; fds: number }> = [];
const t0 = performance.now();
for (let i = 1; i <= SESSIONS; i++) {
  await citizen(i);
  if (i % 100 === 0 || i === SESSIONS) {
    gc();
    const m = process.memoryUsage();
    const s = { rss: m.rss, heap: m.heapUsed, fds: fds() };
    samples.push(s);
    rows.push({ sessions: i, 'RSS MB': mb(s.rss), 'heap MB': mb(s.heap), 'open fds': s.fds, 'ms/session': ((performance.now() - t0) / i).toFixed(0) });
  }
}
printTable(`Soak: ${SESSIONS} citizen sessions through the api (in-process core, simulators, embedded city sandbox)`, rows);
const warm = samples[0]!;
const last = samples.at(-1)!;
console.log(`\nAfter warm-up (first 100): RSS ${mb(warm.rss)} → ${mb(last.rss)} MB (${(((last.rss - warm.rss) / warm.rss) * 100).toFixed(1)} %; goal ≤ 10 %), heap ${mb(warm.heap)} → ${mb(last.heap)} MB, fds ${warm.fds} → ${last.fds} (goal: no growth)`);
await kiosk.value.close();
