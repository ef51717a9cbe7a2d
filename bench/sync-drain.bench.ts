// Drains a backlog of dossiers (3 scans each) through a throttled loopback link and reports the
// useful throughput as a fraction of the link's capacity. Prints figures; asserts nothing.
//   npx tsx bench/sync-drain.bench.ts
//   BENCH_SCALE=1 for the full 500 dossiers / 1,500 scans (default 0.1 = 50 / 150, ~40 s at 10 Mbit/s)
//   BENCH_MBIT=10  BENCH_SCAN_KB=300
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKioskStore } from '../offline-sync/store/store';
import { Outbox } from '../offline-sync/outbox/outbox';
import { SyncWorker } from '../offline-sync/sync/worker';
import { startCitySandbox } from '../offline-sync/city-sandbox/server';
import { startThrottleProxy } from '../offline-sync/test-support/throttle-proxy';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const MBIT = Number(process.env.BENCH_MBIT ?? 10);
const SCAN = Number(process.env.BENCH_SCAN_KB ?? 300) * 1024;
const DOSSIERS = Math.max(1, Math.round(500 * SCALE));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-drain-'));
const sb = await startCitySandbox({ dataDir: path.join(dir, 'city'), devices: [{ id: 'bench', token: 'bench-token-123456' }], supplementFraction: 0 });
const proxy = await startThrottleProxy({ host: '127.0.0.1', port: sb.port }, MBIT * 1_000_000);
const store = openKioskStore({ dataDir: path.join(dir, 'kiosk') });
if (!store.ok) throw new Error(store.error.message);
const outbox = new Outbox(store.value);
let payload = 0;
for (let i = 0; i < DOSSIERS; i++) {
  const attachments = [0, 1, 2].map(() => ({ bytes: crypto.randomBytes(SCAN), mediaType: 'image/jpeg', pages: 1, documentType: 'scan' }));
  payload += 3 * SCAN;
  const r = outbox.submitDossier({
    procedureCode: '1.001193', channel: 'bus',
    applicant: { idNumber: '001099012345', fullName: 'Nguyễn Văn Bench', dateOfBirth: '1990-01-01', sex: 'male', address: 'Ba Vì, Hà Nội' },
    form: { i }, attachments, fee: { amount: 0 },
  });
  if (!r.ok) throw new Error(r.error.message);
}
console.log(`backlog: ${DOSSIERS} dossiers, ${DOSSIERS * 3} scans of ${SCAN / 1024} KB = ${(payload / 1e6).toFixed(1)} MB; link ${MBIT} Mbit/s each way (scale ${SCALE})`);
const worker = new SyncWorker({ outbox, baseUrl: proxy.url, deviceId: 'bench', deviceToken: 'bench-token-123456', backoffBaseMs: 200, backoffCapMs: 2000 });
const t0 = performance.now();
worker.start();
await new Promise<void>((resolve) => {
  const t = setInterval(() => {
    if (outbox.stats().pending === 0) {
      clearInterval(t);
      resolve();
    }
  }, 50);
});
const seconds = (performance.now() - t0) / 1000;
await worker.stop();
const capacity = (MBIT * 1_000_000 * seconds) / 8;
console.log(`drained in ${seconds.toFixed(1)} s: ${((payload * 8) / seconds / 1e6).toFixed(2)} Mbit/s of scans = ${((payload / capacity) * 100).toFixed(1)}% of link capacity`);
console.log(`bytes on the uplink ${(proxy.up.bytes / 1e6).toFixed(2)} MB (protocol overhead ${(((proxy.up.bytes - payload) / payload) * 100).toFixed(2)}%), downlink ${(proxy.down.bytes / 1e3).toFixed(1)} kB`);
console.log(`city side: ${(sb.db.prepare('SELECT COUNT(*) AS n FROM dossiers').get() as { n: number }).n} dossiers, requests ${sb.stats().requests}`);
await proxy.close();
await sb.close();
store.value.close();
fs.rmSync(dir, { recursive: true, force: true });
