import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { parseConfig } from '../config/config-loader';
import { hashPin, MaintenanceLock, memoryLockoutStore, parsePinHash, PIN_HASH_FIELD, SCRYPT_MAX_N, SCRYPT_MIN_N, verifyPin } from './maintenance-pin';
import { DEMO_PIN_HASH } from './maintenance-service';

const SALT = Buffer.from('hanoi-kiosk-demo').toString('base64');
const HASH = Buffer.alloc(32, 7).toString('base64');

describe('maintenance PIN', () => {
  it('stores only a salted hash that verifies the right PIN and no other', async () => {
    const h = await hashPin('246810');
    expect(h).not.toContain('246810');
    expect(h).not.toBe(await hashPin('246810'));
    expect(await verifyPin('246810', h)).toBe(true);
    expect(await verifyPin('246811', h)).toBe(false);
    expect(await verifyPin('246810', 'garbage')).toBe(false);
  });

  it('hashes and verifies above the default cost (more memory than Node allows by default)', async () => {
    const h = await hashPin('13579', undefined, { N: 2 ** 15 });
    expect(h).toMatch(/^scrypt\$32768\$/);
    expect(await verifyPin('13579', h)).toBe(true);
  });

  it('locks out after five wrong tries, even for the right PIN, until the time has passed', async () => {
    const clock = new ManualClock();
    const lock = new MaintenanceLock(await hashPin('246810'), clock, 5, 15 * 60_000);
    for (let i = 4; i >= 1; i--) expect(await lock.unlock('window', '000000')).toEqual({ ok: false, code: 'wrong-pin', attemptsLeft: i });
    expect(await lock.unlock('window', '000000')).toMatchObject({ ok: false, code: 'locked-out' });
    expect(await lock.unlock('window', '246810')).toMatchObject({ ok: false, code: 'locked-out' });
    clock.advance(15 * 60_000 + 1);
    expect(await lock.unlock('window', '246810')).toEqual({ ok: true });
  });

  it('counts each source on its own: one caller locked out does not lock out another', async () => {
    const clock = new ManualClock();
    const store = memoryLockoutStore();
    const lock = new MaintenanceLock(await hashPin('246810'), clock, 2, 60_000, store);
    expect(await lock.unlock('test', '0000')).toMatchObject({ code: 'wrong-pin', attemptsLeft: 1 });
    expect(await lock.unlock('test', '0000')).toMatchObject({ code: 'locked-out' });
    expect(lock.retryAt('test')).toBe(new Date(clock.now().getTime() + 60_000).toISOString());
    expect(lock.retryAt('window')).toBeNull();
    expect(await lock.unlock('window', '246810')).toEqual({ ok: true });
    expect(store.get('test')).toEqual({ failures: 0, lockedUntil: clock.now().getTime() + 60_000 });
    expect(store.get('window')).toBeNull();
  });

  it('refuses everything when no PIN is configured', async () => {
    expect(await new MaintenanceLock(undefined, new ManualClock(), 5, 1000).unlock('window', '1234')).toEqual({ ok: false, code: 'not-configured' });
  });
});

describe('configured PIN hash', () => {
  it('reads the hash format hashPin writes, and the long form with r and p', async () => {
    expect(parsePinHash(DEMO_PIN_HASH)).toMatchObject({ ok: true, value: { N: 16384, r: 8, p: 1 } });
    expect(parsePinHash(await hashPin('1234'))).toMatchObject({ ok: true, value: { N: SCRYPT_MIN_N, r: 8, p: 1 } });
    expect(parsePinHash(`scrypt$${SCRYPT_MAX_N}$8$1$${SALT}$${HASH}`)).toMatchObject({ ok: true, value: { N: SCRYPT_MAX_N, r: 8, p: 1 } });
    expect(parsePinHash(`scrypt$32768$16$2$${SALT}$${HASH}`)).toMatchObject({ ok: true, value: { N: 32768, r: 16, p: 2 } });
  });

  it('refuses a cost below 2^14 or above 2^20, and r/p that make no sense, naming the field', () => {
    const cases: Array<[string, string, RegExp]> = [
      [`scrypt$8192$${SALT}$${HASH}`, 'pin-hash-cost-too-low', /N=8192 is below the floor 16384/],
      [`scrypt$1024$${SALT}$${HASH}`, 'pin-hash-cost-too-low', /N=1024/],
      [`scrypt$${2 ** 21}$${SALT}$${HASH}`, 'pin-hash-cost-too-high', /above 1048576/],
      [`scrypt$20000$${SALT}$${HASH}`, 'pin-hash-bad-params', /not a power of two/],
      [`scrypt$16384$64$1$${SALT}$${HASH}`, 'pin-hash-bad-params', /block size r=64/],
      [`scrypt$16384$8$99$${SALT}$${HASH}`, 'pin-hash-bad-params', /parallelism p=99/],
      [`scrypt$16384$0$1$${SALT}$${HASH}`, 'pin-hash-malformed', /whole numbers/],
      [`scrypt$${2 ** 20}$16$1$${SALT}$${HASH}`, 'pin-hash-bad-params', /1 GiB/],
      [`scrypt$16384$${Buffer.from('short').toString('base64')}$${HASH}`, 'pin-hash-bad-params', /salt is 5 bytes/],
      [`scrypt$16384$not base64!$${HASH}`, 'pin-hash-malformed', /base64/],
      [`bcrypt$16384$${SALT}$${HASH}`, 'pin-hash-malformed', /not a PIN hash/],
      ['scrypt$16384$abc', 'pin-hash-malformed', /not a PIN hash/],
      [`scrypt$1e5$${SALT}$${HASH}`, 'pin-hash-malformed', /whole numbers/],
    ];
    for (const [hash, code, message] of cases) {
      const r = parsePinHash(hash);
      expect(r, hash).toMatchObject({ ok: false, error: { code, field: PIN_HASH_FIELD } });
      if (!r.ok) {
        expect(r.error.message).toMatch(message);
        expect(r.error.message).toMatch(/^maintenance\.pinHash: .*kiosk hash-pin/);
      }
    }
  });

  it('a hash below the floor never verifies, even with the right PIN', async () => {
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('hanoi-kiosk-demo');
    const weak = `scrypt$1024$${salt.toString('base64')}$${scryptSync('246810', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64')}`;
    expect(await verifyPin('246810', weak)).toBe(false);
  });

  it('the config refuses such a hash, naming maintenance.pinHash and the reason', async () => {
    const r = parseConfig({ maintenance: { pinHash: `scrypt$4096$${SALT}$${HASH}` } }, process.cwd(), { demo: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid', field: 'maintenance.pinHash' } });
    if (!r.ok) expect(r.error.message).toBe('config: maintenance.pinHash: scrypt cost N=4096 is below the floor 16384 (2^14), too cheap against guessing; make a new one with `kiosk hash-pin`');
    expect(parseConfig({ maintenance: { pinHash: 'scrypt$16384' } }, process.cwd(), { demo: true })).toMatchObject({ ok: false, error: { field: 'maintenance.pinHash' } });
    const good = parseConfig({ maintenance: { pinHash: await hashPin('13579') } }, process.cwd(), { demo: true });
    expect(good.ok).toBe(true);
  });
});
