import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './config-loader';

const DEMO = { demo: true } as const;
/** What a real kiosk's file holds at the least. */
const REAL = {
  kiosk: { id: 'hk-q1-001', name: 'Ki-ốt Siêu thị Quận 1' },
  city: { kind: 'remote', baseUrl: 'https://city.example/api', deviceId: 'hk-q1-001', deviceToken: 'x'.repeat(24) },
  maintenance: { pinHash: 'scrypt$16384$aGFub2kta2lvc2stZGVtbw==$f6l5b2WiycoPJJkqfChL5Fgjutz11F0W+anM6+/+igM=' },
  storage: { dataDir: '/var/lib/hanoi-kiosk', key: { credential: 'store-key' } },
};

describe('kiosk configuration', () => {
  it('the demo: simulated devices, embedded city sandbox, Vietnamese, 90 s idle', () => {
    const r = parseConfig({}, process.cwd(), DEMO);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.demo).toBe(true);
    expect(r.value.devices.receiptPrinter.kind).toBe('simulator');
    expect(r.value.city.kind).toBe('embedded-sandbox');
    expect(r.value.ui.defaultLanguage).toBe('vi');
    expect(r.value.session.idleTimeoutSeconds).toBe(90);
    expect(r.value.session.warningSeconds).toBe(15);
  });

  it('fails closed: without --demo an empty or null file is refused, naming everything missing', () => {
    for (const raw of [{}, null]) {
      const r = parseConfig(raw);
      expect(r).toMatchObject({ ok: false, error: { code: 'incomplete' } });
      if (r.ok) continue;
      for (const need of ['kiosk.id', 'city', 'maintenance.pinHash', 'storage.key', '--demo']) expect(r.error.message).toContain(need);
    }
    expect(parseConfig([1, 2])).toMatchObject({ ok: false, error: { code: 'invalid', field: '(root)' } });
    expect(parseConfig('kiosk')).toMatchObject({ ok: false, error: { code: 'invalid', field: '(root)' } });
    // The file cannot switch the demo on.
    expect(parseConfig({ ...REAL, demo: true })).toMatchObject({ ok: false, error: { field: 'demo' } });
    expect(loadConfig(undefined)).toMatchObject({ ok: false, error: { code: 'incomplete' } });
    expect(loadConfig(undefined, DEMO).ok).toBe(true);
  });

  it('a real kiosk: devices it does not name are not fitted, never simulated; simulators are refused', () => {
    const r = parseConfig(REAL);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.demo).toBe(false);
    expect(r.value.devices.receiptPrinter.kind).toBe('none');
    expect(r.value.devices.idReader.kind).toBe('none');
    expect(r.value.devices.vietQr.enabled).toBe(false);
    const sim = parseConfig({ ...REAL, devices: { scanner: { kind: 'simulator' } } });
    expect(sim).toMatchObject({ ok: false, error: { code: 'incomplete' } });
    if (!sim.ok) expect(sim.error.message).toContain('devices.scanner');
    const qr = parseConfig({ ...REAL, devices: { vietQr: { enabled: true } } });
    if (!qr.ok) expect(qr.error.message).toContain('accountNumber');
    expect(qr.ok).toBe(false);
  });

  it('the store key: a credential name or an absolute file outside the data dir, nothing else', () => {
    const withKey = (key: unknown) => parseConfig({ ...REAL, storage: { ...REAL.storage, key } });
    expect(withKey({ file: '/etc/hanoi-kiosk/store.key' }).ok).toBe(true);
    expect(withKey({ file: '/var/lib/hanoi-kiosk/store.key' })).toMatchObject({ ok: false, error: { field: 'storage.key.file' } });
    expect(withKey({ file: 'store.key' })).toMatchObject({ ok: false });
    expect(withKey({ credential: '../etc/passwd' })).toMatchObject({ ok: false });
    expect(withKey('a'.repeat(64))).toMatchObject({ ok: false, error: { field: 'storage.key' } });
    // --data-dir moved onto the key's folder is refused as well.
    const dir = mkdtempSync(join(tmpdir(), 'cfg-key-'));
    writeFileSync(join(dir, 'k.json'), JSON.stringify({ ...REAL, storage: { key: { file: join(dir, 'data', 'store.key') } } }));
    chmodSync(join(dir, 'k.json'), 0o600);
    expect(loadConfig(join(dir, 'k.json'), { dataDir: join(dir, 'data') })).toMatchObject({ ok: false, error: { field: 'storage.key.file' } });
  });

  it('names the field and the reason of a bad value', () => {
    const r = parseConfig({ session: { idleTimeoutSeconds: 5 } }, process.cwd(), DEMO);
    expect(r).toMatchObject({ ok: false, error: { field: 'session.idleTimeoutSeconds' } });
    if (!r.ok) expect(r.error.message).toMatch(/session\.idleTimeoutSeconds: .*10/);
  });

  it('refuses a misspelt setting instead of ignoring it', () => {
    const r = parseConfig({ session: { idleTimeoutSecs: 60 } }, process.cwd(), DEMO);
    expect(r).toMatchObject({ ok: false, error: { field: 'session.idleTimeoutSecs' } });
    if (!r.ok) expect(r.error.message).toContain('unknown setting');
  });

  it('refuses a remote city without a URL and a warning longer than the timeout', () => {
    expect(parseConfig({ city: { kind: 'remote', deviceId: 'k1', deviceToken: 'x'.repeat(20) } }, process.cwd(), DEMO)).toMatchObject({
      ok: false,
      error: { field: 'city.baseUrl' },
    });
    expect(parseConfig({ session: { idleTimeoutSeconds: 30, warningSeconds: 40 } }, process.cwd(), DEMO)).toMatchObject({
      ok: false,
      error: { field: 'session.warningSeconds' },
    });
  });

  it('reports unreadable files and broken JSON plainly, and resolves the data dir beside the file', () => {
    expect(loadConfig('/no/such/kiosk.json')).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'bad.json'), '{ "kiosk": ');
    expect(loadConfig(join(dir, 'bad.json'))).toMatchObject({ ok: false, error: { code: 'not-json' } });
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ ...REAL, storage: { ...REAL.storage, dataDir: 'data' } }));
    const r = loadConfig(join(dir, 'good.json'));
    expect(r.ok && r.value.storage.dataDir).toBe(join(dir, 'data'));
  });
});
