// Telemetry: ratings with no link to a citizen.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openKioskStore, type KioskStore } from '../store/store';
import { Outbox } from './outbox';
import { tempDir } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';

let store: KioskStore;
let ob: Outbox;
let dir: string;
const logger = createMemoryLogger();
beforeEach(() => {
  dir = tempDir('outbox');
  const r = openKioskStore({ dataDir: dir });
  if (!r.ok) throw new Error(r.error.message);
  store = r.value;
  ob = new Outbox(store, { logger });
});
afterEach(() => store.close());

describe('outbox: telemetry', () => {
  it('stores ratings without any link to a dossier and at hour precision', () => {
    const t = ob.enqueueTelemetry({ devices: [{ kind: 'printer', status: 'ok' }], ratings: [{ score: 5, procedureCode: '1.001193' }] });
    if (!t.ok) throw new Error('telemetry');
    const p = ob.telemetryPayload(t.value.id)!;
    expect(JSON.stringify(p)).not.toMatch(/dossier|session/i);
    expect(String(p.at)).toMatch(/T\d\d:00:00\.000Z$/);
  });
});
