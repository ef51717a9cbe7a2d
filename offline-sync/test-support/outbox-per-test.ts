import { afterEach, beforeEach } from 'vitest';
import type { Logger } from '../../common/logger';
import { Outbox } from '../outbox/outbox';
import { openKioskStore, type KioskStore } from '../store/store';
import { tempDir } from './fixtures';

export interface OpenOutbox {
  readonly store: KioskStore;
  readonly outbox: Outbox;
  readonly dir: string;
}

/** A fresh encrypted store and outbox in a new folder for each test of the file, closed after it. */
export function outboxPerTest(onOpen: (o: OpenOutbox) => void, logger: Logger): void {
  let store: KioskStore | null = null;
  beforeEach(() => {
    const dir = tempDir('outbox');
    const r = openKioskStore({ dataDir: dir });
    if (!r.ok) throw new Error(r.error.message);
    store = r.value;
    onOpen({ store, outbox: new Outbox(store, { logger }), dir });
  });
  afterEach(() => store?.close());
}
