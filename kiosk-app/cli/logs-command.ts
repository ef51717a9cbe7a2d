// `kiosk logs [--since 1h] [--level warn] [--json]`: what the kiosk logged, for a technician at
// the machine (or over SSH) the morning after. Lines are already scrubbed of personal data
// when written; this only reads them back, as a table or as JSON lines.
import { Option, type Command } from 'commander';
import { formatHanoiTimestamp } from '../../common/hanoi-time';
import { LOG_LEVELS, type LogLevel, type LogLine } from '../../common/logger';
import type { Result } from '../../common/result';
import { logDirOf } from '../core/logging/kiosk-log';
import { parseSince, readLogLines } from '../core/logging/log-reader';

export interface LogsCommandOptions {
  /** Reads a kiosk config (--config FILE) into its data dir, or says why not. */
  readonly locate: (configFile: string) => Result<string, string>;
  readonly write?: (s: string) => void;
  readonly now?: () => Date;
}

interface LogsFlags {
  since?: string;
  level: LogLevel;
  json?: boolean;
  limit: number;
  config?: string;
  dataDir?: string;
}

const SHOWN = new Set(['level', 'time', 'component', 'event']);

/** One line for people: Hanoi time, level, component, event, then the fields as key=value. */
export function formatLogLine(line: LogLine): string {
  const fields = Object.entries(line)
    .filter(([k]) => !SHOWN.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  return [formatHanoiTimestamp(line.time), line.level.toUpperCase().padEnd(5), line.component.padEnd(22), line.event, fields].join('  ').trimEnd();
}

export function registerLogsCommand(program: Command, options: LogsCommandOptions): Command {
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  return program
    .command('logs')
    .description("read the kiosk's log (newest last; no personal data is ever logged)")
    .option('--since <when>', 'only after this: 30m, 1h, 2d, or a date such as 2026-12-04')
    .addOption(new Option('--level <level>', 'only this level and above').choices(LOG_LEVELS).default('info'))
    .addOption(new Option('--limit <n>', 'at most this many lines, the newest').default(200).argParser((v) => Number.parseInt(v, 10)))
    .option('--json', 'one JSON object a line, as written')
    .option('--config <file>', "the kiosk's config: where its data dir is")
    .option('--data-dir <dir>', 'kiosk data directory')
    .action((o: LogsFlags) => {
      const fail = (message: string) => {
        write(o.json ? JSON.stringify({ error: { code: 'bad-input', message } }) + '\n' : message + '\n');
        process.exitCode = 2;
      };
      let dataDir = o.dataDir ?? process.env['KIOSK_DATA_DIR'];
      if (!dataDir && o.config) {
        const located = options.locate(o.config);
        if (!located.ok) return fail(located.error);
        dataDir = located.value;
      }
      if (!dataDir) return fail('No data dir: pass --config FILE (a real kiosk) or --data-dir DIR (the demo).');
      if (!Number.isInteger(o.limit) || o.limit < 1) return fail('--limit must be a whole number of lines, 1 or more.');
      let since: Date | undefined;
      if (o.since) {
        const parsed = parseSince(o.since, (options.now ?? (() => new Date()))());
        if (!parsed.ok) return fail(parsed.error);
        since = parsed.value;
      }
      const lines = readLogLines(logDirOf(dataDir), { minLevel: o.level, limit: o.limit, ...(since ? { since } : {}) });
      if (o.json) {
        for (const l of lines) write(JSON.stringify(l) + '\n');
        return;
      }
      if (lines.length === 0) {
        write(`No log lines${since ? ` since ${formatHanoiTimestamp(since)}` : ''} at level ${o.level} or above in ${logDirOf(dataDir)}.\n`);
        return;
      }
      for (const l of lines) write(formatLogLine(l) + '\n');
    });
}
