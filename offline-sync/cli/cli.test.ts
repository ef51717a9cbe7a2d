import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { Command } from 'commander';
import { registerOutboxCommands } from './outbox-commands';
import { parsePoint, parseRouteFile, parseStaff, registerCitySandboxCommand } from './city-sandbox-command';
import type { CitySandbox } from '../city-sandbox/server';
import { openKioskStore } from '../store/store';
import { verifyCatalog } from '../city-client/catalog-signature';
import { Outbox } from '../outbox/outbox';
import { tempDir, sampleDossier, SAMPLE_ID_NUMBER, SAMPLE_NAME } from '../test-support/fixtures';
import { SOC_SON_BA_VI_ROUTE } from '../test-support/bus-route';

async function run(args: string[], register: (p: Command, w: (s: string) => void) => void): Promise<string> {
  let out = '';
  const p = new Command('kiosk').exitOverride();
  register(p, (s) => (out += s));
  process.exitCode = undefined;
  await p.parseAsync(['node', 'kiosk', ...args]);
  return out;
}
const outbox = (args: string[]) => run(args, (p, write) => registerOutboxCommands(p, { write }));

describe('kiosk outbox', () => {
  it('shows status, lists, shows and un-parks messages, and exports without personal data', async () => {
    const dir = tempDir('cli');
    const s = openKioskStore({ dataDir: dir });
    if (!s.ok) throw new Error('open');
    const ob = new Outbox(s.value);
    const a = ob.submitDossier(sampleDossier(1));
    const b = ob.submitDossier(sampleDossier(0));
    if (!a.ok || !b.ok) throw new Error('submit');
    ob.markRejected(a.value.id, 'invalid', 'procedure withdrawn');
    s.value.close();

    const status = await outbox(['outbox', 'status', '--data-dir', dir]);
    expect(status).toMatch(/Waiting to send : 1/);
    expect(status).toMatch(/Parked \(refused\): 1/);
    expect(JSON.parse(await outbox(['outbox', 'status', '--data-dir', dir, '--json']))).toMatchObject({ pending: 1, parked: 1 });

    const list = await outbox(['outbox', 'list', '--data-dir', dir, '--state', 'rejected']);
    expect(list).toContain(a.value.id);
    expect(list).not.toContain(b.value.id);
    expect(list.split('\n')[0]).toMatch(/^seq\s+kind\s+id\s+state/);

    const show = await outbox(['outbox', 'show', a.value.localRef, '--data-dir', dir]);
    expect(show).toContain('refused    invalid: procedure withdrawn');
    expect(show).toContain(a.value.localRef);

    expect(await outbox(['outbox', 'retry', a.value.id, '--data-dir', dir])).toContain('will be sent');
    expect(JSON.parse(await outbox(['outbox', 'status', '--data-dir', dir, '--json']))).toMatchObject({ pending: 2, parked: 0 });

    const exportDir = tempDir('export');
    expect(await outbox(['outbox', 'export', exportDir, '--data-dir', dir])).toMatch(/Wrote 2 message/);
    const report = fs.readFileSync(`${exportDir}/${fs.readdirSync(exportDir)[0]}`, 'utf8');
    expect(report).toContain(a.value.id);
    expect(report).not.toContain(SAMPLE_ID_NUMBER);
    expect(report).not.toContain(SAMPLE_NAME);
    expect(status + list + show).not.toContain(SAMPLE_ID_NUMBER);
  });

  it('says clearly when the store cannot be opened', async () => {
    const dir = tempDir('cli-bad');
    const created = openKioskStore({ dataDir: dir, key: { kind: 'raw', hex: 'a'.repeat(64) } });
    if (created.ok) created.value.close();
    const out = await outbox(['outbox', 'status', '--data-dir', dir]);
    expect(out).toMatch(/Cannot open the outbox/);
    expect(process.exitCode).toBe(2);
    process.exitCode = undefined;
  });
});

