import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { SessionStore } from './citizen-session';

describe('citizen sessions', () => {
  it('ending a session forgets the identity and deletes its scans from disk', () => {
    const store = new SessionStore(new ManualClock(), 120_000);
    const s = store.start('vi');
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    writeFileSync(join(dir, 'p1.png'), 'x');
    s.tempDirs.push(dir);
    s.identity = { idNumber: '001090123456', oldIdNumber: null, fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-01', sex: 'male', address: null, issueDate: null, expiryDate: null, source: 'typed' };
    expect(store.end(s.id)).toBe(true);
    expect(store.get(s.id)).toBeUndefined();
    expect(s.identity).toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });

  it('wipes a session nobody touched for longer than the limit', () => {
    const clock = new ManualClock();
    const store = new SessionStore(clock, 120_000);
    const s = store.start('vi');
    clock.advance(60_000);
    expect(store.get(s.id)).toBeDefined();
    clock.advance(120_001);
    expect(store.get(s.id)).toBeUndefined();
    expect(store.count()).toBe(0);
  });

  it('keeps a session alive while the kiosk waits on the citizen, however long, and counts the end of the wait as a sign of life', () => {
    const clock = new ManualClock();
    const store = new SessionStore(clock, 120_000);
    const s = store.start('vi');
    const release = store.hold(s);
    clock.advance(150_000); // the bank app takes two and a half minutes
    expect(store.isOpen(s.id)).toBe(true);
    release();
    release(); // a second release changes nothing
    expect(s.holds).toBe(0);
    clock.advance(119_000);
    expect(store.isOpen(s.id)).toBe(true);
    clock.advance(2_000);
    expect(store.isOpen(s.id)).toBe(false);
  });
});
