import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './config-loader';

describe('kiosk configuration', () => {
  it('defaults to the demo: simulated devices, embedded city sandbox, Vietnamese, 90 s idle', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.devices.receiptPrinter.kind).toBe('simulator');
    expect(r.value.city.kind).toBe('embedded-sandbox');
    expect(r.value.ui.defaultLanguage).toBe('vi');
    expect(r.value.session.idleTimeoutSeconds).toBe(90);
    expect(r.value.session.warningSeconds).toBe(15);
  });

  it('names the field and the reason of a bad value', () => {
    const r = parseConfig({ session: { idleTimeoutSeconds: 5 } });
    expect(r).toMatchObject({ ok: false, error: { field: 'session.idleTimeoutSeconds' } });
    if (!r.ok) expect(r.error.message).toMatch(/session\.idleTimeoutSeconds: .*10/);
  });

  it('refuses a misspelt setting instead of ignoring it', () => {
    const r = parseConfig({ session: { idleTimeoutSecs: 60 } });
    expect(r).toMatchObject({ ok: false, error: { field: 'session.idleTimeoutSecs' } });
    if (!r.ok) expect(r.error.message).toContain('unknown setting');
  });

  it('refuses a remote city without a URL and a warning longer than the timeout', () => {
    expect(parseConfig({ city: { kind: 'remote', deviceId: 'k1', deviceToken: 'x'.repeat(20) } })).toMatchObject({
      ok: false,
      error: { field: 'city.baseUrl' },
    });
    expect(parseConfig({ session: { idleTimeoutSeconds: 30, warningSeconds: 40 } })).toMatchObject({
      ok: false,
      error: { field: 'session.warningSeconds' },
    });
  });

  it('reports unreadable files and broken JSON plainly, and resolves the data dir beside the file', () => {
    expect(loadConfig('/no/such/kiosk.json')).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    writeFileSync(join(dir, 'bad.json'), '{ "kiosk": ');
    expect(loadConfig(join(dir, 'bad.json'))).toMatchObject({ ok: false, error: { code: 'not-json' } });
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ storage: { dataDir: 'data' } }));
    const r = loadConfig(join(dir, 'good.json'));
    expect(r.ok && r.value.storage.dataDir).toBe(join(dir, 'data'));
  });
});
