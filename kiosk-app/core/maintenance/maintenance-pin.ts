import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Clock } from '../../../common/clock';
import { err, ok, type Result } from '../../../common/result';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

// Technician PIN: stored only as a scrypt hash, compared in constant time, and locked
// out after repeated failures so a passer-by cannot guess it at the screen. The failures
// are counted per caller (the api's ctx.source) and kept in the encrypted store, so a
// restart does not clear a lockout and one caller's guesses do not lock out another.

/** What a PIN is: 4 to 12 digits (the api refuses anything else before it gets here). */
export const PIN_PATTERN = /^\d{4,12}$/;

/** The configuration field a PIN hash comes from, named in every refusal of one. */
export const PIN_HASH_FIELD = 'maintenance.pinHash';
/** scrypt cost bounds for a configured hash: below 2^14 is too cheap to guess offline, above 2^20 too slow and too big for a kiosk. */
export const SCRYPT_MIN_N = 2 ** 14;
export const SCRYPT_MAX_N = 2 ** 20;
const R_MAX = 32;
const P_MAX = 16;
/** scrypt needs about 128·N·r bytes; more than 1 GiB is not a PIN hash a kiosk should run. */
const MAX_SCRYPT_MEMORY = 2 ** 30;
const MIN_SALT_BYTES = 16;
const DEFAULT_R = 8;
const DEFAULT_P = 1;
const KEY_LENGTH = 32;

export interface PinHashParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

export type PinHashErrorCode = 'pin-hash-malformed' | 'pin-hash-cost-too-low' | 'pin-hash-cost-too-high' | 'pin-hash-bad-params';

/** A configured PIN hash that is refused; `message` names the field and says what to do. */
export interface PinHashError {
  readonly code: PinHashErrorCode;
  readonly field: typeof PIN_HASH_FIELD;
  /** What is wrong, alone (e.g. "scrypt cost N=1024 is below the floor 16384 (2^14), …"). */
  readonly detail: string;
  /** What is wrong and what to do, without the field's name (the config loader puts it in front). */
  readonly reason: string;
  /** The field's name, then the reason. */
  readonly message: string;
}

const FORMAT = '"scrypt$N$salt$hash" or "scrypt$N$r$p$salt$hash" (salt and hash in base64)';
const REMEDY = 'make a new one with `kiosk hash-pin`';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INT = /^[1-9]\d{0,9}$/;

function refuse(code: PinHashErrorCode, detail: string): Result<never, PinHashError> {
  const reason = `${detail}; ${REMEDY}`;
  return err({ code, field: PIN_HASH_FIELD, detail, reason, message: `${PIN_HASH_FIELD}: ${reason}` });
}

/** The cost bounds alone (also for `kiosk hash-pin --cost`). */
export function checkScryptParams(N: number, r: number = DEFAULT_R, p: number = DEFAULT_P): Result<void, PinHashError> {
  if (![N, r, p].every(Number.isSafeInteger) || r < 1 || p < 1) return refuse('pin-hash-bad-params', `scrypt N, r and p must be whole numbers of at least 1`);
  if (N < SCRYPT_MIN_N) return refuse('pin-hash-cost-too-low', `scrypt cost N=${N} is below the floor ${SCRYPT_MIN_N} (2^14), too cheap against guessing`);
  if (N > SCRYPT_MAX_N) return refuse('pin-hash-cost-too-high', `scrypt cost N=${N} is above ${SCRYPT_MAX_N} (2^20), too slow for the kiosk`);
  if ((N & (N - 1)) !== 0) return refuse('pin-hash-bad-params', `scrypt cost N=${N} is not a power of two`);
  if (r > R_MAX) return refuse('pin-hash-bad-params', `scrypt block size r=${r} is outside 1–${R_MAX}`);
  if (p > P_MAX) return refuse('pin-hash-bad-params', `scrypt parallelism p=${p} is outside 1–${P_MAX}`);
  if (128 * N * r > MAX_SCRYPT_MEMORY) return refuse('pin-hash-bad-params', `scrypt N=${N}, r=${r} needs more than 1 GiB of memory`);
  return ok(undefined);
}

/**
 * Reads a PIN hash: "scrypt$N$salt$hash" (r = 8, p = 1, as hashPin writes it) or
 * "scrypt$N$r$p$salt$hash". Refuses a cost N outside 2^14…2^20 or not a power of two, r outside
 * 1…32, p outside 1…16, more than 1 GiB of scrypt memory, a salt under 16 bytes or a hash
 * under 16 bytes.
 */
export function parsePinHash(stored: string): Result<PinHashParams, PinHashError> {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt' || (parts.length !== 4 && parts.length !== 6)) return refuse('pin-hash-malformed', `not a PIN hash: expected ${FORMAT}`);
  const [nText, rText, pText, saltText, hashText] = parts.length === 4 ? [parts[1]!, `${DEFAULT_R}`, `${DEFAULT_P}`, parts[2]!, parts[3]!] : (parts.slice(1) as [string, string, string, string, string]);
  if (!INT.test(nText) || !INT.test(rText) || !INT.test(pText)) return refuse('pin-hash-malformed', `N, r and p must be whole numbers: expected ${FORMAT}`);
  const N = Number(nText);
  const r = Number(rText);
  const p = Number(pText);
  const params = checkScryptParams(N, r, p);
  if (!params.ok) return params;
  if (!BASE64.test(saltText) || !BASE64.test(hashText)) return refuse('pin-hash-malformed', `salt and hash must be base64: expected ${FORMAT}`);
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length < MIN_SALT_BYTES) return refuse('pin-hash-bad-params', `the salt is ${salt.length} bytes, at least ${MIN_SALT_BYTES} are needed`);
  if (hash.length < 16 || hash.length > 64) return refuse('pin-hash-bad-params', `the hash is ${hash.length} bytes, 16–64 are needed`);
  return ok({ N, r, p, salt, hash });
}

