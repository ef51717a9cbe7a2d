import pino, { type DestinationStream } from 'pino';
import { PERSONAL_FIELD_KEYS, REDACTED, scrubValue } from './personal-data';

// Structured log lines (pino). Callers pass an event name and non-personal fields; as a
// second line of defence every line is scrubbed on the way out: personal keys are redacted
// wherever they sit and ID, card and phone numbers are masked inside any text.

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(component: string): Logger;
}

/**
 * One line as written: `{"level":"warn","time":"…","component":"kiosk.sync","event":"…",…}`.
 * The reader (`kiosk logs`, the maintenance panel) parses exactly this.
 */
export interface LogLine {
  readonly level: LogLevel;
  readonly time: string;
  readonly component: string;
  readonly event: string;
  readonly [field: string]: unknown;
}

/** pino's options for every kiosk logger: one line shape, redaction, scrubbing. */
export function kioskPinoOptions(level: LogLevel): pino.LoggerOptions {
  return {
    level,
    base: null,
    messageKey: 'event',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (fields) => scrubValue(fields) as Record<string, unknown>,
    },
    redact: { paths: PERSONAL_FIELD_KEYS.flatMap((k) => [k, `*.${k}`]), censor: REDACTED },
  };
}

function wrap(root: pino.Logger, component: string): Logger {
  const p = root.child({ component });
  return {
    debug: (e, f) => p.debug(f ?? {}, e),
    info: (e, f) => p.info(f ?? {}, e),
    warn: (e, f) => p.warn(f ?? {}, e),
    error: (e, f) => p.error(f ?? {}, e),
    child: (c) => wrap(root, `${component}.${c}`),
  };
}

/** A logger writing to a pino destination (a file, a multistream, stderr). */
export function loggerOn(destination: DestinationStream, component: string, level: LogLevel = 'info'): Logger {
  return wrap(pino(kioskPinoOptions(level), destination), component);
}

type Sink = (line: string) => void;

/** A logger writing whole lines synchronously to `sink` (default: stderr, which systemd sends to the journal). */
export function createLogger(component: string, sink: Sink = (l) => process.stderr.write(l + '\n'), level: LogLevel = 'info'): Logger {
  return loggerOn({ write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }, component, level);
}

/** Collects lines in memory, for tests that assert what was (not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger('test', (l) => lines.push(l), 'debug');
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = wrap(pino({ level: 'silent' }), 'silent');
