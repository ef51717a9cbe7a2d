import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../common/clock';
import { silentLogger } from '../../../common/logger';
import { err, ok, type Result } from '../../../common/result';
import type { IdReader, IdReaderError } from '../../../device-drivers/id-reader';
import type { Outbox } from '../../../offline-sync/outbox/outbox';
import { loadCatalog } from '../catalog/catalog-loader';
import { createCatalogService } from '../catalog/catalog-service';
import { parseConfig } from '../config/config-loader';
import { identityReaderPort } from '../devices/journey-device-ports';
import type { PaymentService } from '../payment/payment-service';
import { SessionStore, type Identity } from '../session/citizen-session';
import type { DeviceError, IdentityReader, ReceiptData } from './journey-ports';
import { JourneyService } from './journey-service';

// The journey service against fakes of the outbox, payments and devices: what it keeps,
// what it refuses, and that a payment whose outcome is unknown is never charged again.

const male: Identity = { idNumber: '001090123456', oldIdNumber: null, fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-01', sex: 'male', address: 'Hà Nội', issueDate: null, expiryDate: null, source: 'qr' };
const female: Identity = { ...male, fullName: 'Trần Thị B', sex: 'female' };
const BIRTH = '1.001193';
const SIGNATURE = '2.000884';
const birthAnswers = { childName: 'Nguyễn Văn C', childDateOfBirth: '2026-11-01', childSex: 'Nam', birthPlace: 'Bệnh viện', motherName: 'Trần Thị B', relation: 'cha', phone: '0912345678' };

function fakeOutbox() {
  const dossiers = new Map<string, { id: string; localRef: string; receiptCode: string | null; procedureCode: string; createdAt: string; paymentId: string | null; input: unknown }>();
  const outbox = {
    submitted: [] as unknown[],
    reserveId: () => `0190b3c4-0000-7000-8000-${String(dossiers.size + 1).padStart(12, '0')}`,
    submitDossier(input: { id?: string; procedureCode: string; fee: { paymentId?: string } }) {
      outbox.submitted.push(input);
      const id = input.id ?? outbox.reserveId();
      if (dossiers.has(id)) return err({ code: 'submit-failed' });
      const d = { id, localRef: 'K-AAAAA-BBBBB', receiptCode: null, procedureCode: input.procedureCode, createdAt: '2026-11-23T02:00:00.000Z', paymentId: input.fee.paymentId ?? null, input };
      dossiers.set(id, d);
      return ok({ id, localRef: d.localRef, createdAt: d.createdAt, attachments: [] });
    },
    getDossier: (id: string) => {
      const d = dossiers.get(id);
      return d ? { ...d, appointmentDate: null, delivery: 'pending' } : null;
    },
    getPayment: () => null,
    enqueueTelemetry: vi.fn(() => ok({ id: 't' })),
    savePaymentDraft: vi.fn(() => ok(undefined)),
    /** The city answered (the sync worker stores its receipt code). */
    acknowledge(id: string, code: string) {
      dossiers.get(id)!.receiptCode = code;
    },
  };
  return outbox;
}

function fakePayments(card: Array<Result<{ paymentId: string; amount: number }, { code: string; paymentId?: string }>>) {
  return {
    payByCard: vi.fn(async ({ amount }: { amount: number }) => card.shift() ?? ok({ paymentId: 'p-ok', amount, dossierId: 'x', method: 'card', paidAt: new Date() })),
    startVietQr: vi.fn(() => err({ code: 'vietqr-disabled' })),
    awaitVietQr: vi.fn(),
  };
}

function build(opts: { reader?: IdentityReader; card?: Parameters<typeof fakePayments>[0]; online?: () => boolean; diskFull?: () => boolean } = {}) {
  const clock = new ManualClock();
  const config = parseConfig({}, process.cwd(), { demo: true });
  if (!config.ok) throw new Error('config');
  const catalog = loadCatalog();
  if (!catalog.ok) throw new Error('catalog');
  const outbox = fakeOutbox();
  const payments = fakePayments(opts.card ?? []);
  const printed: ReceiptData[] = [];
  const sessions = new SessionStore(clock, 600_000);
  const sleeps: number[] = [];
  const journey = new JourneyService({
    config: config.value,
    clock,
    logger: silentLogger,
    sessions,
    catalog: createCatalogService(catalog.value),
    outbox: outbox as unknown as Outbox,
    payments: payments as unknown as PaymentService,
    idReader: opts.reader ?? { readCard: async () => ok(male) },
    scanner: {
      scan: async ({ dir }) => {
        const file = join(dir, 'p.png');
        writeFileSync(file, 'png');
        return ok([{ file, previewPng: Buffer.from('png'), blank: false, readable: true }]);
      },
      readMrz: async () => err({ code: 'rescan-needed' }),
    },
    receiptPrinter: { printDossierReceipt: async (d) => (printed.push(d), ok(undefined)), printQueueTicket: async () => ok(undefined), printPaymentNotice: async () => ok(undefined), printBookingSlip: async () => ok(undefined) },
    a4Printer: { printReceiptA4: async () => ok(undefined) },
    isOnline: opts.online ?? (() => true),
    storage: { admitNewDossier: () => (opts.diskFull?.() ? err({ code: 'storage-full' as const }) : ok(undefined)) },
    receiptCodeWaitMs: 3000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  const start = () => {
    const r = journey.startSession('vi');
    if (!r.ok) throw new Error(r.error.code);
    return r.value;
  };
  const session = (identity: Identity = male) => {
    const { sessionId } = start();
    journey.giveConsent(sessionId, 'v1');
    sessions.get(sessionId)!.identity = identity;
    return sessionId;
  };
  return { journey, outbox, payments, printed, sessions, sleeps, session, start };
}

describe('journey service', () => {
  it('prefills only the applicant’s own answers from the card: the parent who registers a birth', () => {
    const { journey, session, start } = build();
    expect(journey.prefill(session(male), BIRTH)).toEqual(ok({ relation: 'cha', fatherName: 'Nguyễn Văn A' }));
    expect(journey.prefill(session(female), BIRTH)).toEqual(ok({ relation: 'me', motherName: 'Trần Thị B' }));
    expect(journey.prefill(session(male), SIGNATURE)).toEqual(ok({}));
    const { sessionId } = start();
    expect(journey.prefill(sessionId, BIRTH)).toEqual(err({ code: 'no-consent' }));
  });

  it('a nearly full disk refuses a new dossier before the citizen types anything; one under way goes on', () => {
    let full = false;
    const { journey, session, sessions } = build({ diskFull: () => full });
    const underWay = session(male);
    full = true;
    expect(journey.startSession('vi')).toEqual(err({ code: 'storage-full' }));
    expect(journey.prefill(underWay, BIRTH).ok).toBe(true);
    expect(sessions.get(underWay)).toBeDefined();
    full = false;
    expect(journey.startSession('vi').ok).toBe(true);
  });

  it('a card read stops when the session ends, and nothing read afterwards is kept', async () => {
    let signal: AbortSignal | undefined;
    const reader: IdentityReader = {
      readCard: (_ms, s) =>
        new Promise((resolve) => {
          signal = s;
          s?.addEventListener('abort', () => resolve(err({ code: 'cancelled' })));
        }),
    };
    const { journey, session, sessions } = build({ reader });
    const id = session();
    sessions.get(id)!.identity = undefined;
    const reading = journey.readCard(id, 60_000);
    journey.endSession(id);
    expect(signal?.aborted).toBe(true);
    expect(await reading).toEqual(err({ code: 'device', device: 'idreader', reason: 'cancelled' }));
  });

  it('a new card read (or a cancel) stops the one before', async () => {
    const signals: AbortSignal[] = [];
    const reader: IdentityReader = {
      readCard: (_ms, s) =>
        new Promise((resolve) => {
          signals.push(s!);
          s?.addEventListener('abort', () => resolve(err({ code: 'cancelled' })));
          if (signals.length === 2) setTimeout(() => resolve(ok(female)), 5);
        }),
    };
    const { journey, session } = build({ reader });
    const id = session();
    const first = journey.readCard(id, 60_000);
    const second = journey.readCard(id, 60_000);
    expect(signals[0]!.aborted).toBe(true);
    expect((await first).ok).toBe(false);
    expect(await second).toMatchObject({ ok: true, value: { fullName: 'Trần Thị B', idNumberMasked: '001******456' } });
    const third = journey.readCard(id, 60_000);
    journey.cancelCardRead(id);
    expect((await third).ok).toBe(false);
  });

  it('submitting twice keeps one dossier', async () => {
    const { journey, session, outbox } = build();
    const id = session();
    await journey.scanPaper(id, 'giay-chung-sinh');
    const a = journey.submit(id, BIRTH, birthAnswers);
    const b = journey.submit(id, BIRTH, birthAnswers);
    expect(a.ok && b.ok && a.value.dossierId === b.value.dossierId).toBe(true);
    expect(outbox.submitted).toHaveLength(1);
  });

  it('says whether the kiosk is online when it accepts the dossier', async () => {
    const { journey, session } = build({ online: () => false });
    const id = session();
    await journey.scanPaper(id, 'giay-chung-sinh');
    expect(journey.submit(id, BIRTH, birthAnswers)).toMatchObject({ ok: true, value: { online: false, sentToCity: false, paymentToCheck: false } });
  });

  it('a fee is required; a card payment of unknown outcome goes with the dossier for staff, never charged again', async () => {
    const { journey, session, outbox } = build({ card: [err({ code: 'unknown-outcome', paymentId: 'p-unknown' })] });
    const id = session();
    await journey.scanPaper(id, 'giay-can-ky');
    const answers = { documentName: 'Hợp đồng', phone: '0912345678' };
    expect(journey.submit(id, SIGNATURE, answers)).toEqual(err({ code: 'fee-not-paid' }));
    const paid = await journey.payByCard(id, SIGNATURE, answers);
    expect(paid).toMatchObject({ ok: true, value: { ok: false, error: { code: 'unknown-outcome' } } });
    const r = journey.submit(id, SIGNATURE, answers);
    expect(r).toMatchObject({ ok: true, value: { paymentToCheck: true } });
    expect(outbox.submitted.at(-1)).toMatchObject({ fee: { amount: 10_000, paymentId: 'p-unknown' }, form: { paymentToCheck: true } });
  });

  it('a fee already paid (a retry after a lost answer) is settled, not charged again', async () => {
    const { journey, session, outbox } = build({ card: [err({ code: 'already-paid', paymentId: 'p-earlier' })] });
    const id = session();
    await journey.scanPaper(id, 'giay-can-ky');
    const answers = { documentName: 'Hợp đồng', phone: '0912345678' };
    await journey.payByCard(id, SIGNATURE, answers);
    expect(journey.submit(id, SIGNATURE, answers)).toMatchObject({ ok: true, value: { paymentToCheck: false } });
    expect(outbox.submitted.at(-1)).toMatchObject({ fee: { paymentId: 'p-earlier' } });
  });

  it('the receipt waits briefly for the city’s code while online, then prints it; only the session’s own dossier', async () => {
    const { journey, session, outbox, printed, sleeps } = build();
    const id = session();
    await journey.scanPaper(id, 'giay-chung-sinh');
    const s = journey.submit(id, BIRTH, birthAnswers);
    if (!s.ok) throw new Error('submit');
    const dossierId = s.value.dossierId;
    const realGet = outbox.getDossier;
    let polls = 0;
    outbox.getDossier = (x: string) => {
      if (++polls === 3) outbox.acknowledge(x, 'H26.99-261123-0001');
      return realGet(x);
    };
    expect(await journey.printReceipt(id, dossierId)).toEqual(ok({ receiptCode: 'H26.99-261123-0001', queued: false }));
    expect(printed.at(-1)).toMatchObject({ receiptCode: 'H26.99-261123-0001', queued: false, papers: ['Giấy chứng sinh (bản chính)'] });
    expect(sleeps).toEqual([200, 200]);
    const other = session();
    expect(await journey.printReceipt(other, dossierId)).toEqual(err({ code: 'not-found' }));
    expect(journey.receiptCodeOf(id, dossierId)).toEqual(ok({ receiptCode: 'H26.99-261123-0001', queued: false }));
  });

  it('offline, the receipt prints at once with the kiosk’s reference and says it will be sent', async () => {
    const { journey, session, sleeps } = build({ online: () => false });
    const id = session();
    await journey.scanPaper(id, 'giay-chung-sinh');
    const s = journey.submit(id, BIRTH, birthAnswers);
    if (!s.ok) throw new Error('submit');
    expect(await journey.printReceipt(id, s.value.dossierId, 'en')).toEqual(ok({ receiptCode: 'K-AAAAA-BBBBB', queued: true }));
    expect(sleeps).toEqual([]);
  });

  it('a rating carries no session, no dossier and no identity; its channel counts a point apart from self-service kiosks', () => {
    const { journey, outbox } = build();
    expect(journey.rate(4, ['fast'], BIRTH)).toEqual(ok(undefined));
    expect(outbox.enqueueTelemetry).toHaveBeenCalledWith({ ratings: [{ score: 4, procedureCode: BIRTH }], counters: { 'rating-reason:fast': 1, 'rating-channel:kiosk': 1 } });
  });
});

describe('the card reader port', () => {
  function fakeReader() {
    const errs = new Set<(e: IdReaderError) => void>();
    let pending: ((r: Result<Identity, IdReaderError>) => void) | null = null;
    const reader = {
      onReadError: (l: (e: IdReaderError) => void) => (errs.add(l), () => errs.delete(l)),
      read: () => new Promise<Result<Identity, IdReaderError>>((r) => (pending = r)),
    };
    return {
      reader: reader as unknown as IdReader,
      badCode: () => errs.forEach((l) => l({ code: 'unreadable-code', detail: 'wrong-field-count' })),
      card: () => pending?.(ok(male)),
      listeners: () => errs.size,
    };
  }

  it('reports a bad code at once instead of waiting for the time-out', async () => {
    const f = fakeReader();
    const port = identityReaderPort(f.reader);
    const r = port.readCard(60_000);
    f.badCode();
    expect(await r).toEqual(err<DeviceError>({ code: 'unreadable-code', message: 'wrong-field-count' }));
    expect(f.listeners()).toBe(0);
  });

  it('returns the card read, and stops when asked', async () => {
    const f = fakeReader();
    const port = identityReaderPort(f.reader);
    const r = port.readCard(60_000);
    f.card();
    expect(await r).toEqual(ok(male));
    const c = new AbortController();
    const waiting = port.readCard(60_000, c.signal);
    c.abort();
    expect(await waiting).toEqual(err({ code: 'cancelled' }));
    await expect(identityReaderPort(null).readCard(10)).resolves.toMatchObject({ ok: false, error: { code: 'not-connected' } });
  });
});

