import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../common/logger';
import { loadConfig } from '../core/config/config-loader';
import type { KioskCore } from '../core/kiosk-core';
import { StatusBoard } from '../core/system/component-status';
import { startHost, type RunningHost } from './host-server';
import { newHostToken } from './host-token';

// The host listens before the core has started, so the kiosk's window opens at once: the
// attract screen's one call is answered from the configuration, and every other call waits
// for the core instead of failing.

const rendererDir = mkdtempSync(join(tmpdir(), 'host-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>kiosk</title>');
const config = loadConfig(undefined, { demo: true, dataDir: mkdtempSync(join(tmpdir(), 'host-data-')) });
if (!config.ok) throw new Error(config.error.message);

let running: RunningHost | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function pendingCore() {
  let resolve!: (core: KioskCore) => void;
  const promise = new Promise<KioskCore>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a host whose core is still starting', () => {
  it('serves the page and system.info at once, and a call that needs the core once it is up', async () => {
    const core = pendingCore();
    const token = newHostToken();
    running = await startHost({ config: config.value, core: core.promise, logger: createMemoryLogger(), rendererDir, port: 0, token });
    const auth = { authorization: `Bearer ${token}` };

    expect((await fetch(running.url)).status).toBe(200);
    const info = await fetch(`${running.url}trpc/system.info`, { headers: auth });
    expect(info.status).toBe(200);
    expect((await info.json()).result.data).toMatchObject({ kioskName: config.value.kiosk.name, defaultLanguage: 'vi' });
    expect(await (await fetch(`${running.url}healthz`, { headers: auth })).json()).toEqual({ ok: true, state: 'starting', components: [] });

    // Asked before the core is up: answered once it is, not refused.
    let answered = false;
    const fields = fetch(`${running.url}trpc/catalog.fields`, { headers: auth }).then(async (r) => {
      answered = true;
      return { status: r.status, body: await r.json() };
    });
    // A second call through the same host proves the first is still waiting, not lost.
    await fetch(`${running.url}trpc/system.info`, { headers: auth });
    expect(answered).toBe(false);

    const status = new StatusBoard();
    status.set('catalog', 'ok', '21 procedures');
    core.resolve({ config: config.value, status, catalog: { fields: () => [{ id: 'ho-tich', count: 3 }] } } as unknown as KioskCore);
    const done = await fields;
    expect(done.status).toBe(200);
    expect(done.body.result.data).toEqual([{ id: 'ho-tich', count: 3 }]);
    const health = await (await fetch(`${running.url}healthz`, { headers: auth })).json();
    expect(health).toMatchObject({ ok: true, state: 'running' });
    expect(health.components.map((c: { name: string }) => c.name)).toContain('catalog');
  });
});
