import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../../common/clock';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: { N: number; r: number; p: number }) => Promise<Buffer>;

// Technician PIN: stored only as a scrypt hash, compared in constant time, and locked
// out after repeated failures so a passer-by cannot guess it at the screen.

const N = 16384;
const KEY_LENGTH = 32;

export async function hashPin(pin: string, salt: Buffer = randomBytes(16)): Promise<string> {
  const hash = await scrypt(pin, salt, KEY_LENGTH, { N, r: 8, p: 1 });
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: 8, p: 1 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; code: 'wrong-pin'; attemptsLeft: number }
  | { ok: false; code: 'locked-out'; retryAt: string }
  | { ok: false; code: 'not-configured' };

export class MaintenanceLock {
  #failures = 0;
  #lockedUntil = 0;

  constructor(
    private readonly pinHash: string | undefined,
    private readonly clock: Clock,
    private readonly maxAttempts: number,
    private readonly lockoutMs: number,
  ) {}

  async unlock(pin: string): Promise<UnlockResult> {
    if (!this.pinHash) return { ok: false, code: 'not-configured' };
    const now = this.clock.now().getTime();
    if (now < this.#lockedUntil) return { ok: false, code: 'locked-out', retryAt: new Date(this.#lockedUntil).toISOString() };
    if (/^\d{4,12}$/.test(pin) && (await verifyPin(pin, this.pinHash))) {
      this.#failures = 0;
      return { ok: true };
    }
    this.#failures++;
    if (this.#failures >= this.maxAttempts) {
      this.#failures = 0;
      this.#lockedUntil = now + this.lockoutMs;
      return { ok: false, code: 'locked-out', retryAt: new Date(this.#lockedUntil).toISOString() };
    }
    return { ok: false, code: 'wrong-pin', attemptsLeft: this.maxAttempts - this.#failures };
  }
}
