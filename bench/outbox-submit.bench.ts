// Submit latency of a dossier with three 300 KB scans (files encrypted + fsynced, one SQLCipher
// transaction with synchronous=FULL), next to a raw single-row insert of the same bytes with the
// same pragmas, in the same run. Prints figures; asserts nothing.
//   npx tsx bench/outbox-submit.bench.ts        (BENCH_N=200 for more samples)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKioskStore } from '../offline-sync/store/store';
import { openEncryptedDatabase } from '../offline-sync/store/store';
import { Outbox } from '../offline-sync/outbox/outbox';

const N = Number(process.env.BENCH_N ?? 60);
const SCAN = 300 * 1024;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms  p95 ${pct(xs, 95).toFixed(2)} ms  max ${Math.max(...xs).toFixed(2)} ms`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-submit-'));
const store = openKioskStore({ dataDir: path.join(dir, 'kiosk') });
if (!store.ok) throw new Error(store.error.message);
const outbox = new Outbox(store.value);
const raw = openEncryptedDatabase(path.join(dir, 'raw.db'), crypto.randomBytes(32));
raw.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, meta TEXT, a BLOB, b BLOB, c BLOB)');
const ins = raw.prepare('INSERT INTO blobs (meta, a, b, c) VALUES (?, ?, ?, ?)');

const submitMs: number[] = [];
const rawMs: number[] = [];
for (let i = 0; i < N; i++) {
  const scans = [crypto.randomBytes(SCAN), crypto.randomBytes(SCAN), crypto.randomBytes(SCAN)];
  const input = {
    procedureCode: '1.001193', channel: 'kiosk' as const,
    applicant: { idNumber: '001099012345', fullName: 'Nguyễn Văn Bench', dateOfBirth: '1990-01-01', sex: 'male' as const, address: 'Hà Nội' },
    form: { i }, attachments: scans.map((bytes) => ({ bytes, mediaType: 'image/jpeg', pages: 1, documentType: 'scan' })), fee: { amount: 0 },
  };
  let t = performance.now();
  const r = outbox.submitDossier(input);
  submitMs.push(performance.now() - t);
  if (!r.ok) throw new Error(r.error.message);
  t = performance.now();
  ins.run(JSON.stringify({ ...input, attachments: undefined }), scans[0], scans[1], scans[2]);
  rawMs.push(performance.now() - t);
}
console.log(`outbox submit, 3 × 300 KB scans, n=${N} (data dir ${os.tmpdir()}, SQLCipher + WAL + synchronous=FULL)`);
console.log(`  submitDossier (3 encrypted fsynced files + 1 transaction): ${fmt(submitMs)}`);
console.log(`  raw single-row insert of the same 900 KB, same pragmas:    ${fmt(rawMs)}`);
console.log(`  ratio p50 ${(pct(submitMs, 50) / pct(rawMs, 50)).toFixed(2)}×`);
store.value.close();
raw.close();
fs.rmSync(dir, { recursive: true, force: true });
