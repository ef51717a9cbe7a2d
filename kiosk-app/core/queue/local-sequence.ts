import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../../../common/logger';
import { LOCAL_SEQUENCE_START } from './queue-policy';

// The branch kiosk's own numbering while the city does not answer. Kept in a small file so a
// restart in the middle of an offline day never prints the same number twice. It holds no
// personal data: one counter per branch and field, for today only.

export interface LocalSequence {
  /** The next local number of a branch and field on a (Hanoi) day: 501, 502, … */
  next(day: string, branchCode: string, field: string): number;
}

interface State {
  day: string;
  counters: Record<string, number>;
}

export function fileLocalSequence(file: string, logger: Logger): LocalSequence {
  let state: State | null = null;
  const load = (): State => {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
      if (typeof raw.day === 'string' && raw.counters && typeof raw.counters === 'object') return { day: raw.day, counters: { ...raw.counters } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('local-sequence-unreadable', { message: (e as Error).message.slice(0, 80) });
    }
    return { day: '', counters: {} };
  };
  return {
    next(day, branchCode, field) {
      state ??= load();
      if (state.day !== day) state = { day, counters: {} };
      const key = `${branchCode}|${field}`;
      const n = Math.max(LOCAL_SEQUENCE_START, (state.counters[key] ?? LOCAL_SEQUENCE_START - 1) + 1);
      state.counters[key] = n;
      try {
        mkdirSync(dirname(file), { recursive: true });
        const tmp = `${file}.tmp`;
        writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
        renameSync(tmp, file);
      } catch (e) {
        // The number is still unique for this run; only a restart could repeat it.
        logger.warn('local-sequence-not-saved', { message: (e as Error).message.slice(0, 80) });
      }
      return n;
    },
  };
}

/** For tests and kiosks without a data dir. */
export function memoryLocalSequence(): LocalSequence {
  const counters = new Map<string, number>();
  return {
    next(day, branchCode, field) {
      const key = `${day}|${branchCode}|${field}`;
      const n = (counters.get(key) ?? LOCAL_SEQUENCE_START - 1) + 1;
      counters.set(key, n);
      return n;
    },
  };
}
