// CityGatewayClient.getCatalog against the sandbox: verified with the sandbox's public key,
// refused (malformed, what 'catalog', reason 'bad-signature' / 'unsigned') otherwise.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import shipped from '../../assets/catalog/procedures.json';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, DEVICE, TOKEN } from '../test-support/fixtures';
import { CityGatewayClient } from './city-gateway-client';

let sb: CitySandbox;
beforeAll(async () => {
  sb = await startCitySandbox({ dataDir: tempDir('client-catalog'), devices: [DEVICE] });
});
afterAll(() => sb.close());

const client = (baseUrl = sb.url) => new CityGatewayClient({ baseUrl, deviceToken: TOKEN, requestTimeoutMs: 2000 });

describe('city gateway client: signed catalogue', () => {
  it('takes the catalogue verified with the sandbox public key, all of it from null, nothing new at its version', async () => {
    const all = await client().getCatalog(null, sb.catalogPublicKeyPem);
    expect(all).toMatchObject({ ok: true, value: { version: shipped.version, removed: [] } });
    expect(all.ok && all.value.procedures.map((p) => p.code)).toEqual(shipped.procedures.map((p) => p.code));
    expect(await client().getCatalog(shipped.version, sb.catalogPublicKeyPem)).toEqual({ ok: true, value: { version: shipped.version, procedures: [], removed: [] } });
  });

  it('refuses it with another key as a malformed catalog answer, reason bad-signature', async () => {
    const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const r = await client().getCatalog(null, other);
    expect(r).toMatchObject({ ok: false, error: { code: 'malformed', what: 'catalog', reason: 'bad-signature' } });
  });

  it('refuses an unsigned catalogue and an altered one from a city that lies', async () => {
    const good = await (await fetch(`${sb.url}/v1/catalog`, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Record<string, unknown>;
    let answer: unknown = {};
    const liar = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)));
    await new Promise<void>((r) => liar.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
    try {
      answer = { ...good, signature: undefined };
      expect(await client(url).getCatalog(null, sb.catalogPublicKeyPem)).toMatchObject({ ok: false, error: { code: 'malformed', what: 'catalog', reason: 'unsigned' } });
      answer = { ...good, removed: ['1.001193'] };
      expect(await client(url).getCatalog(null, sb.catalogPublicKeyPem)).toMatchObject({ ok: false, error: { code: 'malformed', what: 'catalog', reason: 'bad-signature' } });
      answer = good;
      expect((await client(url).getCatalog(null, sb.catalogPublicKeyPem)).ok).toBe(true);
    } finally {
      await new Promise((r) => liar.close(r));
    }
  });
});
