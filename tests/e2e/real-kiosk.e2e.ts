import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../kiosk-app/core/maintenance/maintenance-pin';
import { startCitySandbox, type CitySandbox } from '../../offline-sync';
import { apiClient, runKiosk, startKioskHost, type RunningKioskHost } from './kiosk-fixture';

// Issue 9 "fail closed": what runs without --demo is a real kiosk or nothing.

const TOKEN = 'real-kiosk-device-token-0001';

describe('a kiosk started without --demo', () => {
  it('refuses an empty or null config, naming what is missing, and a non-loopback host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-closed-'));
    for (const body of ['{}', 'null']) {
      writeFileSync(join(dir, 'k.json'), body);
      const r = await runKiosk(['start', '--headless', '--port', '0', '--data-dir', join(dir, 'data'), '--config', join(dir, 'k.json')]);
      expect(r.code).toBe(2);
      expect(r.output).toMatch(/✖ config.*city.*maintenance\.pinHash.*storage\.key.*--demo/s);
      expect(r.output).not.toContain('✔ city');
    }
    const none = await runKiosk(['start', '--headless', '--port', '0', '--data-dir', join(dir, 'data')]);
    expect(none.code).toBe(2);
    expect(none.output).toContain('--demo');
    const open = await runKiosk(['start', '--demo', '--headless', '--host', '0.0.0.0', '--port', '0', '--data-dir', join(dir, 'data')]);
    expect(open.code).toBe(2);
    expect(open.output).toContain('loopback');
  });
});

describe('a real kiosk: remote city, key from a systemd credential, no simulators', () => {
  let city: CitySandbox;
  let host: RunningKioskHost;
  const creds = mkdtempSync(join(tmpdir(), 'kiosk-creds-'));
  beforeAll(async () => {
    city = await startCitySandbox({ dataDir: mkdtempSync(join(tmpdir(), 'kiosk-city-')), port: 0, devices: [{ id: 'hk-test-001', token: TOKEN }] });
    writeFileSync(join(creds, 'store-key'), randomBytes(32), { mode: 0o400 });
    host = await startKioskHost(
      {
        kiosk: { id: 'hk-test-001', name: 'Ki-ốt thử nghiệm' },
        city: { kind: 'remote', baseUrl: city.url, deviceId: 'hk-test-001', deviceToken: TOKEN },
        maintenance: { pinHash: await hashPin('97531') },
        storage: { key: { credential: 'store-key' } },
      },
      { demo: false, env: { CREDENTIALS_DIRECTORY: creds } },
    );
  });
  afterAll(async () => {
    await host?.stop();
    await city?.close();
  });

  it('starts with every device not fitted, the demo PIN and demo controls refused, and every file private', async () => {
    const out = host.output();
    expect(out).toMatch(/✔ config .*kiosk hk-test-001/);
    expect(out).not.toContain('DEMO');
    expect(out).toMatch(/✔ printer +not fitted/);
    expect(out).toMatch(/✔ scanner +not fitted/);
    const api = apiClient(host);
    expect(await api.maintenance.unlock.mutate({ pin: '246810' })).toMatchObject({ ok: false, error: { code: 'wrong-pin' } });
    expect(await api.demo.available.query()).toBeNull();
    // The key came from the credential: nothing beside the database can open it.
    expect(readdirSync(host.dataDir)).not.toContain('store.key');
    const walk = (dir: string): void => {
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else expect(statSync(p).mode & 0o077, p).toBe(0);
      }
    };
    walk(host.dataDir);
  });
});

