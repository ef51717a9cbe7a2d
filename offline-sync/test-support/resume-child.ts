// Kiosk-side process for the resume test: submits one dossier with one large scan (once), then
// syncs until the outbox is empty and exits. Killed mid-upload by the test, then run again.
//   node --import tsx resume-child.ts <dataDir> <sandboxUrl> <token>
import crypto from 'node:crypto';
import { openKioskStore } from '../store/store';
import { Outbox } from '../outbox/outbox';
import { SyncWorker } from '../sync/worker';

const [dataDir, url, token] = process.argv.slice(2) as [string, string, string];
const store = openKioskStore({ dataDir });
if (!store.ok) process.exit(2);
const outbox = new Outbox(store.value);
if (outbox.stats().pending === 0 && outbox.stats().acked === 0) {
  const r = outbox.submitDossier({
    procedureCode: '1.001193', channel: 'bus',
    applicant: { idNumber: '001099012345', fullName: 'Lê Văn Xe Buýt', dateOfBirth: '1970-05-05', sex: 'male', address: 'Ba Vì, Hà Nội' },
    form: {}, attachments: [{ bytes: crypto.randomBytes(1_500_000), mediaType: 'application/pdf', pages: 12, documentType: 'scan' }], fee: { amount: 0 },
  });
  if (!r.ok) process.exit(3);
  process.stdout.write(`SUBMITTED ${r.value.id} ${r.value.attachments[0]!.sha256}\n`);
}
const worker = new SyncWorker({ outbox, baseUrl: url, deviceId: 'bus-01', deviceToken: token, backoffBaseMs: 20, uploadChunkBytes: 64 * 1024 });
worker.start();
const t = setInterval(() => {
  if (outbox.stats().pending === 0) {
    clearInterval(t);
    void worker.stop().then(() => {
      store.value.close();
      process.stdout.write('DONE\n');
      process.exit(0);
    });
  }
}, 20);
