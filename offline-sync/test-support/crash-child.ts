// Kiosk-side process for the crash test: submits dossiers (with card payments) and syncs them,
// until the test SIGKILLs it. Every dossier the citizen was told about is appended (fsynced) to
// the ack log right after submitDossier returned.
//   node --import tsx crash-child.ts <dataDir> <sandboxUrl> <token> <ackLog> <work|drain> <seed>
import fs from 'node:fs';
import crypto from 'node:crypto';
import { openKioskStore } from '../store/store';
import { Outbox } from '../outbox/outbox';
import { SyncWorker } from '../sync/worker';

const [dataDir, url, token, ackLog, mode, seedArg] = process.argv.slice(2) as [string, string, string, string, string, string];
let seed = Number(seedArg) >>> 0;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};

const store = openKioskStore({ dataDir });
if (!store.ok) {
  console.error(`open failed: ${store.error.code}`);
  process.exit(2);
}
const outbox = new Outbox(store.value);
// Reconciliation at start-up: a sale interrupted by the crash is asked about; here the "terminal"
// answers approved (a real core asks the terminal by terminalRef).
outbox.markInterruptedPaymentsUnknown();
for (const p of outbox.unresolvedPayments()) outbox.recordPaymentOutcome(p.id, { status: 'approved', approvalCode: 'RECON', maskedPan: '970436******0000' });

const worker = new SyncWorker({
  outbox, baseUrl: url, deviceId: 'crash-kiosk', deviceToken: token, backoffBaseMs: 20, backoffCapMs: 200, pollIntervalMs: 100,
  requestTimeoutMs: 3000, uploadStallMs: 3000, uploadChunkBytes: 16 * 1024,
});
worker.start();
process.stdout.write('READY\n');

const ackFd = fs.openSync(ackLog, 'a');
function submitOne(): void {
  const dossierId = outbox.reserveId();
  const pay = outbox.recordPaymentIntent({ dossierId, method: 'card', amount: 50_000 });
  if (!pay.ok) throw new Error(pay.error.code);
  const o = outbox.recordPaymentOutcome(pay.value.paymentId, { status: 'approved', approvalCode: 'A1', maskedPan: '970436******1234' });
  if (!o.ok) throw new Error(o.error.code);
  const n = 1 + Math.floor(rand() * 2);
  const attachments = Array.from({ length: n }, () => ({
    bytes: crypto.randomBytes(2000 + Math.floor(rand() * 36_000)), mediaType: 'image/png', pages: 1, documentType: 'scan',
  }));
  const d = outbox.submitDossier({
    id: dossierId, procedureCode: '1.001193', channel: 'kiosk',
    applicant: { idNumber: '001099012345', fullName: 'Nguyễn Văn Crash', dateOfBirth: '1990-01-01', sex: 'male', address: 'Hà Nội' },
    form: { n }, attachments, fee: { amount: 50_000, paymentId: pay.value.paymentId },
  });
  if (!d.ok) throw new Error(d.error.code);
  fs.writeSync(ackFd, JSON.stringify({ dossierId, paymentId: pay.value.paymentId, shas: d.value.attachments.map((a) => a.sha256) }) + '\n');
  fs.fsyncSync(ackFd);
}

if (mode === 'work') {
  const tick = () => {
    submitOne();
    setTimeout(tick, 60 + Math.floor(rand() * 140));
  };
  tick();
} else {
  const check = setInterval(() => {
    const s = outbox.stats();
    if (s.pending === 0) {
      clearInterval(check);
      void worker.stop().then(() => {
        process.stdout.write(`DRAINED ${JSON.stringify(s)}\n`);
        store.value.close();
        process.exit(0);
      });
    }
  }, 50);
}
