// The message queue: a parked message never blocks the others.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openKioskStore, type KioskStore } from '../store/store';
import { Outbox } from './outbox';
import { tempDir, sampleDossier } from '../test-support/fixtures';
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

describe('outbox: message queue', () => {
  it('never lets a parked message block the others, and a technician can un-park it', () => {
    const a = ob.submitDossier(sampleDossier(1));
    const b = ob.submitDossier(sampleDossier(1));
    if (!a.ok || !b.ok) throw new Error('submit');
    ob.markRejected(a.value.id, 'invalid', 'procedureCode unknown');
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([b.value.id]);
    expect(ob.stats()).toMatchObject({ pending: 1, parked: 1 });
    expect(ob.retry(a.value.id).ok).toBe(true);
    expect(ob.dueMessages(Date.now()).map((m) => m.id)).toEqual([a.value.id, b.value.id]);
  });
});
