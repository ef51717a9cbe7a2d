// POST /v1/staff-sessions: staff sign in on a device with their PIN (the sandbox's sign-in
// scheme: the PIN itself, over loopback only, as the contract allows). A wrong PIN and an
// unknown staff id answer alike (401 wrong_pin, triesLeft), so ids are not revealed; 5 wrong in
// a row lock that staff id (423 locked, retryAt), counted in the database, unknown ids too. The
// session belongs to the device that made it; idempotent on sessionId.
import crypto from 'node:crypto';
import * as z from 'zod';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { canonicalHash } from '../codes';
import { pinHash } from '../sandbox-db';
import { authenticate, HttpError, parseBody, type SandboxPlugin } from '../sandbox-context';

export const MAX_WRONG_PINS = 5;

const sessionSchema = z.object({
  sessionId: z.string().regex(/^[0-9a-fA-F-]{8,64}$/),
  staffId: z.string().min(1).max(64),
  pinProof: z.string().min(1).max(64),
  startedAt: z.string().min(1).max(64),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Compared against for an unknown staff id, so it costs what a known one does. */
const DUMMY_SALT = crypto.randomBytes(16).toString('hex');
const DUMMY_HASH = pinHash(crypto.randomBytes(8).toString('hex'), DUMMY_SALT);

export const staffSessionRoutes: SandboxPlugin = async (app, { ctx }) => {
  const { store, clock, settings } = ctx;
  const db = store.db;

  const pinMatches = (staffId: string, pin: string): boolean => {
    const s = db.prepare('SELECT pin_salt, pin_hash FROM staff WHERE id = ?').get(staffId) as { pin_salt: string; pin_hash: string } | undefined;
    const want = Buffer.from(s?.pin_hash ?? DUMMY_HASH, 'hex');
    const got = Buffer.from(pinHash(pin, s?.pin_salt ?? DUMMY_SALT), 'hex');
    return crypto.timingSafeEqual(want, got) && s !== undefined;
  };

  // Everything below is synchronous (better-sqlite3, scryptSync): no other request runs between
  // reading a staff id's wrong tries and writing them, so parallel guesses cannot slip past the lock.
  app.post('/v1/staff-sessions', async (req, reply) => {
    const device = authenticate(ctx, req);
    const body = parseBody(sessionSchema, req.body);
    // The idempotency hash leaves the PIN out: a hash of a 4-digit PIN and known fields is a PIN.
    const hash = canonicalHash({ ...body, pinProof: undefined });
    const existing = db.prepare('SELECT device_id, body_hash, response_json FROM staff_sessions WHERE id = ?').get(body.sessionId) as
      { device_id: string; body_hash: string; response_json: string } | undefined;
    if (existing) {
      if (existing.device_id !== device) throw new HttpError(409, 'conflict', 'This id belongs to another device.');
      if (existing.body_hash !== hash || !pinMatches(body.staffId, body.pinProof)) throw new HttpError(409, 'conflict', 'Same id, different body.', { storedHash: existing.body_hash });
      return reply.code(200).send(JSON.parse(existing.response_json));
    }
    // The PIN itself is a proof only where nobody can read it on the way: the loopback.
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw new HttpError(401, 'pin_proof_unsupported', 'This sign-in scheme is accepted over loopback only.');

    const now = clock.now().getTime();
    const tries = db.prepare('SELECT wrong, locked_until_ms FROM staff_tries WHERE staff_id = ?').get(body.staffId) as
      { wrong: number; locked_until_ms: number | null } | undefined;
    if (tries?.locked_until_ms != null && now < tries.locked_until_ms) {
      throw new HttpError(423, 'locked', 'Too many wrong PINs; try again later.', { retryAt: new Date(tries.locked_until_ms).toISOString() });
    }
    // A lock that has run out starts a new count.
    const wrongBefore = tries?.locked_until_ms != null ? 0 : (tries?.wrong ?? 0);

    if (!pinMatches(body.staffId, body.pinProof)) {
      const wrong = wrongBefore + 1;
      const lockedUntil = wrong >= MAX_WRONG_PINS ? now + settings.staffLockMs : null;
      db.prepare(`INSERT INTO staff_tries (staff_id, wrong, locked_until_ms) VALUES (?, ?, ?)
        ON CONFLICT(staff_id) DO UPDATE SET wrong = excluded.wrong, locked_until_ms = excluded.locked_until_ms`).run(body.staffId, wrong, lockedUntil);
      ctx.log.info('staff-sign-in-refused', { wrong });
      throw new HttpError(401, 'wrong_pin', 'Wrong staff id or PIN.', {
        triesLeft: Math.max(0, MAX_WRONG_PINS - wrong), ...(lockedUntil !== null ? { retryAt: new Date(lockedUntil).toISOString() } : {}),
      });
    }

    const staff = db.prepare('SELECT roles_json, display_name FROM staff WHERE id = ?').get(body.staffId) as { roles_json: string; display_name: string };
    const expiresAt = now + settings.staffSessionMs;
    const res = { sessionId: body.sessionId, staffId: body.staffId, displayName: staff.display_name, roles: JSON.parse(staff.roles_json) as string[], expiresAt: new Date(expiresAt).toISOString() };
    store.transaction(() => {
      db.prepare('DELETE FROM staff_tries WHERE staff_id = ?').run(body.staffId);
      db.prepare('INSERT INTO staff_sessions (id, device_id, staff_id, body_hash, response_json, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(body.sessionId, device, body.staffId, hash, JSON.stringify(res), expiresAt);
    });
    return reply.code(200).send(res);
  });
};

export type StaffSessionProblem = 'unknown' | 'expired' | 'other_device' | 'other_staff';

/** Why a dossier's onBehalfOf cannot stand (its staff session), or null when it can. */
export function staffSessionProblem(db: Database, nowMs: number, device: string, staffId: string, sessionId: string): StaffSessionProblem | null {
  const s = db.prepare('SELECT device_id, staff_id, expires_at_ms FROM staff_sessions WHERE id = ?').get(sessionId) as
    { device_id: string; staff_id: string; expires_at_ms: number } | undefined;
  if (!s) return 'unknown';
  if (s.expires_at_ms <= nowMs) return 'expired';
  if (s.device_id !== device) return 'other_device';
  if (s.staff_id !== staffId) return 'other_staff';
  return null;
}
