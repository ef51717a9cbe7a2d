import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_WS_TOKEN_PREFIX } from '../api/host-auth-protocol';

// The host's per-boot token. Loopback is not a boundary on a shared machine: any local
// program can open 127.0.0.1. Only the kiosk's own window (given the token in its URL's
// fragment at launch) and whoever can read <data-dir>/run/host-token (the kiosk's user, a
// technician with sudo) can call the api.

export function newHostToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the token to <dataDir>/run/host-token (0600 in a 0700 folder), replacing the last boot's. */
export function writeHostToken(dataDir: string, token: string): string {
  const dir = join(dataDir, 'run');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'host-token');
  const tmp = `${file}.${process.pid}`;
  writeFileSync(tmp, token + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>`. */
export function bearerMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^Bearer ([A-Za-z0-9_-]{1,128})$/.exec(header.trim());
  return sameToken(m?.[1], token);
}

/** Browsers cannot set headers on a WebSocket: the token comes as a `bearer.<token>` subprotocol. */
export function wsProtocolsCarry(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  return header
    .split(',')
    .map((p) => p.trim())
    .some((p) => p.startsWith(HOST_WS_TOKEN_PREFIX) && sameToken(p.slice(HOST_WS_TOKEN_PREFIX.length), token));
}
