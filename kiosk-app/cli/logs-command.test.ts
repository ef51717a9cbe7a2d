import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { err, ok } from '../../common/result';
import { openKioskLog } from '../core/logging/kiosk-log';
import { registerLogsCommand } from './logs-command';

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-logs-cmd-'));
  const log = await openKioskLog({ dataDir, level: 'info', maxFileMb: 1, keepFiles: 2, stderr: false });
  log.logger.info('started', { demo: true });
  log.logger.child('sync').warn('round-failed', { status: 503, message: 'city answered 503' });
  log.logger.child('printer').error('paper-out');
  await log.close();
});

afterEach(() => {
  process.exitCode = undefined;
});

async function logs(...args: string[]): Promise<string> {
  const out: string[] = [];
  const program = new Command('kiosk').exitOverride();
  registerLogsCommand(program, {
    locate: (file) => (file === 'kiosk.json' ? ok(dataDir) : err(`cannot read ${file}`)),
    write: (s) => out.push(s),
    now: () => new Date(),
  });
  await program.parseAsync(['node', 'kiosk', 'logs', ...args]);
  return out.join('');
}

describe('kiosk logs', () => {
  it('prints lines for people: Hanoi time, level, component, event, fields', async () => {
    const text = await logs('--data-dir', dataDir);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}WARN {3}kiosk\.sync +round-failed {2}status=503 message="city answered 503"$/);
  });

  it('filters by level and time, finds the data dir from the config, and speaks JSON', async () => {
    expect((await logs('--config', 'kiosk.json', '--level', 'error')).trimEnd().split('\n')).toHaveLength(1);
    const json = (await logs('--data-dir', dataDir, '--level', 'warn', '--json')).trimEnd().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(json.map((l) => l.event)).toEqual(['round-failed', 'paper-out']);
    expect(await logs('--data-dir', dataDir, '--since', '2099-01-01')).toMatch(/^No log lines since .* at level info/);
  });

  it('refuses bad input with a reason and exit code 2', async () => {
    expect(await logs('--data-dir', dataDir, '--since', 'yesterday')).toMatch(/not a time: use 30m, 1h, 2d/);
    expect(process.exitCode).toBe(2);
    expect(await logs('--config', 'other.json')).toMatch(/cannot read other.json/);
    expect(await logs()).toMatch(/No data dir/);
    await expect(logs('--data-dir', dataDir, '--level', 'loud')).rejects.toThrow(/Allowed choices/);
  });
});
