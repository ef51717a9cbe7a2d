// GET /v1/catalog on the sandbox: the shipped procedures at the shipped version, signed with
// the given key (or one made at start); nothing new at the current version.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import crypto from 'node:crypto';
import shipped from '../../assets/catalog/procedures.json';
import { startCitySandbox, type CitySandbox } from './server';
import { verifyCatalog } from '../city-client/catalog-signature';
import { tempDir, api, DEVICE } from '../test-support/fixtures';

const key = crypto.generateKeyPairSync('ed25519');
const privatePem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let sb: CitySandbox;
beforeAll(async () => {
  sb = await startCitySandbox({ dataDir: tempDir('sandbox-catalog'), devices: [DEVICE], catalogKeyPem: privatePem });
});
afterAll(() => sb.close());

describe('city sandbox: signed catalogue', () => {
  it('serves every shipped procedure at the shipped version, signed with the given key (unknown or no since: everything)', async () => {
    expect(sb.catalogPublicKeyPem).toBe(publicPem);
    for (const q of ['', '?since=2020.01.01-1']) {
      const a = await api(sb.url, 'GET', `/v1/catalog${q}`);
      expect(a.status).toBe(200);
      expect(Object.keys(a.body).sort()).toEqual(['procedures', 'removed', 'signature', 'version']);
      expect(a.body).toMatchObject({ version: shipped.version, removed: [] });
      expect(a.body.procedures).toEqual(shipped.procedures);
      expect(verifyCatalog(a.body, publicPem)).toMatchObject({ ok: true, value: { version: shipped.version } });
    }
  });

  it('answers nothing new, still signed, at the current version; 401 without a device token', async () => {
    const a = await api(sb.url, 'GET', `/v1/catalog?since=${encodeURIComponent(shipped.version)}`);
    expect(a.body).toMatchObject({ version: shipped.version, procedures: [], removed: [], signature: expect.any(String) });
    expect(verifyCatalog(a.body, publicPem)).toEqual({ ok: true, value: { version: shipped.version, procedures: [], removed: [] } });
    expect((await api(sb.url, 'GET', '/v1/catalog', undefined, 'nobody-token')).status).toBe(401);
  });

  it('makes its own key when given none, and refuses a key that is not Ed25519', async () => {
    const own = await startCitySandbox({ dataDir: tempDir('sandbox-catalog-own'), devices: [DEVICE] });
    try {
      expect(own.catalogPublicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(own.catalogPublicKeyPem).not.toBe(publicPem);
      const a = await api(own.url, 'GET', '/v1/catalog');
      expect(verifyCatalog(a.body, own.catalogPublicKeyPem).ok).toBe(true);
      expect(verifyCatalog(a.body, publicPem)).toMatchObject({ ok: false, error: { code: 'bad-signature' } });
    } finally {
      await own.close();
    }
    const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(startCitySandbox({ dataDir: tempDir('sandbox-catalog-ec'), devices: [DEVICE], catalogKeyPem: ec })).rejects.toThrow(/Ed25519/);
  });
});
