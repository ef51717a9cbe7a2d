import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock';
import { silentLogger } from '../../common/logger';
import { kioskConfigSchema } from '../core/config/config-schema';
import type { KioskCore } from '../core/kiosk-core';
import { MaintenanceService } from '../core/maintenance/maintenance-service';
import { StatusBoard } from '../core/system/component-status';
import { maintenanceRouter } from './maintenance-router';
import { createCallerFactory, inProcessContext } from './trpc';

const status = new StatusBoard();
status.set('catalog', 'ok', '12 procedures');
const maintenance = new MaintenanceService({ config: kioskConfigSchema.parse({ demo: true }), clock: new ManualClock(), logger: silentLogger, status });
const caller = createCallerFactory(maintenanceRouter)(inProcessContext({ maintenance } as unknown as KioskCore));

describe('maintenance api', () => {
  it('refuses a PIN that is not 4–12 digits and a token that is not 64 hex characters', async () => {
    for (const pin of ['123', '1234567890123', '12a4', ' 2468', '']) await expect(caller.unlock({ pin })).rejects.toThrow();
    for (const token of ['', 'ab'.repeat(31), 'AB'.repeat(32), 'zz'.repeat(32), 'ab'.repeat(33)]) await expect(caller.overview({ token })).rejects.toThrow();
  });

  it('unlocks with the demo PIN; the token opens the overview until locked', async () => {
    expect(await caller.lockState()).toEqual({ configured: true, retryAt: null });
    expect(await caller.unlock({ pin: '1357' })).toEqual({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 4 } });
    const r = await caller.unlock({ pin: '246810' });
    if (!r.ok) throw new Error(r.error.code);
    const overview = await caller.overview({ token: r.value.token });
    expect(overview).toMatchObject({ ok: true, value: { components: [{ name: 'catalog', state: 'ok' }], sync: null, outbox: null } });
    expect(await caller.outbox({ token: r.value.token })).toEqual({ ok: false, error: { code: 'unavailable' } });
    await caller.lock({ token: r.value.token });
    expect(await caller.overview({ token: r.value.token })).toEqual({ ok: false, error: { code: 'no-session' } });
  });

  it('counts wrong PINs per caller (ctx.source): a locked-out caller does not lock out the window', async () => {
    const own = new MaintenanceService({ config: kioskConfigSchema.parse({ demo: true, maintenance: { maxAttempts: 2 } }), clock: new ManualClock(), logger: silentLogger, status });
    const as = (source: string) => createCallerFactory(maintenanceRouter)(inProcessContext({ maintenance: own } as unknown as KioskCore, source));
    const other = as('test');
    const window = as('window');
    expect(await other.unlock({ pin: '1111' })).toMatchObject({ ok: false, error: { code: 'wrong-pin', attemptsLeft: 1 } });
    expect(await other.unlock({ pin: '1111' })).toMatchObject({ ok: false, error: { code: 'locked-out' } });
    expect((await other.lockState()).retryAt).not.toBeNull();
    expect(await window.lockState()).toEqual({ configured: true, retryAt: null });
    expect((await window.unlock({ pin: '246810' })).ok).toBe(true);
    expect(await other.unlock({ pin: '246810' })).toMatchObject({ ok: false, error: { code: 'locked-out' } });
  });
});
