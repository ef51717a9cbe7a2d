import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { hashPin, MaintenanceLock, verifyPin } from './maintenance-pin';

describe('maintenance PIN', () => {
  it('stores only a salted hash that verifies the right PIN and no other', async () => {
    const h = await hashPin('246810');
    expect(h).not.toContain('246810');
    expect(h).not.toBe(await hashPin('246810'));
    expect(await verifyPin('246810', h)).toBe(true);
    expect(await verifyPin('246811', h)).toBe(false);
    expect(await verifyPin('246810', 'garbage')).toBe(false);
  });

  it('locks out after five wrong tries, even for the right PIN, until the time has passed', async () => {
    const clock = new ManualClock();
    const lock = new MaintenanceLock(await hashPin('246810'), clock, 5, 15 * 60_000);
    for (let i = 4; i >= 1; i--) expect(await lock.unlock('000000')).toEqual({ ok: false, code: 'wrong-pin', attemptsLeft: i });
    expect(await lock.unlock('000000')).toMatchObject({ ok: false, code: 'locked-out' });
    expect(await lock.unlock('246810')).toMatchObject({ ok: false, code: 'locked-out' });
    clock.advance(15 * 60_000 + 1);
    expect(await lock.unlock('246810')).toEqual({ ok: true });
  });

  it('refuses everything when no PIN is configured', async () => {
    expect(await new MaintenanceLock(undefined, new ManualClock(), 5, 1000).unlock('1234')).toEqual({ ok: false, code: 'not-configured' });
  });
});
