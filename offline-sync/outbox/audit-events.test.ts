// Audit events: validated, no personal data, append-only in SQLite itself, removed only by retention.
import { describe, it, expect } from 'vitest';
import { openKioskStore, type KioskStore } from '../store/store';
import { MIGRATIONS } from '../store/migrations';
import { Outbox } from './outbox';
import { AUDIT_RETENTION_DAYS, type AuditEventInput } from './audit-events';
import { outboxPerTest } from '../test-support/outbox-per-test';
import { sampleDossier, tempDir, SAMPLE_ID_NUMBER } from '../test-support/fixtures';
import { createMemoryLogger } from '../../common/logger';
import { ManualClock } from '../../common/clock';

let store: KioskStore;
let ob: Outbox;
const logger = createMemoryLogger();
outboxPerTest((o) => ({ store, outbox: ob } = o), logger);

const DAY = 86_400_000;

function refused(input: AuditEventInput): string {
  const r = ob.audit.append(input);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  expect(r.error.code).toBe('invalid-input');
  return r.error.message;
}

describe('outbox: audit events', () => {
  it('appends an event with a time-ordered id and one audit message, listed for the maintenance panel', () => {
    const a = ob.audit.append({ actor: 'staff:P001', action: 'staff-sign-in', detail: { point: 'HK01', roles: 'postal', pinTries: 1, assisted: true } });
    const b = ob.audit.append({ actor: 'kiosk', action: 'assisted-submit', subject: '0190a1b2-3c4d-7e5f-8a6b-123456789012', at: new Date('2026-11-23T02:00:01Z') });
    if (!a.ok || !b.ok) throw new Error('append');
    expect(a.value.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b.value.at).toBe('2026-11-23T02:00:01.000Z');
    expect(ob.getMessage(a.value.eventId)).toMatchObject({ kind: 'audit', state: 'pending', dependsOn: null });
    expect(ob.stats().byKind.audit).toEqual({ pending: 2, parked: 0, acked: 0 });
    const listed = ob.audit.list();
    expect(listed.map((e) => e.eventId)).toEqual([b.value.eventId, a.value.eventId]); // by time
    expect(listed[1]).toEqual({ eventId: a.value.eventId, at: a.value.at, actor: 'staff:P001', action: 'staff-sign-in', detail: { point: 'HK01', roles: 'postal', pinTries: 1, assisted: true }, delivery: 'pending' });
    expect(listed[0]).not.toHaveProperty('detail');
    expect(ob.audit.list({ since: a.value.at }).map((e) => e.eventId)).toEqual([a.value.eventId]);
    expect(ob.audit.list({ limit: 1 })).toHaveLength(1);
  });

  it('refuses malformed events, storing nothing', () => {
    expect(refused({ actor: 'Staff P001', action: 'staff-sign-in' })).toContain('actor');
    expect(refused({ actor: 'kiosk', action: 'staffSignIn' })).toContain('action');
    expect(refused({ actor: 'kiosk', action: 'citizen-consent', subject: 'Nguyễn Văn A' })).toContain('subject');
    expect(refused({ actor: 'kiosk', action: 'x', detail: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) })).toContain('20 keys');
    expect(refused({ actor: 'kiosk', action: 'x', detail: { note: 'a'.repeat(201) } })).toContain('detail.note');
    expect(refused({ actor: 'kiosk', action: 'x', detail: { nested: { a: 1 } as never } })).toContain('detail.nested');
    expect(refused({ actor: 'kiosk', action: 'x', at: 'yesterday' })).toContain('at');
    expect(ob.audit.list()).toEqual([]);
    expect(ob.stats().pending).toBe(0);
  });

  it('refuses anything that looks like personal data (ID or phone numbers, personal keys), never echoing it', () => {
    const messages = [
      refused({ actor: 'kiosk', action: 'citizen-consent', subject: SAMPLE_ID_NUMBER }),
      refused({ actor: 'kiosk', action: 'citizen-consent', subject: `cccd-${SAMPLE_ID_NUMBER}` }),
      refused({ actor: 'kiosk', action: 'assisted-submit', detail: { note: 'gọi lại 0912 345 678' } }),
      refused({ actor: 'kiosk', action: 'assisted-submit', detail: { ref: 'A123456789' } }),
      refused({ actor: 'kiosk', action: 'assisted-submit', detail: { n: 912345678 } }),
      refused({ actor: 'kiosk', action: 'assisted-submit', detail: { fullName: 'x' } }),
    ];
    for (const m of messages) {
      expect(m).toMatch(/personal data/);
      expect(m).not.toMatch(/\d{9}/);
    }
    // Ids are fine: a uuid ending in twelve digits, a receipt code, a local reference, dates.
    for (const subject of ['0190a1b2-3c4d-7e5f-8a6b-123456789012', 'H26.99-261123-0001', 'K-12345-67890', 'HK01-20261123-1830']) {
      expect(ob.audit.append({ actor: 'kiosk', action: 'appointment-check-in', subject, detail: { day: '2026-11-23', amount: 50_000 } }).ok).toBe(true);
    }
    expect(logger.lines.join('\n')).not.toContain(SAMPLE_ID_NUMBER);
  });

  it('is append-only in SQLite: UPDATE and DELETE raise, whatever the code', () => {
    const a = ob.audit.append({ actor: 'staff:P001', action: 'staff-lock' });
    if (!a.ok) throw new Error('append');
    expect(() => store.db.prepare(`UPDATE audit_events SET action = 'staff-sign-out' WHERE id = ?`).run(a.value.eventId)).toThrow(/append-only/);
    expect(() => store.db.prepare(`UPDATE audit_events SET detail_json = NULL`).run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_events WHERE id = ?').run(a.value.eventId)).toThrow(/append-only/);
    // Acked by the city is not enough: it must also be older than the retention.
    ob.audit.recordDelivered([a.value.eventId]);
    expect(() => store.db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    expect(ob.audit.get(a.value.eventId)).toMatchObject({ actor: 'staff:P001', action: 'staff-lock' });
    expect(ob.purgeExpired().ok).toBe(true);
    expect(ob.audit.list()).toHaveLength(1);
  });
});

describe('outbox: audit retention', () => {
  it(`removes only events the city acknowledged more than ${AUDIT_RETENTION_DAYS} days ago, with their messages`, () => {
    const r = openKioskStore({ dataDir: tempDir('audit-retention') });
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value;
    // The events happen 401 days before the real now (the trigger reads SQLite's own clock).
    const clock = new ManualClock(Date.now() - (AUDIT_RETENTION_DAYS + 1) * DAY);
    const o = new Outbox(s, { clock, logger });
    const acked = o.audit.append({ actor: 'kiosk', action: 'config-change' });
    const unsent = o.audit.append({ actor: 'kiosk', action: 'maintenance-open' });
    if (!acked.ok || !unsent.ok) throw new Error('append');
    o.audit.recordDelivered([acked.value.eventId]);
    clock.advance(300 * DAY);
    const recent = o.audit.append({ actor: 'kiosk', action: 'config-change' });
    if (!recent.ok) throw new Error('append');
    o.audit.recordDelivered([recent.value.eventId]);
    clock.advance(101 * DAY);
    expect(o.purgeExpired().ok).toBe(true);
    expect(o.audit.get(acked.value.eventId)).toBeNull();
    expect(o.getMessage(acked.value.eventId)).toBeNull();
    // Never sent: kept however old; acked 101 days ago: kept.
    expect(o.audit.list().map((e) => e.eventId)).toEqual([unsent.value.eventId, recent.value.eventId]);
    expect(() => s.db.prepare('DELETE FROM audit_events WHERE id = ?').run(unsent.value.eventId)).toThrow(/append-only/);
    expect(logger.lines.join('\n')).toContain('audit-purged');
    s.close();
  });

  it('migration 6 rebuilds the message table for the new kind, keeping every message and its order', () => {
    const dir = tempDir('audit-migration');
    const v5 = openKioskStore({ dataDir: dir, migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    if (!v5.ok) throw new Error(v5.error.message);
    const old = new Outbox(v5.value);
    const d1 = old.submitDossier(sampleDossier(1, 100));
    const d2 = old.submitDossier(sampleDossier(1, 100));
    if (!d1.ok || !d2.ok) throw new Error('submit');
    old.markRejected(d1.value.id, 'invalid', 'x');
    const before = old.list();
    v5.value.close();
    const v6 = openKioskStore({ dataDir: dir });
    if (!v6.ok) throw new Error(v6.error.message);
    expect(v6.value.schemaVersion).toBe(6);
    const ob6 = new Outbox(v6.value);
    expect(ob6.list()).toEqual(before);
    const e = ob6.audit.append({ actor: 'kiosk', action: 'kiosk-start' });
    if (!e.ok) throw new Error(e.error.message);
    expect(ob6.getMessage(e.value.eventId)!.seq).toBeGreaterThan(before.at(-1)!.seq);
    v6.value.close();
  });
});
