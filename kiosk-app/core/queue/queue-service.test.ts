import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { createMemoryLogger } from '../../../common/logger';
import { err, ok } from '../../../common/result';
import { openKioskStore, startCitySandbox, StoredQueueClaims, type CitySandbox, type KioskStore } from '../../../offline-sync';
import { DEVICE, makeKiosk, tempDir, waitFor, type Kiosk } from '../../../offline-sync/test-support/fixtures';
import { loadCatalog } from '../catalog/catalog-loader';
import { createCatalogService } from '../catalog/catalog-service';
import { kioskConfigSchema } from '../config/config-schema';
import type { IdentityReader, QueueTicketPrint, ReceiptPrinterPort } from '../dossier/journey-ports';
import type { Identity } from '../session/citizen-session';
import { fileLocalSequence } from './local-sequence';
import { birthYearFromIdNumber, branchName, counterOnly, createQueueService, type QueueServiceDeps } from './queue-service';

const catalog = (() => {
  const c = loadCatalog();
  if (!c.ok) throw new Error(c.error.message);
  return createCatalogService(c.value);
})();

const CARD_ID = '001090123456';
const ELDER_ID = '001045123456';
const card = (over: Partial<Identity> = {}): Identity => ({
  idNumber: CARD_ID, oldIdNumber: null, fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-01', sex: 'male',
  address: 'Số 1 Phố X, Hà Nội', issueDate: '2021-04-15', expiryDate: null, source: 'qr', ...over,
});

function cardReader(identity: Identity | null): IdentityReader {
  return { readCard: async () => (identity ? ok(identity) : err({ code: 'timeout' })) };
}

function printer(fail?: string): ReceiptPrinterPort & { tickets: QueueTicketPrint[] } {
  const tickets: QueueTicketPrint[] = [];
  return {
    tickets,
    printDossierReceipt: async () => ok(undefined),
    printPaymentNotice: async () => ok(undefined),
    printBookingSlip: async () => ok(undefined),
    printQueueTicket: async (t) => {
      if (fail) return err({ code: fail });
      tickets.push(t);
      return ok(undefined);
    },
  };
}

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.reverse()) await o.close();
  open = [];
});

async function sandbox(): Promise<CitySandbox> {
  const sb = await startCitySandbox({ dataDir: tempDir('q-sb'), devices: [DEVICE] });
  open.push(sb);
  return sb;
}

function kiosk(url: string): Kiosk {
  const k = makeKiosk(url);
  open.push(k);
  return k;
}

const logger = createMemoryLogger();

function service(k: Kiosk, over: Partial<QueueServiceDeps> = {}, kioskOver: Record<string, unknown> = {}) {
  const print = printer();
  const config = kioskConfigSchema.parse({ kiosk: { branchCode: 'CN01', ...kioskOver } });
  const q = createQueueService({
    config, clock: new ManualClock(Date.UTC(2026, 10, 23, 2, 0)), logger, worker: k.worker, catalog,
    idReader: cardReader(card()), printer: print, cityTimeoutMs: 2000, ...over,
  });
  return { q, print };
}

const OFFLINE_URL = 'http://127.0.0.1:9';

