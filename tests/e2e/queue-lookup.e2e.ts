import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkScreen,
  ARTIFACTS,
  closeBrowsers,
  LANDSCAPE,
  openKioskScreen,
  PORTRAIT,
  startKioskHost,
  type RunningKioskHost,
} from './kiosk-fixture';

// Issue 5, items 3 and 4: a queue number online and offline with the iHanoi limits and
// priority, and a dossier looked up by its receipt code, up to a supplement the city asked for.

let host: RunningKioskHost;
beforeAll(async () => {
  host = await startKioskHost({
    session: { idleTimeoutSeconds: 900, warningSeconds: 30 },
    // No automatic status moves: the test sets the city's status itself.
    city: { kind: 'embedded-sandbox', processingAfterSeconds: 3600, completedAfterSeconds: 10800 },
    // The printer's own Vietnamese code page, so the simulator decodes the ticket back to text.
    devices: { receiptPrinter: { kind: 'simulator', textMode: 'wpc1258' } },
  });
});
afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
});

/** The api over loopback HTTP, as the renderer uses it (tRPC v11, no transformer). */
async function trpc<T = { ok: boolean; value?: unknown; error?: { code: string } }>(path: string, input?: unknown, kind: 'mutation' | 'query' = 'mutation'): Promise<T> {
  const url = `${host.url}trpc/${path}`;
  const res =
    kind === 'query'
      ? await fetch(input === undefined ? url : `${url}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: host.authHeaders })
      : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...host.authHeaders }, body: JSON.stringify(input ?? {}) });
  const body = (await res.json()) as { result?: { data: T }; error?: unknown };
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data;
}

type Receipt = { index: number; textLines: string[]; qrPayloads: string[]; pngDataUrl: string | null };
async function receipts(): Promise<Receipt[]> {
  const r = await trpc<{ ok: boolean; value: Receipt[] }>('demo.receipts', undefined, 'query');
  return r.value;
}

function cityDb() {
  return new Database(join(host.dataDir, 'city-sandbox', 'city.db'), { readonly: true, fileMustExist: true });
}

async function startAt(page: Page, tile: 'go-queue' | 'go-lookup') {
  await page.getByTestId('attract-screen').waitFor();
  await page.getByTestId('touch-to-start').tap();
  await page.getByTestId('lang-vi').tap();
  await page.getByTestId(tile).tap();
}

async function step(page: Page, name: string) {
  await page.locator(`[data-testid="queue-screen"][data-step="${name}"]`).waitFor();
}

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.locator(`[data-testid="keyboard-numeric"] [data-skbtn="${d}"]`).tap();
}

async function typeCode(page: Page, code: string) {
  for (const c of code) await page.locator(`[data-testid="keyboard-code"] [data-skbtn="${c}"]`).tap();
}

const CARD_ID = '001090123456'; // the sample card (born 1990)

describe('queue number', () => {
  it('online: by card, printed with number, field, counter and wait; a second number in the same field is refused', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('go-queue').waitFor();
    await checkScreen(page, 'queue-00-home');
    await page.getByTestId('go-queue').tap();
    await step(page, 'field');
    await checkScreen(page, 'queue-01-field');
    await page.getByTestId('queue-field-ho-tich').tap();
    await step(page, 'identify');
    await checkScreen(page, 'queue-02-identify');
    await page.getByTestId('queue-use-card').tap();
    await step(page, 'card');
    await checkScreen(page, 'queue-03-card');
    const printedBefore = (await receipts()).length;
    await page.getByTestId('demo-present-card').tap();
    await step(page, 'priority');
    // Born 1990: no automatic priority, so the question is asked.
    expect(await page.getByTestId('queue-elderly').count()).toBe(0);
    await checkScreen(page, 'queue-04-priority');
    await page.getByTestId('priority-none').tap();
    await step(page, 'ticket');
    const number = await page.getByTestId('queue-number').innerText();
    expect(number).toBe('A001');
    expect(await page.getByTestId('queue-ticket').getAttribute('data-source')).toBe('city');
    expect(await page.getByTestId('queue-counter').innerText()).toMatch(/^Quầy: \d+$/);
    await page.getByTestId('queue-printed').waitFor();
    await checkScreen(page, 'queue-05-ticket');

    // The simulated printer decoded a ticket with the same number, field and counter.
    const printed = await receipts();
    expect(printed.length).toBe(printedBefore + 1);
    const text = printed[printed.length - 1]!.textLines.join('\n');
    expect(text).toContain('A001');
    expect(text).toContain('Hộ tịch');
    expect(text).toMatch(/Quầy: \d+/);
    expect(text).toContain('Chi nhánh số 1');
    expect(text).toContain('Chờ dự kiến');
    expect(text).not.toContain(CARD_ID);
    const png = printed[printed.length - 1]!.pngDataUrl;
    if (png) writeFileSync(join(ARTIFACTS, 'portrait', 'queue-05-ticket-printed.png'), Buffer.from(png.split(',')[1]!, 'base64'));

    // The same person, the same field, the same day: refused, with the number already held.
    await page.getByTestId('queue-another').tap();
    await step(page, 'field');
    await page.getByTestId('queue-field-ho-tich').tap();
    await page.getByTestId('priority-none').tap();
    await step(page, 'refused');
    expect(await page.getByTestId('queue-refusal').getAttribute('data-code')).toBe('field-limit');
    expect(await page.getByTestId('queue-refusal').innerText()).toContain('A001');
    await checkScreen(page, 'queue-06-field-limit');

    // Another field is fine: a pregnancy claim gives priority, marked for staff.
    await page.getByTestId('queue-choose-other').tap();
    await page.getByTestId('queue-field-cu-tru').tap();
    await page.getByTestId('priority-pregnant').tap();
    await step(page, 'ticket');
    expect(await page.getByTestId('queue-number').innerText()).toBe('C001');
    expect(await page.getByTestId('queue-ticket').getAttribute('data-priority')).toBe('pregnant');
    expect(await page.getByTestId('queue-priority').innerText()).toContain('Nhân viên sẽ xác nhận');
    const last = (await receipts()).at(-1)!.textLines.join(' ');
    expect(last).toContain('C001');
    expect(last).toMatch(/ƯU TIÊN: phụ nữ mang thai/);
    // Two numbers today: no offer of a third.
    expect(await page.getByTestId('queue-another').count()).toBe(0);
    await page.getByTestId('queue-done').tap();
    await page.getByTestId('attract-screen').waitFor();
    await close();
  });

  it('the third number the same day is refused, also when the ID number is typed instead of the card', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await startAt(page, 'go-queue');
    await page.getByTestId('queue-field-chung-thuc').tap();
    await page.getByTestId('queue-type-id').tap();
    await step(page, 'typed');
    await typeDigits(page, CARD_ID);
    expect(await page.getByTestId('queue-id-input').inputValue()).toBe(CARD_ID);
    await checkScreen(page, 'queue-07-typed');
    await page.getByTestId('queue-typed-next').tap();
    await step(page, 'priority');
    await page.getByTestId('priority-none').tap();
    await step(page, 'refused');
    expect(await page.getByTestId('queue-refusal').getAttribute('data-code')).toBe('daily-limit');
    expect(await page.getByTestId('queue-refusal').innerText()).toContain('A001, C001');
    await checkScreen(page, 'queue-08-daily-limit');
    await close();
  });

  it('a typed date of birth of someone aged 75+ gives priority, to be checked by staff; a wrong year is caught', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await startAt(page, 'go-queue');
    await page.getByTestId('queue-field-ho-tich').tap();
    await page.getByTestId('queue-type-id').tap();
    await typeDigits(page, '001045123456');
    // The keyboard moves on to the date of birth by itself after 12 digits.
    await typeDigits(page, '02031946');
    expect(await page.getByTestId('queue-dob-input').inputValue()).toBe('02/03/1946');
    await page.getByTestId('queue-typed-next').tap();
    expect(await page.getByTestId('queue-typed-problem').innerText()).toContain('Năm sinh không khớp');
    await page.getByTestId('queue-dob-input').tap();
    await page.locator('[data-testid="keyboard-numeric"] [data-skbtn="{bksp}"]').tap();
    await typeDigits(page, '5');
    await page.getByTestId('queue-typed-next').tap();
    await step(page, 'priority');
    expect(await page.getByTestId('queue-elderly').innerText()).toContain('từ 75 tuổi');
    await checkScreen(page, 'queue-09-elderly');
    await page.getByTestId('queue-take').tap();
    await step(page, 'ticket');
    expect(await page.getByTestId('queue-number').innerText()).toBe('A002');
    expect(await page.getByTestId('queue-ticket').getAttribute('data-priority')).toBe('elderly');
    expect(await page.getByTestId('queue-priority').innerText()).toContain('Nhân viên sẽ xác nhận');
    expect((await receipts()).at(-1)!.textLines.join(' ')).toContain('ƯU TIÊN: người từ 75 tuổi');
    await close();
  });

  it('offline, the branch kiosk gives a number from its own sequence and says so', async () => {
    expect(await trpc('demo.setCityReachable', { reachable: false })).toMatchObject({ ok: true });
    try {
      const { page, close } = await openKioskScreen(host, PORTRAIT);
      await startAt(page, 'go-queue');
      await page.getByTestId('queue-field-ho-tich').tap();
      await page.getByTestId('queue-type-id').tap();
      await typeDigits(page, '001095000111');
      await page.getByTestId('queue-typed-next').tap();
      await page.getByTestId('priority-none').tap();
      await step(page, 'ticket');
      expect(await page.getByTestId('queue-number').innerText()).toBe('A501');
      expect(await page.getByTestId('queue-ticket').getAttribute('data-source')).toBe('local');
      expect(await page.getByTestId('queue-local').innerText()).toContain('chi nhánh cấp số');
      await page.getByTestId('queue-printed').waitFor();
      expect((await receipts()).at(-1)!.textLines.join(' ')).toContain('A501');
      await checkScreen(page, 'queue-10-offline-ticket');
      await close();
    } finally {
      await trpc('demo.setCityReachable', { reachable: true });
    }
  });

  it('landscape: the same steps fit a wide screen', async () => {
    const { page, close } = await openKioskScreen(host, LANDSCAPE);
    await startAt(page, 'go-queue');
    await step(page, 'field');
    await checkScreen(page, 'queue-01-field');
    await page.getByTestId('queue-field-can-cuoc').tap();
    await checkScreen(page, 'queue-02-identify');
    await page.getByTestId('queue-use-card').tap();
    await step(page, 'card');
    await checkScreen(page, 'queue-03-card');
    await page.getByTestId('queue-type-instead').tap();
    await typeDigits(page, '001096000444');
    await checkScreen(page, 'queue-07-typed');
    await page.getByTestId('queue-typed-next').tap();
    await step(page, 'priority');
    await checkScreen(page, 'queue-04-priority');
    await page.getByTestId('priority-disabled').tap();
    await step(page, 'ticket');
    expect(await page.getByTestId('queue-number').innerText()).toMatch(/^D\d{3}$/);
    await checkScreen(page, 'queue-05-ticket');
    // High contrast and the largest text still read and still fit.
    await page.getByTestId('contrast').tap();
    await page.getByTestId('text-size').tap();
    await page.getByTestId('text-size').tap();
    await checkScreen(page, 'queue-05-ticket-contrast-large');
    await close();
  });
});

describe('dossier look-up', () => {
  let dossierId = '';
  let receiptCode = '';

  it('a dossier submitted through the api is found by its receipt code, with its state and next step', async () => {
    // Set-up through the journey api, as the journey screens call it.
    const session = await trpc<{ ok: boolean; value: { sessionId: string } }>('journey.startSession', { lang: 'vi' });
    const sessionId = session.value.sessionId;
    expect(await trpc('journey.consent', { sessionId, noticeVersion: '2026-11-v1' })).toMatchObject({ ok: true });
    expect(await trpc('journey.identityTyped', { sessionId, idNumber: '001090123456', fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-01', sex: 'male', address: 'Số 1 phố Láng Hạ, Hà Nội' })).toMatchObject({ ok: true });
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 7 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);
    const submitted = await trpc<{ ok: boolean; value: { dossierId: string; localRef: string } }>('journey.submit', {
      sessionId,
      procedureCode: '1.003677',
      answers: { destination: 'Thành phố Hải Phòng', fromDate: today, toDate: later, phone: '0912345678' },
    });
    expect(submitted.ok).toBe(true);
    dossierId = submitted.value.dossierId;
    expect(await trpc('journey.printReceipt', { sessionId, dossierId })).toMatchObject({ ok: true });
    await trpc('journey.endSession', { sessionId });

    // Wait until the city sandbox has it and gave it a receipt code.
    const db = cityDb();
    try {
      await expect.poll(() => (db.prepare('SELECT receipt_code FROM dossiers WHERE id = ?').get(dossierId) as { receipt_code?: string } | undefined)?.receipt_code, { timeout: 20_000 }).toMatch(/^H26\.99-\d{6}-\d{4}$/);
      receiptCode = (db.prepare('SELECT receipt_code FROM dossiers WHERE id = ?').get(dossierId) as { receipt_code: string }).receipt_code;
    } finally {
      db.close();
    }

    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await startAt(page, 'go-lookup');
    await page.locator('[data-testid="lookup-screen"][data-step="enter"]').waitFor();
    await typeCode(page, receiptCode);
    expect(await page.getByTestId('lookup-code').inputValue()).toBe(receiptCode);
    await checkScreen(page, 'lookup-01-enter');
    await page.getByTestId('lookup-search').tap();
    const status = page.locator('[data-testid="lookup-screen"][data-step="status"]');
    await status.waitFor();
    expect(await status.getAttribute('data-state')).toBe('received');
    expect(await page.getByTestId('lookup-status-title').innerText()).toBe('Hồ sơ đã được tiếp nhận');
    expect(await page.getByTestId('lookup-next').innerText()).toMatch(/Ngày hẹn trả kết quả: .*\d{4}/);
    expect(await page.locator('main').innerText()).toContain('Khai báo tạm vắng');
    expect(await page.getByTestId('lookup-start-supplement').count()).toBe(0);
    await checkScreen(page, 'lookup-02-received');

    // A wrong code is said plainly.
    await page.getByTestId('lookup-another').tap();
    await typeCode(page, 'H26.99-000000-0000');
    await page.getByTestId('lookup-search').tap();
    expect(await page.getByTestId('lookup-problem').innerText()).toContain('không tìm thấy hồ sơ có mã H26.99-000000-0000');
    await checkScreen(page, 'lookup-03-not-found');
    await close();
  });

  it('when the city asks for more papers: the request in plain words, scan, send, confirmed; the city has the supplement for the same dossier', async () => {
    expect(dossierId).not.toBe('');
    expect(await trpc('demo.setDossierStatus', { dossierId, status: 'needs_supplement', note: 'Bổ sung giấy ủy quyền có chữ ký' })).toMatchObject({ ok: true });

    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await startAt(page, 'go-lookup');
    // The demo trainer "scans" the QR of the receipt the printer printed.
    await page.getByTestId('lookup-demo-scan-qr').tap();
    const status = page.locator('[data-testid="lookup-screen"][data-step="status"]');
    await status.waitFor();
    expect(await status.getAttribute('data-state')).toBe('needs_supplement');
    expect(await page.getByTestId('lookup-note').innerText()).toContain('Bổ sung giấy ủy quyền có chữ ký');
    expect(await page.getByTestId('lookup-next').innerText()).toContain('quét và gửi ngay tại kiosk này');
    await checkScreen(page, 'lookup-04-needs-supplement');

    await page.getByTestId('lookup-start-supplement').tap();
    await page.locator('[data-testid="lookup-screen"][data-step="supplement"]').waitFor();
    await checkScreen(page, 'lookup-05-supplement-empty');
    await page.getByTestId('lookup-scan-page').tap();
    await expect.poll(() => page.getByTestId('lookup-pages').locator('li').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('lookup-send-supplement').innerText()).toBe('Gửi 1 trang');
    await checkScreen(page, 'lookup-06-supplement-scanned');
    await page.getByTestId('lookup-send-supplement').tap();
    await page.locator('[data-testid="lookup-screen"][data-step="sent"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('lookup-sent').innerText()).toContain('1 trang bổ sung');
    expect(await page.getByTestId('lookup-sent-where').getAttribute('data-to-city')).toBe('true');
    await checkScreen(page, 'lookup-07-sent');

    // In the city's database: one supplement of this dossier, with its scanned page.
    const db = cityDb();
    try {
      const rows = db
        .prepare('SELECT s.dossier_id AS dossierId, COUNT(a.upload_id) AS attachments, SUM(a.size) AS bytes FROM supplements s JOIN dossier_attachments a ON a.supplement_id = s.id GROUP BY s.id')
        .all() as { dossierId: string; attachments: number; bytes: number }[];
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ dossierId, attachments: 1 });
      expect(rows[0]!.bytes).toBeGreaterThan(1000);
    } finally {
      db.close();
    }

    // Looked up again: the Centre is working on it once more.
    await page.getByTestId('lookup-check-again').tap();
    await status.waitFor();
    expect(await status.getAttribute('data-state')).toBe('processing');
    expect(await page.getByTestId('lookup-start-supplement').count()).toBe(0);
    await close();
  });

  it('landscape: entering a code and the status fit a wide screen', async () => {
    const { page, close } = await openKioskScreen(host, LANDSCAPE);
    await startAt(page, 'go-lookup');
    await typeCode(page, receiptCode);
    await checkScreen(page, 'lookup-01-enter');
    await page.getByTestId('lookup-search').tap();
    await page.locator('[data-testid="lookup-screen"][data-step="status"]').waitFor();
    await checkScreen(page, 'lookup-02-status');
    await close();
  });
});
