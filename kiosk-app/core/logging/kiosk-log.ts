import { join } from 'node:path';
import pino from 'pino';
import pinoRoll, { type RollStream } from 'pino-roll';
import { loggerOn, type Logger, type LogLevel } from '../../../common/logger';

// The kiosk's log: every line to a rotating file under the data dir (what `kiosk logs` and
// the maintenance panel read) and to stderr (which systemd sends to the journal). The file
// stream runs in this thread, not a pino worker transport: a bundled app has no worker
// entry files to find, and a kiosk logs a few lines a minute.

export const LOG_FILE_BASE = 'kiosk';
export const LOG_FILE_EXTENSION = '.log';

export function logDirOf(dataDir: string): string {
  return join(dataDir, 'logs');
}

export interface KioskLogOptions {
  readonly dataDir: string;
  readonly level: LogLevel;
  /** A file is closed and a new one begun at this size. */
  readonly maxFileMb: number;
  /** Files kept, the current one included; older ones are deleted, also those of earlier runs. */
  readonly keepFiles: number;
  /** Also to stderr (the journal). Off for the CLI's own reading commands and tests. */
  readonly stderr?: boolean;
}

export interface KioskLog {
  readonly logger: Logger;
  readonly dir: string;
  /** Writes what is buffered; safe to call from an exit handler. */
  flush(): void;
  close(): Promise<void>;
}

export async function openKioskLog(options: KioskLogOptions): Promise<KioskLog> {
  const dir = logDirOf(options.dataDir);
  const file: RollStream = await pinoRoll({
    file: join(dir, LOG_FILE_BASE),
    extension: LOG_FILE_EXTENSION,
    size: `${options.maxFileMb}m`,
    limit: { count: Math.max(1, options.keepFiles - 1), removeOtherLogFiles: true },
    mkdir: true,
    // Each line is on disk when the call returns (a crash loses nothing), and pino-roll's
    // size check runs after every write; a kiosk logs a few lines a minute.
    sync: true,
  });
  const streams: pino.StreamEntry[] = [{ level: options.level, stream: file }];
  if (options.stderr !== false) streams.push({ level: options.level, stream: process.stderr });
  const logger = loggerOn(pino.multistream(streams), 'kiosk', options.level);
  const flush = () => {
    try {
      file.flushSync();
    } catch {
      // Nothing written yet, or the stream is already closed.
    }
  };
  return {
    logger,
    dir,
    flush,
    close: () =>
      new Promise<void>((resolve) => {
        flush();
        file.once('close', resolve);
        file.once('error', resolve);
        file.end();
      }),
  };
}
