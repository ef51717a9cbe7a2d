// Structured log lines. Callers pass event names and non-personal fields only:
// never an ID number, a name, a card number or form answers.
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(component: string): Logger;
}

type Sink = (line: string) => void;

export function createLogger(component: string, sink: Sink = (l) => process.stderr.write(l + '\n')): Logger {
  const write = (level: string, event: string, fields?: LogFields) =>
    sink(JSON.stringify({ t: new Date().toISOString(), level, component, event, ...fields }));
  return {
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    child: (c) => createLogger(`${component}.${c}`, sink),
  };
}

/** Collects lines in memory, for tests that assert what was (not) logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger('test', (l) => lines.push(l));
  return Object.assign(logger, { lines });
}

export const silentLogger: Logger = createLogger('silent', () => {});
