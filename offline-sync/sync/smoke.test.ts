import { describe, it, expect, afterEach } from 'vitest';
import path from 'node:path';
import { openKioskStore } from '../store/store';
import { Outbox } from '../outbox/outbox';
import { SyncWorker } from './worker';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, sampleDossier, waitFor, DEVICE } from '../test-support/fixtures';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('smoke', () => {
  it('submits and syncs one dossier', async () => {
    const sb: CitySandbox = await startCitySandbox({ dataDir: tempDir('sb'), devices: [DEVICE] });
    cleanup.push(() => sb.close());
    const store = openKioskStore({ dataDir: path.join(tempDir('k'), 'data') });
    if (!store.ok) throw new Error(store.error.message);
    cleanup.push(async () => store.value.close());
    const outbox = new Outbox(store.value);
    const r = outbox.submitDossier(sampleDossier(2, 200_000));
    expect(r.ok).toBe(true);
    const w = new SyncWorker({ outbox, baseUrl: sb.url, deviceId: DEVICE.id, deviceToken: DEVICE.token, backoffBaseMs: 20 });
    cleanup.push(() => w.stop());
    w.start();
    const id = r.ok ? r.value.id : '';
    await waitFor(() => outbox.getDossier(id)?.receiptCode);
    console.log(outbox.getDossier(id), sb.stats());
  });
});