describe('queue service', () => {
  it('takes a number from the city, prints it with field, counter and wait, and keeps it in the outbox', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const { q, print } = service(k);
    const who = await q.readCard(1000);
    if (!who.ok) throw new Error(who.error.code);
    expect(who.value).toMatchObject({ source: 'card', elderly: false, idNumberMasked: '001******456' });
    const t = await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    if (!t.ok) throw new Error(t.error.code);
    // The city says "Quầy 7"; the ticket prints its own "Quầy:" label, so only "7" is kept.
    expect(t.value).toMatchObject({ number: 'A001', source: 'city', priority: 'normal', needsStaffConfirmation: false, printed: true, counterHint: expect.stringMatching(/^\d+$/) });
    expect(print.tickets).toEqual([
      expect.objectContaining({ number: 'A001', fieldName: 'Hộ tịch', branchName: 'Trung tâm PVHCC Hà Nội — Chi nhánh số 1', counterHint: t.value.counterHint, estimatedWaitMinutes: 1 }),
    ]);
    expect(k.outbox.getQueueTicket(t.value.ticketId)).toMatchObject({ number: 1, branchCode: 'CN01', serviceCode: 'ho-tich' });
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM queue_tickets').get()).toEqual({ n: 1 });
  });

  it('allows one number a field and two a day per person, however the person identifies', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const { q } = service(k);
    const byCard = await q.readCard(1000);
    if (!byCard.ok) throw new Error(byCard.error.code);
    const first = await q.take({ holderRef: byCard.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(first.ok).toBe(true);
    const sameField = await q.take({ holderRef: byCard.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(sameField).toEqual({ ok: false, error: { code: 'field-limit', existingNumber: 'A001' } });
    // The same person typing the number is the same person.
    const typed = q.identifyTyped({ idNumber: CARD_ID });
    if (!typed.ok) throw new Error(typed.error.code);
    const second = await q.take({ holderRef: typed.value.holderRef, branchCode: 'CN01', field: 'cu-tru', lang: 'en' });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.value.number).toBe('C001');
    const third = await q.take({ holderRef: typed.value.holderRef, branchCode: 'CN01', field: 'chung-thuc', lang: 'vi' });
    expect(third).toEqual({ ok: false, error: { code: 'daily-limit', limit: 2, numbers: ['A001', 'C001'] } });
    // Someone else still gets a number in the same field.
    const other = q.identifyTyped({ idNumber: '001095000111' });
    if (!other.ok) throw new Error(other.error.code);
    const theirs = await q.take({ holderRef: other.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(theirs.ok && theirs.value.number).toBe('A002');
  });

  it('two taps at once cannot pass the limit', async () => {
    const sb = await sandbox();
    const { q } = service(kiosk(sb.url));
    const who = q.identifyTyped({ idNumber: CARD_ID });
    if (!who.ok) throw new Error(who.error.code);
    const both = await Promise.all([
      q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' }),
      q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' }),
    ]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.find((r) => !r.ok)).toEqual({ ok: false, error: { code: 'busy' } });
  });

  it('gives priority to 75+ from the card without staff, and marks typed ages and claims for staff', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const { q, print } = service(k, { idReader: cardReader(card({ idNumber: ELDER_ID, dateOfBirth: '1945-03-02' })) });
    const elder = await q.readCard(1000);
    if (!elder.ok) throw new Error(elder.error.code);
    expect(elder.value.elderly).toBe(true);
    const t1 = await q.take({ holderRef: elder.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(t1.ok && t1.value).toMatchObject({ priority: 'elderly', needsStaffConfirmation: false });
    expect(print.tickets[0]!.fieldName).toBe('Hộ tịch — ƯU TIÊN: người từ 75 tuổi');

    const typedElder = q.identifyTyped({ idNumber: '001146000222', dateOfBirth: '1946-01-05' });
    if (!typedElder.ok) throw new Error(typedElder.error.code);
    expect(typedElder.value.elderly).toBe(true);
    const t2 = await q.take({ holderRef: typedElder.value.holderRef, branchCode: 'CN01', field: 'cu-tru', lang: 'en' });
    expect(t2.ok && t2.value).toMatchObject({ priority: 'elderly', needsStaffConfirmation: true });
    expect(print.tickets[1]!.fieldName).toBe('Residence — PRIORITY: aged 75+ (staff will confirm)');

    const young = q.identifyTyped({ idNumber: '001195000333' });
    if (!young.ok) throw new Error(young.error.code);
    const t3 = await q.take({ holderRef: young.value.holderRef, branchCode: 'CN01', field: 'cu-tru', claim: 'pregnant', lang: 'vi' });
    expect(t3.ok && t3.value).toMatchObject({ priority: 'pregnant', needsStaffConfirmation: true });
    expect(sb.db.prepare('SELECT COUNT(*) AS n FROM queue_tickets').get()).toEqual({ n: 3 });
  });

  it('checks a typed ID number and date of birth against each other', () => {
    const { q } = service(kiosk(OFFLINE_URL));
    expect(q.identifyTyped({ idNumber: '12345' })).toEqual({ ok: false, error: { code: 'invalid-id-number' } });
    expect(q.identifyTyped({ idNumber: CARD_ID, dateOfBirth: '1991-01-01' })).toEqual({ ok: false, error: { code: 'dob-mismatch' } });
    expect(q.identifyTyped({ idNumber: CARD_ID, dateOfBirth: '1990-02-30' })).toEqual({ ok: false, error: { code: 'invalid-date-of-birth' } });
    expect(q.identifyTyped({ idNumber: '001226000111', dateOfBirth: '2027-01-01' })).toEqual({ ok: false, error: { code: 'invalid-date-of-birth' } });
    expect(birthYearFromIdNumber('001090123456')).toBe(1990);
    expect(birthYearFromIdNumber('001305000111')).toBe(2005);
    expect(branchName('CN01')).toEqual({ vi: 'Chi nhánh số 1', en: 'Branch 1' });
    expect([counterOnly('Quầy 3'), counterOnly('Counter: 3–5'), counterOnly('3 (tầng 2)'), counterOnly('Quầy'), counterOnly(null)]).toEqual(['3', '3–5', '3 (tầng 2)', null, null]);
  });

  it('a branch kiosk numbers from its own sequence when the city does not answer, and never repeats after a restart', async () => {
    const k = kiosk(OFFLINE_URL);
    const file = join(tempDir('q-seq'), 'queue-local-sequence.json');
    const first = service(k, { localSequence: fileLocalSequence(file, logger) });
    const a = first.q.identifyTyped({ idNumber: CARD_ID });
    if (!a.ok) throw new Error(a.error.code);
    const t1 = await first.q.take({ holderRef: a.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    if (!t1.ok) throw new Error(t1.error.code);
    expect(t1.value).toMatchObject({ number: 'A501', source: 'local', printed: true, estimatedWaitMinutes: 0 });
    // Withdrawn from the outbox: sent later, the city would issue a second number nobody holds.
    expect(k.outbox.getMessage(t1.value.ticketId)).toBeNull();
    expect(k.outbox.getQueueTicket(t1.value.ticketId)).not.toBeNull();
    // The kiosk restarts (new service, same file) while still offline.
    const second = service(k, { localSequence: fileLocalSequence(file, logger) });
    const b = second.q.identifyTyped({ idNumber: '001095000111' });
    if (!b.ok) throw new Error(b.error.code);
    const t2 = await second.q.take({ holderRef: b.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(t2.ok && t2.value).toMatchObject({ number: 'A502', source: 'local', estimatedWaitMinutes: 5 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ day: '2026-11-23', counters: { 'CN01|ho-tich': 502 } });
  });

  it('keeps the per-person counts in the encrypted store across a restart, as a hash only, and purges past days', async () => {
    const sb = await sandbox();
    const k = kiosk(sb.url);
    const dir = tempDir('q-limits');
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0));
    const openStore = (): KioskStore => {
      const r = openKioskStore({ dataDir: dir });
      if (!r.ok) throw new Error(r.error.code);
      return r.value;
    };
    const rows = (st: KioskStore) => st.db.prepare('SELECT day, person_hash AS personHash, field, number FROM queue_person_claims ORDER BY id').all() as Array<Record<string, string | null>>;
    let store = openStore();
    const first = service(k, { clock, limits: new StoredQueueClaims(store, { clock }) });
    const a = first.q.identifyTyped({ idNumber: CARD_ID });
    if (!a.ok) throw new Error(a.error.code);
    for (const field of ['ho-tich', 'cu-tru']) expect((await first.q.take({ holderRef: a.value.holderRef, branchCode: 'CN01', field, lang: 'vi' })).ok).toBe(true);
    store.close();

    // The kiosk restarts: the same person, typing the number this time, still has used up the day.
    store = openStore();
    const second = service(k, { clock, limits: new StoredQueueClaims(store, { clock }) });
    const b = second.q.identifyTyped({ idNumber: CARD_ID });
    if (!b.ok) throw new Error(b.error.code);
    expect(await second.q.take({ holderRef: b.value.holderRef, branchCode: 'CN01', field: 'chung-thuc', lang: 'vi' })).toEqual({ ok: false, error: { code: 'daily-limit', limit: 2, numbers: ['A001', 'C001'] } });
    expect(await second.q.take({ holderRef: b.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).toEqual({ ok: false, error: { code: 'field-limit', existingNumber: 'A001' } });
    const kept = rows(store);
    expect(kept.map((r) => [r.day, r.field, r.number])).toEqual([['2026-11-23', 'ho-tich', 'A001'], ['2026-11-23', 'cu-tru', 'C001']]);
    // Only a keyed hash of the person, the same for both numbers; never the ID number.
    expect(kept[0]!.personHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(kept[1]!.personHash).toBe(kept[0]!.personHash);
    expect(JSON.stringify(store.db.prepare('SELECT * FROM queue_person_claims').all())).not.toContain(CARD_ID.slice(3));
    // A place held when the kiosk stopped mid-issue is given back at the next start.
    store.db.prepare("INSERT INTO queue_person_claims (day, person_hash, field, number, created_at) VALUES ('2026-11-23', ?, 'chung-thuc', NULL, 0)").run(kept[0]!.personHash);
    store.close();

    clock.advance(24 * 3_600_000);
    store = openStore();
    const third = service(k, { clock, limits: new StoredQueueClaims(store, { clock }) });
    expect(rows(store)).toHaveLength(2);
    const c = third.q.identifyTyped({ idNumber: CARD_ID });
    if (!c.ok) throw new Error(c.error.code);
    // A new day: yesterday's rows are purged and the person may take numbers again.
    expect(rows(store)).toEqual([]);
    expect((await third.q.take({ holderRef: c.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).ok).toBe(true);
    const today = rows(store);
    expect(today.map((r) => [r.day, r.field])).toEqual([['2026-11-24', 'ho-tich']]);
    // The day is part of the hash: the same person's rows of two days cannot be matched.
    expect(today[0]!.personHash).not.toBe(kept[0]!.personHash);
    store.close();
  });

  it('a kiosk that is not a branch kiosk sends the citizen to reception when offline, and the limit is not used up', async () => {
    const k = kiosk(OFFLINE_URL);
    const { q, print } = service(k, {}, { branchKiosk: false });
    const who = q.identifyTyped({ idNumber: CARD_ID });
    if (!who.ok) throw new Error(who.error.code);
    expect(await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).toEqual({ ok: false, error: { code: 'city-unavailable' } });
    // Once the worker knows the city is unreachable, refused at once, without another ticket in the outbox.
    k.worker.start();
    await waitFor(() => k.worker.getState().online === false);
    const before = k.outbox.stats().byKind.queue_ticket.pending;
    expect(await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).toEqual({ ok: false, error: { code: 'city-unavailable' } });
    expect(k.outbox.stats().byKind.queue_ticket.pending).toBe(before);
    expect(print.tickets).toEqual([]);
  });

  it('still issues the number when the printer fails, and says why', async () => {
    const sb = await sandbox();
    const { q } = service(kiosk(sb.url), { printer: printer('paper-out') });
    const who = q.identifyTyped({ idNumber: CARD_ID });
    if (!who.ok) throw new Error(who.error.code);
    const t = await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' });
    expect(t.ok && t.value).toMatchObject({ number: 'A001', printed: false, printError: 'paper-out' });
  });

  it('forgets people at midnight and when the session ends; unknown fields and branches are refused', async () => {
    const sb = await sandbox();
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 16, 50)); // 23:50 in Hanoi
    const { q } = service(kiosk(sb.url), { clock });
    const who = q.identifyTyped({ idNumber: CARD_ID });
    if (!who.ok) throw new Error(who.error.code);
    expect(await q.take({ holderRef: who.value.holderRef, branchCode: 'CN02', field: 'ho-tich', lang: 'vi' })).toEqual({ ok: false, error: { code: 'unknown-branch' } });
    expect(await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'nope', lang: 'vi' })).toEqual({ ok: false, error: { code: 'unknown-field' } });
    expect((await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).ok).toBe(true);
    clock.advance(20 * 60_000); // 00:10 the next day
    expect(await q.take({ holderRef: who.value.holderRef, branchCode: 'CN01', field: 'cu-tru', lang: 'vi' })).toEqual({ ok: false, error: { code: 'identify-again' } });
    const again = q.identifyTyped({ idNumber: CARD_ID });
    if (!again.ok) throw new Error(again.error.code);
    // A new day: the same field is open again.
    expect((await q.take({ holderRef: again.value.holderRef, branchCode: 'CN01', field: 'ho-tich', lang: 'vi' })).ok).toBe(true);
    q.forget(again.value.holderRef);
    expect(await q.take({ holderRef: again.value.holderRef, branchCode: 'CN01', field: 'cu-tru', lang: 'vi' })).toEqual({ ok: false, error: { code: 'identify-again' } });
  });

  it('reports a card that could not be read, and never logs an ID number', async () => {
    const { q } = service(kiosk(OFFLINE_URL), { idReader: cardReader(null) });
    expect(await q.readCard(1000)).toEqual({ ok: false, error: { code: 'device', device: 'idreader', reason: 'timeout' } });
    const log = logger.lines.join('\n');
    expect(log).toContain('queue-ticket-issued');
    for (const id of [CARD_ID, ELDER_ID, '001095000111', '001146000222']) expect(log).not.toContain(id);
  });
});
