// Bytes re-sent when the link is cut 10 times during a drain: the same backlog is drained once
// over a clean throttled link and once with every connection cut 10 times; the difference in
// uplink bytes is what the cuts cost. Prints figures; asserts nothing.
//   npx tsx bench/sync-cuts.bench.ts      (BENCH_DOSSIERS=20, BENCH_MBIT=10, BENCH_SCAN_KB=300, BENCH_CUTS=10)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKioskStore } from '../offline-sync/store/store';
import { Outbox } from '../offline-sync/outbox/outbox';
import { SyncWorker } from '../offline-sync/sync/worker';
import { startCitySandbox } from '../offline-sync/city-sandbox/server';
import { startThrottleProxy } from '../offline-sync/test-support/throttle-proxy';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 20);
const MBIT = Number(process.env.BENCH_MBIT ?? 10);
const SCAN = Number(process.env.BENCH_SCAN_KB ?? 300) * 1024;
const CUTS = Number(process.env.BENCH_CUTS ?? 10);
const scans = Array.from({ length: DOSSIERS * 3 }, () => crypto.randomBytes(SCAN));
const payload = scans.length * SCAN;

async function drain(cuts: number): Promise<{ seconds: number; up: number; cutsDone: number; requests: number; heads: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cuts-'));
  const sb = await startCitySandbox({ dataDir: path.join(dir, 'city'), devices: [{ id: 'bench', token: 'bench-token-123456' }] });
  const proxy = await startThrottleProxy({ host: '127.0.0.1', port: sb.port }, MBIT * 1_000_000);
  const store = openKioskStore({ dataDir: path.join(dir, 'kiosk') });
  if (!store.ok) throw new Error(store.error.message);
  const outbox = new Outbox(store.value);
  for (let i = 0; i < DOSSIERS; i++) {
    const r = outbox.submitDossier({
      procedureCode: '1.001193', channel: 'bus',
      applicant: { idNumber: '001099012345', fullName: 'Nguyễn Văn Bench', dateOfBirth: '1990-01-01', sex: 'male', address: 'Hà Nội' },
      form: { i }, attachments: scans.slice(i * 3, i * 3 + 3).map((bytes) => ({ bytes, mediaType: 'image/jpeg', pages: 1, documentType: 'scan' })), fee: { amount: 0 },
    });
    if (!r.ok) throw new Error(r.error.message);
  }
  const worker = new SyncWorker({ outbox, baseUrl: proxy.url, deviceId: 'bench', deviceToken: 'bench-token-123456', backoffBaseMs: 100, backoffCapMs: 500 });
  const expected = (payload * 8) / (MBIT * 1_000_000) * 1000;
  let cutsDone = 0;
  const timers = Array.from({ length: cuts }, (_, k) => setTimeout(() => {
    if (proxy.cutAll() > 0) cutsDone++;
  }, ((k + 1) * expected) / (cuts + 1)));
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
  timers.forEach(clearTimeout);
  await worker.stop();
  const st = sb.stats();
  const out = { seconds, up: proxy.up.bytes, cutsDone, requests: st.requests, heads: st.byRoute['HEAD /v1/uploads/*'] ?? 0 };
  await proxy.close();
  await sb.close();
  store.value.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

console.log(`${DOSSIERS} dossiers × 3 scans × ${SCAN / 1024} KB = ${(payload / 1e6).toFixed(1)} MB over ${MBIT} Mbit/s`);
const clean = await drain(0);
console.log(`clean:    ${clean.seconds.toFixed(1)} s, uplink ${(clean.up / 1e6).toFixed(3)} MB, ${clean.requests} requests`);
const cut = await drain(CUTS);
console.log(`${cut.cutsDone} cuts: ${cut.seconds.toFixed(1)} s, uplink ${(cut.up / 1e6).toFixed(3)} MB, ${cut.requests} requests, ${cut.heads} tus resumes (HEAD)`);
const resent = cut.up - clean.up;
console.log(`re-sent because of the cuts: ${(resent / 1e3).toFixed(1)} kB = ${((resent / payload) * 100).toFixed(2)}% of the payload (${(resent / Math.max(1, cut.cutsDone) / 1e3).toFixed(1)} kB per cut)`);
