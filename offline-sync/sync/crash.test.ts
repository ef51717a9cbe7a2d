// SIGKILLs a real kiosk process at 100+ random points while it submits and syncs, restarts it,
// and proves from the sandbox's own database that every dossier acknowledged to a citizen
// arrived exactly once, with intact attachments and exactly one payment.
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { openKioskStore } from '../store/store';
import { tempDir } from '../test-support/fixtures';
import { verifyArrivals } from '../test-support/verify';

const CHILD = fileURLToPath(new URL('../test-support/crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KILLS = Number(process.env.CRASH_KILLS ?? 104);
const TOKEN = 'crash-token-0123456789';

let sb: CitySandbox;
const readyMs: number[] = [];
afterAll(() => sb?.close());

function runChild(dataDir: string, ackLog: string, mode: 'work' | 'drain', seed: number, killAfterReadyMs?: number): Promise<{ code: number | null; signal: string | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // node itself (not a wrapper) so SIGKILL hits the process that holds the database.
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, sb.url, TOKEN, ackLog, mode, String(seed)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const t0 = Date.now();
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (killAfterReadyMs !== undefined && out.includes('READY') && !child.killed) {
        readyMs.push(Date.now() - t0);
        setTimeout(() => child.kill('SIGKILL'), killAfterReadyMs);
      }
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code, signal) => resolve({ code, signal, out, err }));
  });
}

describe('crash safety', () => {
  it(`loses and duplicates nothing across ${KILLS} SIGKILLs during submit and sync`, async () => {
    sb = await startCitySandbox({ dataDir: tempDir('crash-sb'), devices: [{ id: 'crash-kiosk', token: TOKEN }], seed: 7 });
    // Two kiosks (own data dirs, own device ids would be realistic; one device is enough here)
    // are killed in parallel lanes to use both cores; each lane is a strict kill/restart sequence.
    let rng = 12345;
    const rand = () => ((rng = (rng * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lanes = [0, 1].map((lane) => ({ lane, dataDir: path.join(tempDir(`crash-k${lane}`), 'data'), ackLog: path.join(tempDir('crash-log'), 'acked.jsonl') }));
    let killed = 0;
    const t0 = Date.now();
    await Promise.all(lanes.map(async (l) => {
      for (let i = 0; i < Math.ceil(KILLS / lanes.length); i++) {
        const r = await runChild(l.dataDir, l.ackLog, 'work', l.lane * 1000 + i + 1, Math.floor(rand() * 300));
        if (r.signal === 'SIGKILL') killed++;
        else throw new Error(`child ended on its own (code ${r.code}): ${r.err.slice(-500)}`);
      }
    }));
    const tDrain = Date.now();
    for (const l of lanes) {
      const drain = await runChild(l.dataDir, l.ackLog, 'drain', 999);
      expect(drain.code, drain.err.slice(-500)).toBe(0);
    }
    const drainMs = Date.now() - tDrain;

    const acked = lanes.flatMap((l) => fs.readFileSync(l.ackLog, 'utf8').split('\n').filter((x) => x.trim()).map((x) => JSON.parse(x) as { dossierId: string; paymentId: string; shas: string[] }));
    const v = verifyArrivals(sb.db, sb.uploadsDir, acked);
    expect(v.problems).toEqual([]);
    // Nothing extra either: every dossier the city has is one a kiosk committed, and vice versa.
    const local = new Set<string>();
    for (const l of lanes) {
      const store = openKioskStore({ dataDir: l.dataDir });
      if (!store.ok) throw new Error(store.error.message);
      for (const r of store.value.db.prepare('SELECT id FROM dossiers').all() as { id: string }[]) local.add(r.id);
      expect(store.value.db.pragma('integrity_check', { simple: true })).toBe('ok');
      store.value.close();
    }
    const remote = (sb.db.prepare('SELECT id FROM dossiers').all() as { id: string }[]).map((r) => r.id);
    expect(remote.filter((id) => !local.has(id))).toEqual([]);
    expect(remote.length).toBe(local.size);
    const replays = sb.db.prepare('SELECT COALESCE(SUM(puts - 1), 0) AS n FROM dossiers').get() as { n: number };
    const resumed = sb.stats().byRoute['HEAD /v1/uploads/*'] ?? 0;
    console.log(`crash test: ${killed} kills, ${acked.length} dossiers acknowledged to citizens, ${remote.length} on the city side, ${v.payments} payments, ${replays.n} idempotent PUT replays, ${resumed} uploads resumed after a restart (tus HEAD); kill loop ${tDrain - t0} ms, drain ${drainMs} ms; ready avg ${Math.round(readyMs.reduce((a, b) => a + b, 0) / readyMs.length)} ms`);
    expect(killed).toBeGreaterThanOrEqual(100);
    // The kills landed while work was going on: many dossiers were acknowledged across restarts.
    expect(acked.length).toBeGreaterThan(KILLS / 2);
  }, 240_000);
});