describe('kiosk city-sandbox', () => {
  it('starts with a demo device and prints its token', async () => {
    let sb: CitySandbox | undefined;
    const out = await run(['city-sandbox', '--port', '0', '--data-dir', tempDir('cli-sb')], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (sb = s) }));
    expect(out).toMatch(/Demo device enrolled: demo-kiosk-01\n {2}token: \S+/);
    const token = /token: (\S+)/.exec(out)![1]!;
    const res = await fetch(`${sb!.url}/v1/changes`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    await sb!.close();
  });

  it('enrols --device-token devices and refuses a malformed one', async () => {
    let sb: CitySandbox | undefined;
    await run(['city-sandbox', '--port', '0', '--data-dir', tempDir('cli-sb2'), '--device-token', 'bus-01=secret-token-1', '--faults', 'latency=1'], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (sb = s) }));
    expect((await fetch(`${sb!.url}/v1/changes`, { headers: { authorization: 'Bearer secret-token-1' } })).status).toBe(200);
    await sb!.close();
    await expect(run(['city-sandbox', '--data-dir', tempDir('x'), '--device-token', 'nope'], (p, write) => registerCitySandboxCommand(p, { write, handleSignals: false }))).rejects.toThrow(/DEVICE_ID=TOKEN/);
  });

  it('enrols --staff and --point with --slot-capacity, printing staff ids and roles but never a PIN', async () => {
    let sb: CitySandbox | undefined;
    const out = await run(['city-sandbox', '--port', '0', '--data-dir', tempDir('cli-sb3'), '--device-token', 'cp-01=secret-token-1',
      '--staff', 'BD001=482915:postal,operator', '--staff', 'KT9=7391:technician', '--point', 'BD-HK01', '--point', 'CP02', '--slot-capacity', '5'], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (sb = s) }));
    try {
      expect(out).toContain('staff:    BD001 (postal, operator)\n');
      expect(out).toContain('staff:    KT9 (technician)\n');
      expect(out).toContain('points:   BD-HK01, CP02 (5 places a slot)\n');
      expect(out).not.toContain('482915');
      expect(out).not.toContain('7391');
      const headers = { authorization: 'Bearer secret-token-1', 'content-type': 'application/json' };
      const signIn = await fetch(`${sb!.url}/v1/staff-sessions`, { method: 'POST', headers, body: JSON.stringify({ sessionId: '0193a0b4-0000-7000-8000-000000000001', staffId: 'BD001', pinProof: '482915', startedAt: new Date().toISOString() }) });
      expect(await signIn.json()).toMatchObject({ staffId: 'BD001', roles: ['postal', 'operator'] });
      const slots = await (await fetch(`${sb!.url}/v1/appointment-slots?point=CP02&from=2026-11-28&to=2026-11-28`, { headers })).json() as { slots: { capacity: number }[] };
      expect(slots.slots).toHaveLength(14);
      expect(slots.slots[0]!.capacity).toBe(5);
    } finally {
      await sb?.close();
    }
  });

  it('signs the catalogue with --catalog-key FILE and prints its public key (never the private one); refuses a key that is no Ed25519 key', async () => {
    const dir = tempDir('cli-catkey');
    const keys = crypto.generateKeyPairSync('ed25519');
    const file = path.join(dir, 'catalog-key.pem');
    fs.writeFileSync(file, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    let sb: CitySandbox | undefined;
    const out = await run(['city-sandbox', '--port', '0', '--data-dir', dir, '--device-token', 'k-01=secret-token-1', '--catalog-key', file], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (sb = s) }));
    try {
      expect(out).toContain(`catalogue key (${file}), public:\n${publicPem}`);
      expect(out).not.toContain('PRIVATE KEY');
      const a = await (await fetch(`${sb!.url}/v1/catalog`, { headers: { authorization: 'Bearer secret-token-1' } })).json();
      expect(verifyCatalog(a, publicPem).ok).toBe(true);
    } finally {
      await sb?.close();
    }
    // Without the switch a key is made and its public half printed.
    let made: CitySandbox | undefined;
    const out2 = await run(['city-sandbox', '--port', '0', '--data-dir', tempDir('cli-catkey2'), '--device-token', 'k-01=secret-token-1'], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (made = s) }));
    await made?.close();
    expect(out2).toContain(`catalogue key (made at start), public:\n${made!.catalogPublicKeyPem}`);
    fs.writeFileSync(file, 'not a key');
    const bad = await run(['city-sandbox', '--port', '0', '--data-dir', dir, '--catalog-key', file], (p, write) => registerCitySandboxCommand(p, { write, handleSignals: false }));
    expect(bad).toMatch(/^Cannot start the city sandbox: /);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
  });

  it('refuses a malformed --staff (roles, PIN, twice) or --point, never echoing the PIN', async () => {
    expect(parseStaff('BD001=1234:postal')).toEqual([{ staffId: 'BD001', pin: '1234', roles: ['postal'] }]);
    expect(parseStaff('C1=123456789012:collaborator,collaborator', parseStaff('BD001=1234:postal'))).toHaveLength(2);
    const refused = (v: string, prev = parseStaff('BD001=1234:postal')) => {
      try {
        parseStaff(v, prev);
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(refused('X=1234:boss')).toMatch(/unknown role "boss" \(roles: postal, collaborator, operator, technician\)/);
    expect(refused('X=1234:postal,')).toMatch(/unknown role/);
    expect(refused('X=123:postal')).toMatch(/STAFF_ID=PIN:ROLE/);
    expect(refused('X=1234567890123:postal')).toMatch(/STAFF_ID=PIN:ROLE/);
    expect(refused('X=12ab:postal')).toMatch(/PIN of 4–12 digits/);
    expect(refused('X=5555')).toMatch(/STAFF_ID=PIN:ROLE/);
    expect(refused('BD001=9876:postal')).toMatch(/given twice/);
    for (const v of ['X=123:postal', 'X=99999:boss', 'X=5555']) expect(refused(v)).not.toMatch(/123|99999|5555/);
    expect(parsePoint('BD-HK01', parsePoint('CP02'))).toEqual([{ code: 'CP02' }, { code: 'BD-HK01' }]);
    expect(() => parsePoint('BD HK01')).toThrow(/--point expects/);
    expect(() => parsePoint('')).toThrow(/--point expects/);
    const cli = (args: string[]) => run(['city-sandbox', '--data-dir', tempDir('x'), ...args], (p, write) => registerCitySandboxCommand(p, { write, handleSignals: false }));
    await expect(cli(['--staff', 'BD001=1234:boss'])).rejects.toThrow(/unknown role/);
    await expect(cli(['--point', 'a/b'])).rejects.toThrow(/--point expects/);
    await expect(cli(['--slot-capacity', '0'])).rejects.toThrow(/--slot-capacity expects/);
  });

  it('loads --route files and refuses a bad one naming the file and the field', async () => {
    const dir = tempDir('cli-route');
    const good = `${dir}/bus-ss-01.json`;
    fs.writeFileSync(good, JSON.stringify(SOC_SON_BA_VI_ROUTE, null, 2));
    let sb: CitySandbox | undefined;
    const out = await run(['city-sandbox', '--port', '0', '--data-dir', tempDir('cli-sb4'), '--device-token', 'bus-01=secret-token-1', '--route', good], (p, write) =>
      registerCitySandboxCommand(p, { write, handleSignals: false, onStarted: (s) => (sb = s) }));
    try {
      expect(out).toContain('route:    BUS-SS-01 (4 stops, version 3)\n');
      const headers = { authorization: 'Bearer secret-token-1' };
      expect(await (await fetch(`${sb!.url}/v1/routes/BUS-SS-01`, { headers })).json()).toEqual(SOC_SON_BA_VI_ROUTE);
      const visits = await (await fetch(`${sb!.url}/v1/route-visits?commune=${encodeURIComponent('phu linh')}&from=2026-12-01`, { headers })).json() as { visits: { date: string }[] };
      expect(visits.visits.map((v) => v.date)).toEqual(['2026-12-09', '2026-12-16']);
    } finally {
      await sb?.close();
    }

    const bad = `${dir}/bad.json`;
    fs.writeFileSync(bad, JSON.stringify({ ...SOC_SON_BA_VI_ROUTE, stops: SOC_SON_BA_VI_ROUTE.stops.map((s, i) => (i === 2 ? { ...s, lat: 'north' } : s)) }));
    const notJson = `${dir}/not.json`;
    fs.writeFileSync(notJson, '{ busId: ');
    const cli = (args: string[]) => run(['city-sandbox', '--data-dir', tempDir('x'), ...args], (p, write) => registerCitySandboxCommand(p, { write, handleSignals: false }));
    await expect(cli(['--route', bad])).rejects.toThrow(`--route ${bad}: stops.2.lat: `);
    await expect(cli(['--route', notJson])).rejects.toThrow(`--route ${notJson}: not JSON`);
    await expect(cli(['--route', `${dir}/missing.json`])).rejects.toThrow(/missing\.json: ENOENT/);
    await expect(cli(['--route', good, '--route', good])).rejects.toThrow(/bus BUS-SS-01 is given twice/);
    expect(parseRouteFile(good)).toEqual([SOC_SON_BA_VI_ROUTE]);
  });
});
