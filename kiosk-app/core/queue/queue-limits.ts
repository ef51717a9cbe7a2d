import { createHmac, randomBytes } from 'node:crypto';

// Where the iHanoi per-person counts are kept: the numbers a person took today, under a keyed
// hash of the day and the ID number (never the number itself). The kiosk keeps them in the
// encrypted store (offline-sync's StoredQueueClaims), so a restart does not hand out a third
// number; tests and a core without a store use memoryQueueLimits.

export interface QueueClaim {
  readonly id: number;
  readonly field: string;
  /** Null while the number is being issued. */
  readonly number: string | null;
}

export interface QueueLimitStore {
  /** A keyed hash of (day, ID number): the same person gets the same key all day, and only that day. */
  personKey(day: string, idNumber: string): string;
  claims(day: string, personKey: string): readonly QueueClaim[];
  /** Holds a place before the city is asked, so two taps cannot pass the limit together. */
  reserve(day: string, personKey: string, field: string): number;
  assign(id: number, number: string): void;
  release(id: number): void;
  /** Forgets every claim of the days before `day`. */
  purgeBefore(day: string): number;
  /** At start: drops places held by a process that stopped before its number was issued. */
  releaseUnfinished(): number;
}

export function memoryQueueLimits(): QueueLimitStore {
  const salt = randomBytes(32);
  const rows: Array<QueueClaim & { day: string; personKey: string }> = [];
  let nextId = 1;
  const drop = (keep: (r: (typeof rows)[number]) => boolean) => {
    const before = rows.length;
    const kept = rows.filter(keep);
    rows.splice(0, rows.length, ...kept);
    return before - rows.length;
  };
  return {
    personKey: (day, idNumber) => createHmac('sha256', salt).update(`${day}\n${idNumber}`).digest('base64url'),
    claims: (day, personKey) => rows.filter((r) => r.day === day && r.personKey === personKey).map(({ id, field, number }) => ({ id, field, number })),
    reserve(day, personKey, field) {
      const id = nextId++;
      rows.push({ id, day, personKey, field, number: null });
      return id;
    },
    assign(id, number) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) rows[i] = { ...rows[i]!, number };
    },
    release: (id) => void drop((r) => r.id !== id),
    purgeBefore: (day) => drop((r) => r.day >= day),
    releaseUnfinished: () => drop((r) => r.number !== null),
  };
}
