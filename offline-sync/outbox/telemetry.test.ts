// Telemetry: ratings with no link to a citizen.
import { describe, it, expect } from 'vitest';
import type { Outbox } from './outbox';
import { outboxPerTest } from '../test-support/outbox-per-test';
import { createMemoryLogger } from '../../common/logger';

let ob: Outbox;
const logger = createMemoryLogger();
outboxPerTest((o) => (ob = o.outbox), logger);

describe('outbox: telemetry', () => {
  it('stores ratings without any link to a dossier and at hour precision', () => {
    const t = ob.enqueueTelemetry({ devices: [{ kind: 'printer', status: 'ok' }], ratings: [{ score: 5, procedureCode: '1.001193' }] });
    if (!t.ok) throw new Error('telemetry');
    const p = ob.telemetryPayload(t.value.id)!;
    expect(JSON.stringify(p)).not.toMatch(/dossier|session/i);
    expect(String(p.at)).toMatch(/T\d\d:00:00\.000Z$/);
  });
});
