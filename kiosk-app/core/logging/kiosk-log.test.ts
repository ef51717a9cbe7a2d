import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logDirOf, openKioskLog } from './kiosk-log';
import { logFiles, parseSince, readLogLines } from './log-reader';

const tempDataDir = () => mkdtempSync(join(tmpdir(), 'kiosk-log-'));

describe('the kiosk log file', () => {
  it('is written under <data-dir>/logs, private, and read back with level, time and limit filters', async () => {
    const dataDir = tempDataDir();
    const old = process.umask(0o077);
    const log = await openKioskLog({ dataDir, level: 'info', maxFileMb: 1, keepFiles: 3, stderr: false });
    try {
      log.logger.debug('not-written');
      log.logger.info('started', { demo: false });
      log.logger.child('sync').warn('round-failed', { status: 503 });
      log.logger.child('printer').error('paper-out');
    } finally {
      await log.close();
      process.umask(old);
    }
    const files = logFiles(logDirOf(dataDir));
    expect(files).toHaveLength(1);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
    expect(readLogLines(logDirOf(dataDir)).map((l) => l.event)).toEqual(['started', 'round-failed', 'paper-out']);
    expect(readLogLines(logDirOf(dataDir), { minLevel: 'warn' }).map((l) => `${l.component} ${l.event}`)).toEqual(['kiosk.sync round-failed', 'kiosk.printer paper-out']);
    expect(readLogLines(logDirOf(dataDir), { limit: 1 }).map((l) => l.event)).toEqual(['paper-out']);
    expect(readLogLines(logDirOf(dataDir), { since: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('rotates at its size and keeps only the newest files, also those of earlier runs', async () => {
    const dataDir = tempDataDir();
    const filler = 'x'.repeat(1000);
    for (let run = 0; run < 2; run++) {
      const log = await openKioskLog({ dataDir, level: 'info', maxFileMb: 1, keepFiles: 3, stderr: false });
      // ~2.5 MB a run: at 1 MB a file that is three files a run. Written as a busy kiosk
      // writes, a line at a time between other work: pino-roll rolls when its stream drains.
      for (let i = 0; i < 2500; i++) {
        log.logger.info('filler', { run, i, filler });
        if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
      }
      await log.close();
    }
    const files = readdirSync(logDirOf(dataDir));
    expect(files.length).toBeLessThanOrEqual(3);
    for (const f of files) expect(statSync(join(logDirOf(dataDir), f)).size).toBeLessThan(1.2 * 1024 * 1024);
    // The newest lines are the last run's last ones, in order.
    const last = readLogLines(logDirOf(dataDir), { limit: 2 });
    expect(last.map((l) => [l['run'], l['i']])).toEqual([[1, 2498], [1, 2499]]);
  });

  it('skips cut lines and files older than --since without reading them', async () => {
    const dataDir = tempDataDir();
    const log = await openKioskLog({ dataDir, level: 'info', maxFileMb: 1, keepFiles: 3, stderr: false });
    log.logger.warn('kept');
    await log.close();
    const [file] = logFiles(logDirOf(dataDir));
    const text = readFileSync(file!, 'utf8');
    // A crash mid-write leaves half a line.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file!, '{"level":"warn","time":"2026-');
    expect(readLogLines(logDirOf(dataDir)).map((l) => l.event)).toEqual(['kept']);
    expect(text).toContain('"event":"kept"');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(file!, past, past);
    expect(readLogLines(logDirOf(dataDir), { since: new Date(Date.now() - 60_000) })).toEqual([]);
  });
});

describe('parseSince', () => {
  const now = new Date('2026-12-04T12:00:00Z');
  it.each([
    ['90s', '2026-12-04T11:58:30.000Z'],
    ['30m', '2026-12-04T11:30:00.000Z'],
    ['1h', '2026-12-04T11:00:00.000Z'],
    ['2d', '2026-12-02T12:00:00.000Z'],
    ['2026-12-04', '2026-12-03T17:00:00.000Z'],
    ['2026-12-04T08:00:00+07:00', '2026-12-04T01:00:00.000Z'],
  ])('%s', (text, iso) => expect(parseSince(text, now)).toEqual({ ok: true, value: new Date(iso) }));

  it('refuses what is not a time, saying what is', () => {
    const r = parseSince('yesterday', now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/30m, 1h, 2d/);
  });
});