/** scrypt's own check is Blen + Vlen = 128·r·(N + p + 2) bytes; Node's default maxmem is 32 MiB. */
const maxmem = (N: number, r: number, p: number) => 128 * r * (N + p + 2) + 65_536;

export interface HashPinOptions {
  /** scrypt cost, a power of two in 2^14…2^20 (default 2^14); checkScryptParams first. */
  readonly N?: number;
}

/** Refuses what is not a PIN, so a hash is never made of something the pad cannot type. */
export function checkPinFormat(pin: string): Result<string, { code: 'invalid-pin'; message: string }> {
  return PIN_PATTERN.test(pin) ? ok(pin) : err({ code: 'invalid-pin', message: 'A PIN is 4 to 12 digits (0–9), nothing else.' });
}

export async function hashPin(pin: string, salt: Buffer = randomBytes(16), opts: HashPinOptions = {}): Promise<string> {
  const N = opts.N ?? SCRYPT_MIN_N;
  const hash = await scrypt(pin, salt, KEY_LENGTH, { N, r: DEFAULT_R, p: DEFAULT_P, maxmem: maxmem(N, DEFAULT_R, DEFAULT_P) });
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** False for a wrong PIN and for a stored hash parsePinHash refuses. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parsed = parsePinHash(stored);
  if (!parsed.ok) return false;
  const { N, r, p, salt, hash } = parsed.value;
  const actual = await scrypt(pin, salt, hash.length, { N, r, p, maxmem: maxmem(N, r, p) });
  return actual.length === hash.length && timingSafeEqual(actual, hash);
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; code: 'wrong-pin'; attemptsLeft: number }
  | { ok: false; code: 'locked-out'; retryAt: string }
  | { ok: false; code: 'not-configured' };

/** One caller's failed tries: consecutive wrong PINs, and the time (epoch ms) a lockout ends (0: none). */
export interface LockoutState {
  readonly failures: number;
  readonly lockedUntil: number;
}

/**
 * Where lockouts are kept, per source. The kiosk uses the encrypted store (offline-sync's
 * StoredPinLockout); tests and a core without a store use memoryLockoutStore.
 */
export interface LockoutStore {
  get(source: string): LockoutState | null;
  /** `{ failures: 0, lockedUntil: 0 }` means the source is clear (its row may be deleted). */
  set(source: string, state: LockoutState): void;
}

export function memoryLockoutStore(): LockoutStore {
  const states = new Map<string, LockoutState>();
  return {
    get: (source) => states.get(source) ?? null,
    set: (source, state) => {
      if (state.failures === 0 && state.lockedUntil === 0) states.delete(source);
      else states.set(source, state);
    },
  };
}

const CLEAR: LockoutState = { failures: 0, lockedUntil: 0 };

export class MaintenanceLock {
  /** What this process knows: the store's answer once read, and every change made since. */
  readonly #cache = new Map<string, LockoutState>();

  constructor(
    private readonly pinHash: string | undefined,
    private readonly clock: Clock,
    private readonly maxAttempts: number,
    private readonly lockoutMs: number,
    private readonly store: LockoutStore = memoryLockoutStore(),
    /** Told when the store cannot be read or written; counting goes on in memory. */
    private readonly onStoreError: (op: 'read' | 'write', e: unknown) => void = () => undefined,
  ) {}

  #state(source: string): LockoutState {
    let s = this.#cache.get(source);
    if (!s) {
      try {
        s = this.store.get(source) ?? CLEAR;
      } catch (e) {
        this.onStoreError('read', e);
        s = CLEAR;
      }
      this.#cache.set(source, s);
    }
    return s;
  }

  #save(source: string, s: LockoutState): void {
    this.#cache.set(source, s);
    try {
      this.store.set(source, s);
    } catch (e) {
      // Still counted for this run; only a restart could forget it.
      this.onStoreError('write', e);
    }
  }

  /** When this source's lockout ends (ISO), or null when it may try now. */
  retryAt(source: string): string | null {
    const until = this.#state(source).lockedUntil;
    return until > this.clock.now().getTime() ? new Date(until).toISOString() : null;
  }

  async unlock(source: string, pin: string): Promise<UnlockResult> {
    if (!this.pinHash) return { ok: false, code: 'not-configured' };
    const now = this.clock.now().getTime();
    const before = this.#state(source);
    if (now < before.lockedUntil) return { ok: false, code: 'locked-out', retryAt: new Date(before.lockedUntil).toISOString() };
    const right = PIN_PATTERN.test(pin) && (await verifyPin(pin, this.pinHash));
    // Read again after the hash: the count is whatever it is now, not before the await.
    const s = this.#state(source);
    if (now < s.lockedUntil) return { ok: false, code: 'locked-out', retryAt: new Date(s.lockedUntil).toISOString() };
    if (right) {
      if (s.failures !== 0 || s.lockedUntil !== 0) this.#save(source, CLEAR);
      return { ok: true };
    }
    const failures = s.failures + 1;
    if (failures >= this.maxAttempts) {
      const lockedUntil = now + this.lockoutMs;
      this.#save(source, { failures: 0, lockedUntil });
      return { ok: false, code: 'locked-out', retryAt: new Date(lockedUntil).toISOString() };
    }
    this.#save(source, { failures, lockedUntil: 0 });
    return { ok: false, code: 'wrong-pin', attemptsLeft: this.maxAttempts - failures };
  }
}
