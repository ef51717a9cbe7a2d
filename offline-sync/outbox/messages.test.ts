// The message queue: a parked message never blocks the others.
import { describe, it, expect } from 'vitest';
import type { Outbox } from './outbox';
import { outboxPerTest } from '../test-support/outbox-per-test';
import { sampleDossier } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';

let ob: Outbox;
const logger = createMemoryLogger();
outboxPerTest((o) => (ob = o.outbox), logger);

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
