import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hanoiMidnight } from '../../../common/hanoi-time';
import { LOG_LEVELS, type LogLevel, type LogLine } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import { LOG_FILE_BASE, LOG_FILE_EXTENSION } from './kiosk-log';

// Reads the kiosk's own log files back (for `kiosk logs` and the maintenance panel): newest
// file first, stopping as soon as enough lines are found or the files are older than asked.

export interface LogQuery {
  /** Only lines at or after this time. */
  readonly since?: Date;
  /** Only lines at this level or above. */
  readonly minLevel?: LogLevel;
  /** At most this many, the newest. */
  readonly limit?: number;
}

const rank = (level: string) => LOG_LEVELS.indexOf(level as LogLevel);
const FILE = new RegExp(`^${LOG_FILE_BASE}\\.(\\d+)${LOG_FILE_EXTENSION.replace('.', '\\.')}$`);

/** The log files in `dir`, newest first (pino-roll numbers them upwards). */
export function logFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((n) => ({ n, m: FILE.exec(n) }))
    .filter((f): f is { n: string; m: RegExpExecArray } => f.m !== null)
    .sort((a, b) => Number(b.m[1]) - Number(a.m[1]))
    .map((f) => join(dir, f.n));
}

function parseLine(text: string): LogLine | null {
  if (!text.startsWith('{')) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v['time'] !== 'string' || typeof v['event'] !== 'string' || rank(String(v['level'])) < 0) return null;
    return { ...v, component: typeof v['component'] === 'string' ? v['component'] : '' } as LogLine;
  } catch {
    // A line cut by a crash or a rotation mid-write.
    return null;
  }
}

/** Matching lines, oldest first. */
export function readLogLines(dir: string, query: LogQuery = {}): LogLine[] {
  const limit = query.limit ?? Number.POSITIVE_INFINITY;
  const since = query.since?.getTime();
  const min = query.minLevel ? rank(query.minLevel) : 0;
  const found: LogLine[] = [];
  for (const file of logFiles(dir)) {
    let text: string;
    try {
      if (since !== undefined && statSync(file).mtimeMs < since) break;
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // rotated away between listing and reading
    }
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && found.length < limit; i--) {
      const line = parseLine(lines[i]!);
      if (!line || rank(line.level) < min) continue;
      if (since !== undefined && Date.parse(line.time) < since) continue;
      found.push(line);
    }
    if (found.length >= limit) break;
  }
  return found.reverse();
}

/** `--since`: a duration back from now (`90s`, `30m`, `1h`, `2d`) or a date/time (`2026-12-04`, ISO 8601). */
export function parseSince(text: string, now: Date): Result<Date, string> {
  const d = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (d) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[d[2] as 's' | 'm' | 'h' | 'd'];
    return ok(new Date(now.getTime() - Number(d[1]) * unit));
  }
  const refused = err(`"${text}" is not a time: use 30m, 1h, 2d, or a date such as 2026-12-04`);
  // A bare date is midnight in Hanoi, the day the technician means.
  if (/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) {
    const midnight = hanoiMidnight(text.trim());
    return midnight ? ok(midnight) : refused;
  }
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? refused : ok(new Date(t));
}
