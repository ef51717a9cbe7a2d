import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScanimage } from './sane';

// A stand-in scanimage, as a shell script, to drive the transport through behaviour the real
// one shows only now and then.
function fakeScanimage(script: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'fake-scanimage-')), 'scanimage');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('runScanimage', () => {
  it('stops a scanimage that hangs after its batch summary, and keeps the outcome it printed', async () => {
    const path = fakeScanimage('echo "scanimage: sane_start: Document feeder out of documents" >&2\necho "Batch terminated, 1 page scanned" >&2\nsleep 30');
    const run = await runScanimage(['--batch=x'], { scanimagePath: path }, 20_000);
    expect(run.condition).toBe('no-docs');
    expect(run.exitCode).toBe(0);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('still times out a scanimage that hangs before finishing', async () => {
    const path = fakeScanimage('echo "Scanning page 1" >&2\nsleep 30');
    const run = await runScanimage(['--batch=x'], { scanimagePath: path }, 1500);
    expect(run.condition).toBe('timeout');
    expect(run.exitCode).toBeNull();
  });
});
