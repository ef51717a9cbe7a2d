import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerMatches, newHostToken, writeHostToken, wsProtocolsCarry } from './host-token';

describe('host token', () => {
  it('is new each boot, written 0600 in a 0700 run folder', () => {
    const a = newHostToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newHostToken()).not.toBe(a);
    const dir = mkdtempSync(join(tmpdir(), 'host-token-'));
    const file = writeHostToken(dir, a);
    expect(readFileSync(file, 'utf8').trim()).toBe(a);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'run')).mode & 0o777).toBe(0o700);
  });

  it('matches only the exact bearer header and the bearer subprotocol', () => {
    const t = newHostToken();
    expect(bearerMatches(`Bearer ${t}`, t)).toBe(true);
    for (const h of [undefined, '', t, `bearer ${t}`, `Bearer ${t}x`, `Bearer ${t.slice(1)}`, `Basic ${t}`, [`Bearer ${t}`]]) expect(bearerMatches(h, t)).toBe(false);
    expect(wsProtocolsCarry(`kiosk-api, bearer.${t}`, t)).toBe(true);
    for (const h of [undefined, 'kiosk-api', `kiosk-api, bearer.${t.slice(2)}`, `kiosk-api, ${t}`]) expect(wsProtocolsCarry(h, t)).toBe(false);
  });
});
