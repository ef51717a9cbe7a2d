// A kiosk killed in the middle of a scan upload resumes, after restart, from the offset the
// server already has (tus HEAD), not from zero, and without creating a second upload.
import { describe, it, expect, afterAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startCitySandbox, type CitySandbox } from '../city-sandbox/server';
import { tempDir, waitFor } from '../test-support/fixtures';
import { verifyArrivals } from '../test-support/verify';

const CHILD = fileURLToPath(new URL('../test-support/resume-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'bus-token-0123456789';
let sb: CitySandbox;
afterAll(() => sb?.close());

function spawnChild(dataDir: string): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, sb.url, TOKEN], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  return { child, out: () => out, exit: new Promise((r) => child.on('exit', (code) => r(code))) };
}

describe('resumable upload', () => {
  it('resumes a half-finished upload from the server offset after a SIGKILL', async () => {
    // Slow PATCHes so the kill lands mid-file.
    sb = await startCitySandbox({ dataDir: tempDir('resume-sb'), devices: [{ id: 'bus-01', token: TOKEN }], faults: 'latency=25,only=/v1/uploads/' });
    const dataDir = path.join(tempDir('resume-k'), 'data');
    const first = spawnChild(dataDir);
    await waitFor(() => sb.stats().patches.length >= 5, 30_000);
    first.child.kill('SIGKILL');
    await first.exit;
    const [, dossierId, sha] = /SUBMITTED (\S+) (\S+)/.exec(first.out())!;
    const uploadId = sb.stats().patches[0]!.uploadId;
    await new Promise((r) => setTimeout(r, 200)); // let the server finish writing what it received
    const serverHas = fs.statSync(path.join(sb.uploadsDir, uploadId)).size;
    expect(serverHas).toBeGreaterThan(0);
    expect(serverHas).toBeLessThan(1_500_000);
    const patchesBefore = sb.stats().patches.length;

    sb.setFaults('');
    const second = spawnChild(dataDir);
    expect(await second.exit).toBe(0);
    const resumed = sb.stats().patches.slice(patchesBefore);
    expect(resumed[0]).toEqual({ uploadId, offset: serverHas });
    expect(sb.stats().byRoute['POST /v1/uploads']).toBe(1); // no second upload was created
    expect(verifyArrivals(sb.db, sb.uploadsDir, [{ dossierId: dossierId!, shas: [sha!] }]).problems).toEqual([]);
  }, 60_000);
});
