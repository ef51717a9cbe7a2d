import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../common/clock';
import { hanoiDate } from '../../../common/hanoi-time';
import type { Logger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { SyncWorker } from '../../../offline-sync';
import type { CatalogService } from '../catalog/catalog-service';
import type { LocalizedText } from '../catalog/catalog-schema';
import type { KioskConfig } from '../config/config-schema';
import { isRealDate } from '../dossier/form-validation';
import type { IdentityReader, ReceiptPrinterPort } from '../dossier/journey-ports';
import { maskIdNumber } from '../dossier/journey-service';
import { memoryLocalSequence, type LocalSequence } from './local-sequence';
import { memoryQueueLimits, type QueueClaim, type QueueLimitStore } from './queue-limits';
import { ageOn, checkLimits, decidePriority, ELDERLY_AGE, estimateWaitMinutes, formatTicketNumber, LOCAL_SEQUENCE_START, type Priority } from './queue-policy';

// Taking a queue number (lấy số thứ tự): the citizen picks a branch and a field, shows who
// they are (card or typed number), and gets a printed ticket. The iHanoi limits are counted
// per person per day under a keyed hash of the day and the ID number, kept in the encrypted
// store (so a restart does not reset them) and purged once the day is over; the ID number
// itself is never stored or logged.

export type QueueError =
  | { code: 'identify-again' }
  | { code: 'invalid-id-number' }
  | { code: 'invalid-date-of-birth' }
  | { code: 'dob-mismatch' }
  | { code: 'unknown-branch' }
  | { code: 'unknown-field' }
  | { code: 'daily-limit'; limit: number; numbers: string[] }
  | { code: 'field-limit'; existingNumber: string }
  | { code: 'busy' }
  | { code: 'city-unavailable' }
  | { code: 'storage' }
  | { code: 'device'; device: 'idreader'; reason: string };

export interface Branch {
  readonly code: string;
  readonly name: LocalizedText;
}

export interface QueueField {
  readonly code: string;
  readonly name: LocalizedText;
  readonly prefix: string;
}

export interface Identification {
  /** Opaque, short-lived handle; the renderer never holds the ID number. */
  readonly holderRef: string;
  readonly idNumberMasked: string;
  readonly source: 'card' | 'typed';
  /** Aged 75 or over on the date of birth known (card, or typed). */
  readonly elderly: boolean;
}

export interface IssuedTicket {
  readonly ticketId: string;
  readonly number: string;
  readonly branch: Branch;
  readonly field: QueueField;
  readonly counterHint: string | null;
  readonly estimatedWaitMinutes: number;
  readonly issuedAt: string;
  readonly priority: Priority;
  readonly needsStaffConfirmation: boolean;
  /** 'local': the city did not answer and this branch kiosk numbered it itself. */
  readonly source: 'city' | 'local';
  readonly printed: boolean;
  readonly printError: string | null;
}

export interface QueueService {
  options(): { branches: Branch[]; fields: QueueField[]; branchKiosk: boolean };
  readCard(timeoutMs: number): Promise<Result<Identification, QueueError>>;
  /** The citizen left the card step: stop waiting for the reader. */
  cancelCardRead(): void;
  identifyTyped(input: { idNumber: string; dateOfBirth?: string }): Result<Identification, QueueError>;
  take(input: { holderRef: string; branchCode: string; field: string; claim?: 'disabled' | 'pregnant'; lang: string }): Promise<Result<IssuedTicket, QueueError>>;
  /** The session ended: drop the handle. */
  forget(holderRef: string): void;
}

export interface QueueServiceDeps {
  readonly config: KioskConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly worker: Pick<SyncWorker, 'requestQueueTicket' | 'getState'>;
  readonly catalog: CatalogService;
  readonly idReader: IdentityReader;
  readonly printer: ReceiptPrinterPort;
  readonly localSequence?: LocalSequence;
  /** Per-person counts (the kiosk: the encrypted store); default in memory. */
  readonly limits?: QueueLimitStore;
  /** How long a citizen waits for the city's number before the branch numbers it (default 4 s). */
  readonly cityTimeoutMs?: number;
  /** For the local wait estimate (default 5 minutes a case, one counter). */
  readonly minutesPerCase?: number;
  readonly openCounters?: number;
}

const HOLDER_TTL_MS = 10 * 60_000;

/** "CN01" → "Chi nhánh số 1" / "Branch 1"; any other code is shown as it is. */
export function branchName(code: string): LocalizedText {
  const m = /^CN0*(\d+)$/i.exec(code);
  return m ? { vi: `Chi nhánh số ${m[1]}`, en: `Branch ${m[1]}` } : { vi: code, en: code };
}

/** Birth year encoded in a 12-digit CCCD number (digit 4: century and sex, digits 5–6: year). */
export function birthYearFromIdNumber(idNumber: string): number | null {
  if (!/^\d{12}$/.test(idNumber)) return null;
  const century = [1900, 1900, 2000, 2000, 2100, 2100, 2200, 2200, 1800, 1800][Number(idNumber[3])]!;
  return century + Number(idNumber.slice(4, 6));
}


/** "Quầy 3" → "3": the ticket and the screen put their own "Quầy:"/"Counter:" label before it. */
export function counterOnly(hint: string | null | undefined): string | null {
  const bare = (hint ?? '').replace(/^\s*(quầy|counter)\s*[:.]?\s*/iu, '').trim();
  return bare || null;
}

const PRINT_PRIORITY: Record<'vi' | 'en', Record<Exclude<Priority, 'normal'>, string> & { confirm: string }> = {
  vi: { elderly: 'ƯU TIÊN: người từ 75 tuổi', disabled: 'ƯU TIÊN: người khuyết tật', pregnant: 'ƯU TIÊN: phụ nữ mang thai', confirm: ' (nhân viên xác nhận)' },
  en: { elderly: 'PRIORITY: aged 75+', disabled: 'PRIORITY: disability', pregnant: 'PRIORITY: pregnancy', confirm: ' (staff will confirm)' },
};

interface Holder {
  readonly day: string;
  readonly personKey: string;
  readonly dateOfBirth: string | null;
  readonly source: 'card' | 'typed';
  readonly expiresAt: number;
}

export function createQueueService(d: QueueServiceDeps): QueueService {
  const log = d.logger.child('queue');
  const sequence = d.localSequence ?? memoryLocalSequence();
  const limits = d.limits ?? memoryQueueLimits();
  const cityTimeoutMs = d.cityTimeoutMs ?? 4000;
  const holders = new Map<string, Holder>();
  /** The city's last counter hint per branch and field, reused for local numbers. */
  const counterHints = new Map<string, string>();
  let purgedBefore: string | null = null;
  let reading: AbortController | null = null;
  const storageFailed = (op: string, e: unknown) => log.error('queue-limits-storage-failed', { op, message: String((e as Error).message ?? e).slice(0, 80) });

  try {
    // A place held when the kiosk stopped mid-issue was never given a number.
    limits.releaseUnfinished();
  } catch (e) {
    storageFailed('release-unfinished', e);
  }

  const today = () => hanoiDate(d.clock.now());
  /** Today (Hanoi); on a new day the counts of the days before are purged. */
  const currentDay = (): string => {
    const day = today();
    if (purgedBefore !== day) {
      try {
        limits.purgeBefore(day);
        purgedBefore = day;
      } catch (e) {
        storageFailed('purge', e);
      }
    }
    return day;
  };
  const sweep = () => {
    const now = d.clock.now().getTime();
    for (const [ref, h] of holders) if (h.expiresAt <= now) holders.delete(ref);
  };
  const fields = (): QueueField[] => d.catalog.fields().map((f) => ({ code: f.code, name: f.name, prefix: f.queuePrefix }));
  const branches = (): Branch[] => [{ code: d.config.kiosk.branchCode, name: branchName(d.config.kiosk.branchCode) }];

  const identify = (idNumber: string, dateOfBirth: string | null, source: 'card' | 'typed'): Result<Identification, QueueError> => {
    sweep();
    const day = currentDay();
    let personKey: string;
    try {
      personKey = limits.personKey(day, idNumber);
    } catch (e) {
      storageFailed('person-key', e);
      return err({ code: 'storage' });
    }
    const holderRef = randomUUID();
    holders.set(holderRef, { day, personKey, dateOfBirth, source, expiresAt: d.clock.now().getTime() + HOLDER_TTL_MS });
    const elderly = dateOfBirth !== null && ageOn(dateOfBirth, day) >= ELDERLY_AGE;
    return ok({ holderRef, idNumberMasked: maskIdNumber(idNumber), source, elderly });
  };

  const print = async (t: Omit<IssuedTicket, 'printed' | 'printError'>, lang: string): Promise<{ printed: boolean; printError: string | null }> => {
    const l = lang === 'vi' ? 'vi' : 'en';
    const labels = PRINT_PRIORITY[l];
    const fieldName = t.priority === 'normal' ? t.field.name[l] : `${t.field.name[l]} — ${labels[t.priority]}${t.needsStaffConfirmation ? labels.confirm : ''}`;
    // Short enough for one line of an 80 mm ticket.
    const centre = l === 'vi' ? 'Trung tâm PVHCC Hà Nội' : 'Hanoi Public Service Centre';
    const r = await d.printer.printQueueTicket({
      lang,
      number: t.number,
      fieldName,
      branchName: `${centre} — ${t.branch.name[l]}`,
      counterHint: t.counterHint ?? '',
      // The ticket always prints a wait; "about 0 minutes" reads as a fault, "about 1" as "you are next".
      estimatedWaitMinutes: Math.max(1, t.estimatedWaitMinutes),
      issuedAt: t.issuedAt,
      priority: t.priority,
      needsStaffConfirmation: t.needsStaffConfirmation,
    });
    if (r.ok) return { printed: true, printError: null };
    log.warn('queue-ticket-not-printed', { code: r.error.code });
    return { printed: false, printError: r.error.code };
  };

  return {
    options: () => ({ branches: branches(), fields: fields(), branchKiosk: d.config.kiosk.branchKiosk }),

    async readCard(timeoutMs) {
      reading?.abort();
      const ac = new AbortController();
      reading = ac;
      const r = await d.idReader.readCard(timeoutMs, ac.signal);
      if (reading === ac) reading = null;
      if (!r.ok) return err({ code: 'device', device: 'idreader', reason: r.error.code });
      return identify(r.value.idNumber, r.value.dateOfBirth || null, 'card');
    },

    identifyTyped({ idNumber, dateOfBirth }) {
      if (birthYearFromIdNumber(idNumber) === null) return err({ code: 'invalid-id-number' });
      if (dateOfBirth !== undefined) {
        if (!isRealDate(dateOfBirth) || dateOfBirth > today()) return err({ code: 'invalid-date-of-birth' });
        // The number carries the birth year: a typo in either is caught here, not at the counter.
        if (Number(dateOfBirth.slice(0, 4)) !== birthYearFromIdNumber(idNumber)) return err({ code: 'dob-mismatch' });
      }
      return identify(idNumber, dateOfBirth ?? null, 'typed');
    },

    async take(input) {
      sweep();
      const day = currentDay();
      const holder = holders.get(input.holderRef);
      if (!holder || holder.day !== day) return err({ code: 'identify-again' });
      const branch = branches().find((b) => b.code === input.branchCode);
      if (!branch) return err({ code: 'unknown-branch' });
      const field = fields().find((f) => f.code === input.field);
      if (!field) return err({ code: 'unknown-field' });

      let taken: readonly QueueClaim[];
      try {
        taken = limits.claims(day, holder.personKey);
      } catch (e) {
        storageFailed('claims', e);
        return err({ code: 'storage' });
      }
      const refusal = checkLimits(taken.map((t) => ({ field: t.field, number: t.number ?? '' })), field.code);
      if (refusal?.code === 'field-limit') return err(refusal.existingNumber ? { code: 'field-limit', existingNumber: refusal.existingNumber } : { code: 'busy' });
      if (refusal) return err({ code: 'daily-limit', limit: refusal.limit, numbers: taken.flatMap((t) => (t.number ? [t.number] : [])) });

      const decision = decidePriority({ ...(holder.dateOfBirth ? { dateOfBirth: holder.dateOfBirth } : {}), ...(input.claim ? { claimed: input.claim } : {}), today: day });
      // Age read from the chip needs nobody; a typed date of birth is checked at the counter.
      const needsStaffConfirmation = decision.needsStaffConfirmation || (decision.priority === 'elderly' && holder.source === 'typed');
      const branchKiosk = d.config.kiosk.branchKiosk;
      if (!branchKiosk && d.worker.getState().online === false) return err({ code: 'city-unavailable' });

      // Reserved before the network is tried, so two taps cannot pass the limit together.
      let slot: number;
      try {
        slot = limits.reserve(day, holder.personKey, field.code);
      } catch (e) {
        storageFailed('reserve', e);
        return err({ code: 'storage' });
      }
      const release = () => {
        try {
          limits.release(slot);
        } catch (e) {
          storageFailed('release', e);
        }
      };

      const r = await d.worker.requestQueueTicket({ branchCode: branch.code, serviceCode: field.code, priority: decision.priority }, { timeoutMs: cityTimeoutMs, withdrawUnlessIssued: true });
      if (!r.ok) {
        release();
        log.error('queue-ticket-not-stored', { code: r.error.code });
        return err({ code: 'storage' });
      }
      const hintKey = `${branch.code}|${field.code}`;
      let number: string;
      let counterHint: string | null;
      let wait: number;
      let source: 'city' | 'local';
      if (r.issued && r.ticket.number !== null) {
        number = formatTicketNumber(field.prefix, r.ticket.number);
        counterHint = counterOnly(r.ticket.counterHint);
        if (counterHint) counterHints.set(hintKey, counterHint);
        wait = r.ticket.estimatedWaitMinutes ?? 0;
        source = 'city';
      } else if (branchKiosk) {
        const n = sequence.next(day, branch.code, field.code);
        number = formatTicketNumber(field.prefix, n);
        counterHint = counterHints.get(hintKey) ?? null;
        const ahead = n - LOCAL_SEQUENCE_START;
        wait = estimateWaitMinutes(decision.priority === 'normal' ? ahead : Math.floor(ahead / 3), d.minutesPerCase ?? 5, d.openCounters ?? 1);
        source = 'local';
      } else {
        // The ticket stays in the outbox (it is durable before the network is tried), but
        // this kiosk may not number it: the citizen is sent to reception instead.
        release();
        log.warn('queue-city-unavailable', { reason: r.issued ? 'no-number' : r.reason.slice(0, 60) });
        return err({ code: 'city-unavailable' });
      }
      try {
        limits.assign(slot, number);
      } catch (e) {
        // The number is issued all the same; the held place still counts against the limit.
        storageFailed('assign', e);
      }

      const ticket = {
        ticketId: r.ticket.id, number, branch, field, counterHint, estimatedWaitMinutes: wait,
        issuedAt: r.ticket.issuedAt ?? d.clock.now().toISOString(), priority: decision.priority, needsStaffConfirmation, source,
      };
      const printed = await print(ticket, input.lang);
      log.info('queue-ticket-issued', { ticketId: ticket.ticketId, field: field.code, source, priority: decision.priority, printed: printed.printed });
      return ok({ ...ticket, ...printed });
    },

    cancelCardRead() {
      reading?.abort();
      reading = null;
    },

    forget(holderRef) {
      holders.delete(holderRef);
    },
  };
}
