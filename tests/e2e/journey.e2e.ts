import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiClient,
  ARTIFACTS,
  closeBrowsers,
  LANDSCAPE,
  openKioskScreen,
  PORTRAIT,
  screenshot,
  seriousAxeViolations,
  smallTouchTargets,
  startKioskHost,
  type RunningKioskHost,
  type Viewport,
} from './kiosk-fixture';
import { openProcedure, quickForm, quickIdentify, quickScan, SAMPLE_ID } from './journey-steps';

// Issue 5: the citizen's dossier journey on the simulators and the embedded city sandbox,
// as a citizen does it — by touch, on the on-screen keyboard — checked where it lands: the
// sandbox's database, the bytes the receipt printer decoded, the terminal's journal.

const SAMPLE_NAME = 'Nguyễn Văn A'; // the sample CCCD the simulated reader presents

/** A terminal that answers in a third of a second and gives up waiting after 4 s. */
const DEVICES = { paymentTerminal: { kind: 'simulator', processingMs: 300, timeouts: { replyMs: 4000 } } };
const CITY = { kind: 'embedded-sandbox', processingAfterSeconds: 3600, completedAfterSeconds: 7200 };

type Api = ReturnType<typeof apiOf>;
function apiOf(host: RunningKioskHost) {
  return apiClient(host);
}

/** Reads the city sandbox's own database: what the city actually received. */
function city<T>(host: RunningKioskHost, read: (q: CityQueries) => T): T {
  const db = new Database(join(host.dataDir, 'city-sandbox', 'city.db'), { readonly: true, fileMustExist: true });
  try {
    return read({
      dossier: (id) => db.prepare('SELECT id, receipt_code, body_json FROM dossiers WHERE id = ?').get(id) as CityDossier | undefined,
      attachments: (id) => (db.prepare('SELECT COUNT(*) AS n FROM dossier_attachments WHERE dossier_id = ? AND supplement_id IS NULL').get(id) as { n: number }).n,
      payments: (id) => db.prepare('SELECT status, body_json, puts FROM payments WHERE dossier_id = ?').all(id) as CityPayment[],
      telemetry: () => (db.prepare('SELECT body_json FROM telemetry').all() as Array<{ body_json: string }>).map((r) => r.body_json),
    });
  } finally {
    db.close();
  }
}
interface CityDossier {
  id: string;
  receipt_code: string;
  body_json: string;
}
interface CityPayment {
  status: string;
  body_json: string;
  puts: number;
}
interface CityQueries {
  dossier(id: string): CityDossier | undefined;
  attachments(id: string): number;
  payments(id: string): CityPayment[];
  telemetry(): string[];
}

/** Waits until the city has what the kiosk sent (the sync worker pushes in the background). */
async function inCity<T>(host: RunningKioskHost, read: (q: CityQueries) => T, until: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = city(host, read);
    if (until(v) || Date.now() - started > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Counts what a citizen does: every tap, every screen they are shown. */
class Counter {
  taps = 0;
  /** Of the taps, those on the keyboard's keys (typing). */
  keys = 0;
  readonly screens: string[] = [];
  constructor(
    readonly page: Page,
    readonly name: string,
    readonly viewport: Viewport,
    /** Text that must not appear on any screen (Vietnamese words in an English journey). */
    readonly forbid?: RegExp,
  ) {}

  async tap(testId: string) {
    this.taps++;
    await this.page.getByTestId(testId).tap();
  }

  /** A key on the on-screen keyboard in the dock. */
  async key(k: string) {
    this.taps++;
    this.keys++;
    const dock = this.page.getByTestId('journey-keyboard');
    if (/^[\d@_-]$/.test(k) && (await dock.getByTestId('keyboard-numeric').count()) === 0) await dock.locator(`[data-key="${k}"]`).tap();
    else await dock.locator(`[data-skbtn="${k}"]`).first().tap();
  }

  /** Types a script of keys: letters, vowel keys (â ă ê ô ơ ư đ), {tone-…} keys, digits, spaces. */
  async type(script: string, method: 'keys' | 'telex' = 'keys') {
    const kb = this.page.getByTestId('journey-keyboard').getByTestId('keyboard-text');
    while ((await kb.getAttribute('data-method')) !== method) await this.key('{method}');
    for (const k of script.match(/\{[^}]+\}|./gu)!) {
      if (k === ' ') await this.key('{space}');
      else if (k.length === 1 && k !== k.toLowerCase()) {
        await this.key('{shift}');
        await this.key(k);
      } else await this.key(k);
    }
  }

  async digits(ds: string) {
    for (const d of ds) await this.key(d);
  }

  /** A new screen: looked at in both orientations, checked for accessibility and target size. */
  async screen(step: string, opts: { check?: boolean } = {}) {
    const main = this.page.locator(`main[data-step="${step}"]`);
    await main.waitFor({ timeout: 30_000 });
    this.screens.push(step);
    const n = String(this.screens.length).padStart(2, '0');
    if (this.forbid) expect(await main.innerText(), `language on ${step}`).not.toMatch(this.forbid);
    if (opts.check === false) return;
    await checkBoth(this.page, this.viewport, `journey-${this.name}-${n}-${step}`);
  }
}

/** Screenshots and touch targets in both orientations; axe once (it reads the same DOM). */
async function checkBoth(page: Page, viewport: Viewport, name: string) {
  expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
  for (const v of [viewport, viewport === PORTRAIT ? LANDSCAPE : PORTRAIT]) {
    await page.setViewportSize(v);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
    expect(await smallTouchTargets(page), `touch targets on ${name} ${v.width}x${v.height}`).toEqual([]);
    expect(await cutOff(page), `buttons off the edge on ${name} ${v.width}x${v.height}`).toEqual([]);
  }
  await page.setViewportSize(viewport);
}

/** Buttons pushed past the side of the screen or of their panel (large text must not do that). */
function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button')]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        const panel = b.closest('.journey-keyboard, main')?.getBoundingClientRect();
        const right = Math.min(window.innerWidth, panel?.right ?? Infinity);
        const left = Math.max(0, panel?.left ?? 0);
        return r.width > 0 && (r.right > right + 1 || r.left < left - 1);
      })
      .map((b) => `"${(b.innerText || '').slice(0, 20)}" ${Math.round(b.getBoundingClientRect().left)}..${Math.round(b.getBoundingClientRect().right)}`),
  );
}

/** The receipt code the screen shows once the receipt printed. */
async function printedCode(page: Page): Promise<string> {
  await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
  return (await page.getByTestId('receipt-code').innerText()).trim();
}

/** The dossier id of the journey on screen, from the submit call the page made. */
function captureSubmits(page: Page): { ids: string[]; sessions: string[] } {
  const seen = { ids: [] as string[], sessions: [] as string[] };
  page.on('response', async (res) => {
    const url = res.url();
    if (!url.includes('/trpc/') || (!url.includes('journey.submit') && !url.includes('journey.startSession'))) return;
    const body = (await res.json().catch(() => null)) as unknown;
    for (const item of Array.isArray(body) ? body : [body]) {
      const v = (item as { result?: { data?: { ok?: boolean; value?: { dossierId?: string; sessionId?: string } } } })?.result?.data?.value;
      if (v?.dossierId) seen.ids.push(v.dossierId);
      if (v?.sessionId) seen.sessions.push(v.sessionId);
    }
  });
  return seen;
}

async function receiptsOf(api: Api) {
  const r = await api.demo.receipts.query();
  if (!r.ok) throw new Error('no printer simulator');
  return r.value;
}

const report: string[] = [];

describe('the dossier journey for three procedures', () => {
  let host: RunningKioskHost;
  let api: Api;
  beforeAll(async () => {
    host = await startKioskHost({ session: { idleTimeoutSeconds: 600, warningSeconds: 30 }, devices: DEVICES, city: CITY });
    api = apiOf(host);
  });
  afterAll(async () => {
    await closeBrowsers();
    await host?.stop();
    console.log(`\nTaps and screens per journey (from "${'Nộp hồ sơ tại kiosk'}" to the end):\n${report.join('\n')}\n`);
    // Kept for `npm run bench`, which reports the figures of the last run.
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'journey-taps.txt'), `${new Date().toISOString()}\n${report.join('\n')}\n`);
  });

  it('free (1.001193 birth registration): card, prefilled form with a Telex-typed and a tone-key-typed name, scan, receipt and Mẫu 01, rating', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    await openProcedure(page, '1.001193', 'khai sinh');
    const c = new Counter(page, 'free', PORTRAIT);
    const started = Date.now();
    await c.tap('start-journey');

    await c.screen('consent');
    expect(await page.locator('main').innerText()).toMatch(/dichvucong|Cổng Dịch vụ công/);
    await c.tap('consent-agree');

    await c.screen('identify');
    await c.tap('identify-card');
    await c.screen('card-wait');
    await c.tap('trainer-present-card'); // the trainer's sample card, as a citizen would hold theirs
    await c.screen('confirm');
    expect(await page.getByTestId('identity-name').innerText()).toBe(SAMPLE_NAME);
    expect(await page.getByTestId('identity-id').innerText()).not.toContain(SAMPLE_ID);
    await c.tap('identity-confirm');

    await c.screen('form');
    // Prefilled from the card: the father registers (the card says male).
    expect(await page.getByTestId('field-fatherName').inputValue()).toBe(SAMPLE_NAME);
    expect(await page.getByTestId('option-relation-cha').getAttribute('aria-pressed')).toBe('true');
    await c.tap('field-childName');
    await c.type('Nguyeenx Vawn An', 'telex');
    expect(await page.getByTestId('field-childName').inputValue()).toBe('Nguyễn Văn An');
    await c.tap('field-childDateOfBirth');
    const born = new Date(Date.now() - 10 * 86_400_000);
    const dmy = `${String(born.getUTCDate()).padStart(2, '0')}${String(born.getUTCMonth() + 1).padStart(2, '0')}${born.getUTCFullYear()}`;
    await c.digits(dmy);
    await c.tap('option-childSex-Nam');
    await c.tap('field-birthPlace');
    await c.type('Bênh{tone-nang} viên{tone-nang} Bach{tone-nang} Mai', 'keys');
    expect(await page.getByTestId('field-birthPlace').inputValue()).toBe('Bệnh viện Bạch Mai');
    await c.tap('field-motherName');
    await c.type('Trân{tone-huyen} Thi{tone-nang} Hoa', 'keys');
    expect(await page.getByTestId('field-motherName').inputValue()).toBe('Trần Thị Hoa');
    // Continue with the phone still empty: a plain message, and the form stays.
    await c.tap('form-next');
    await page.getByTestId('problem-phone').waitFor();
    expect(await page.getByTestId('problem-phone').innerText()).toBe('Ô này cần điền.');
    await c.screen('form');
    await c.tap('field-phone');
    await c.digits('0912345678');
    // Read aloud (not counted: a citizen who reads needs no tap): the form, not the keys.
    const said = page.waitForRequest((r) => r.url().includes('speech.say'));
    await page.getByTestId('read-aloud').tap();
    const spoken = (await said).postData() ?? '';
    expect(spoken).toContain('Điền tờ khai');
    expect(spoken).toContain('Họ tên mẹ');
    expect(spoken).not.toContain('Chữ hoa');
    await expect.poll(() => page.getByTestId('read-aloud').getAttribute('data-state')).toBe('playing');
    await page.getByTestId('read-aloud').tap();
    await c.tap('form-next');

    await c.screen('papers');
    await c.tap('scan-giay-chung-sinh');
    await page.getByTestId('page-giay-chung-sinh-0').waitFor({ timeout: 30_000 });
    // Back to the form and forward again: nothing typed is lost, the page stays scanned.
    await c.tap('papers-back');
    await c.screen('form', { check: false });
    expect(await page.getByTestId('field-childName').inputValue()).toBe('Nguyễn Văn An');
    expect(await page.getByTestId('field-phone').inputValue()).toBe('0912345678');
    await c.tap('form-next');
    await c.screen('papers');
    expect(await page.getByTestId('paper-giay-chung-sinh').getAttribute('data-pages')).toBe('1');
    await c.tap('papers-next');

    await c.screen('review');
    expect(await page.getByTestId('review-childName').innerText()).toBe('Nguyễn Văn An');
    expect(await page.getByTestId('fee-line').innerText()).toBe('Miễn lệ phí.');
    await c.tap('review-confirm'); // free: straight to submit, no fee screen

    await c.screen('receipt', { check: false });
    const code = await printedCode(page);
    await c.screen('receipt');
    // The city answered with its receipt code within seconds: the screen says it was received.
    expect(code).toMatch(/^H26\./);
    expect(await page.getByTestId('submitted-status').innerText()).toContain('cơ quan giải quyết đã nhận');
    await c.tap('receipt-a4');
    await page.getByTestId('a4-printed').waitFor({ timeout: 30_000 });
    if (host.output().includes('A4 prints go to')) expect(readdirSync(join(host.dataDir, 'a4-prints')).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
    await c.tap('receipt-next');

    await c.screen('rating');
    await c.tap('rate-5');
    await c.tap('reason-easy');
    await c.tap('rating-send');
    await c.screen('thanks');
    await c.tap('journey-finish');
    await page.getByTestId('attract-screen').waitFor();
    const seconds = Math.round((Date.now() - started) / 1000);

    // The printer decoded the receipt; its QR carries the receipt code shown on screen.
    const receipts = await receiptsOf(api);
    expect(receipts.at(-1)!.qrPayloads).toEqual([code]);
    // The city has the dossier, its one scanned page, the consent, and no payment.
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(host, (x) => ({ d: x.dossier(dossierId), a: x.attachments(dossierId) }), (v) => v.d !== undefined && v.a === 1);
    expect(got.d).toBeDefined();
    expect(got.a).toBe(1);
    const body = JSON.parse(got.d!.body_json) as { procedureCode: string; applicant: { fullName: string }; form: Record<string, unknown> };
    expect(body.procedureCode).toBe('1.001193');
    expect(body.applicant.fullName).toBe(SAMPLE_NAME);
    expect(body.form['childName']).toBe('Nguyễn Văn An');
    expect(body.form['motherName']).toBe('Trần Thị Hoa');
    expect(body.form['consent']).toMatchObject({ noticeVersion: expect.stringMatching(/\S/), at: expect.stringMatching(/^\d{4}-/) });
    expect(city(host, (x) => x.payments(dossierId))).toEqual([]);
    // The rating reached the city as telemetry, with nothing of the citizen in it.
    const telemetry = await inCity(host, (x) => x.telemetry(), (t) => t.some((b) => b.includes('"score":5')));
    const rating = telemetry.find((b) => b.includes('"score":5'))!;
    expect(rating).not.toContain(SAMPLE_ID);
    expect(rating).not.toContain('Nguy');
    expect(rating).not.toContain(dossierId);
    report.push(line('1.001193 khai sinh — free, CCCD QR', c, seconds));
    await close();
  }, 240_000);

  it('fixed fee by card (2.000884 signature certification): typed ID, card declined then paid, charged once', async () => {
    const { page, close } = await openKioskScreen(host, LANDSCAPE);
    const seen = captureSubmits(page);
    await openProcedure(page, '2.000884', 'chung thuc chu ky');
    const c = new Counter(page, 'card', LANDSCAPE);
    const started = Date.now();
    const before = await api.demo.terminalJournal.query();
    if (!before.ok) throw new Error('no terminal simulator');
    await c.tap('start-journey');
    await c.screen('consent');
    await c.tap('consent-agree');
    await c.screen('identify');
    await c.tap('identify-typed');
    await c.screen('typing');
    await c.digits(SAMPLE_ID); // the ID field is ready on the number pad
    await c.tap('field-fullName');
    await c.type('Lê Thi{tone-nang} Lan');
    await c.tap('field-dateOfBirth');
    await c.digits('15081958');
    await c.tap('typed-sex-female');
    await c.tap('typed-save');
    await c.screen('confirm');
    expect(await page.getByTestId('identity-name').innerText()).toBe('Lê Thị Lan');
    await c.tap('identity-confirm');
    await c.screen('form');
    await c.tap('field-documentName');
    await c.type('Giây{tone-sac} uy{tone-hoi} quyên{tone-huyen}');
    expect(await page.getByTestId('field-documentName').inputValue()).toBe('Giấy ủy quyền');
    await c.tap('field-phone');
    await c.digits('0987654321');
    await c.tap('form-next');
    await c.screen('papers');
    await c.tap('scan-giay-can-ky');
    await page.getByTestId('page-giay-can-ky-0').waitFor({ timeout: 30_000 });
    await c.tap('papers-next');
    await c.screen('review');
    expect(await page.getByTestId('fee-line').getAttribute('data-amount')).toBe('10000');
    await c.tap('review-confirm');
    await c.screen('fee');
    await api.demo.setTerminal.mutate({ outcome: 'decline' });
    await c.tap('pay-card');
    await c.screen('card-failed');
    expect(await page.getByTestId('payment-error').getAttribute('data-code')).toBe('declined');
    expect(await page.getByTestId('not-charged').isVisible()).toBe(true);
    await c.tap('card-retry'); // the next sale is approved
    await c.screen('receipt', { check: false });
    const code = await printedCode(page);
    await c.screen('receipt');
    await c.tap('receipt-next');
    await c.screen('rating');
    await c.tap('rate-4');
    await c.tap('rating-send');
    await c.screen('thanks', { check: false });
    await c.tap('journey-finish');
    await page.getByTestId('attract-screen').waitFor();
    const seconds = Math.round((Date.now() - started) / 1000);

    const after = await api.demo.terminalJournal.query();
    if (!after.ok) throw new Error('no terminal simulator');
    expect(after.value.approvedSales - before.value.approvedSales).toBe(1);
    expect(after.value.requests - before.value.requests).toBe(2);
    expect((await receiptsOf(api)).at(-1)!.qrPayloads).toEqual([code]);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(host, (x) => ({ a: x.attachments(dossierId), p: x.payments(dossierId) }), (v) => v.a === 1 && v.p.some((p) => p.status === 'approved'));
    expect(got.a).toBe(1);
    // The city knows both attempts: the declined one, and one approved charge.
    expect(got.p.map((p) => p.status).sort()).toEqual(['approved', 'declined']);
    const approved = got.p.find((p) => p.status === 'approved')!;
    expect(approved.puts).toBe(1);
    expect(JSON.parse(approved.body_json)).toMatchObject({ amount: 10_000, method: 'card' });
    report.push(line('2.000884 chứng thực chữ ký — 10.000 đ by card (declined, retried)', c, seconds));
    await close();
  }, 240_000);

  it('per-page fee by VietQR (2.000815 certified copy), in English, high contrast and large text, identified by the MRZ on the back of the card', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    await openProcedure(page, '2.000815', 'certified copy', 'en');
    await page.getByTestId('contrast').tap();
    await page.getByTestId('text-size').tap();
    await page.getByTestId('text-size').tap();
    const c = new Counter(page, 'vietqr-en', PORTRAIT, /Bước|Tiếp tục|Quét|hồ sơ|Đồng ý|Lệ phí/);
    const started = Date.now();
    await c.tap('start-journey');
    await c.screen('consent');
    expect(await page.locator('h1').innerText()).toBe('Before you start');
    await c.tap('consent-agree');
    await c.screen('identify');
    await c.tap('identify-mrz');
    await c.screen('mrz');
    await c.tap('mrz-scan'); // the trainer's sample card lies on the glass
    await c.screen('confirm');
    expect(await page.getByTestId('identity-name').innerText()).toBe('NGUYEN VAN A');
    await c.tap('identity-confirm');
    await c.screen('form');
    await c.tap('field-documentName');
    await c.type('Birth certificate');
    await c.tap('field-copies');
    await c.digits('2');
    await c.tap('field-phone');
    await c.digits('0901234567');
    await c.tap('field-email');
    await c.type('an@gmail.com');
    expect(await page.getByTestId('field-email').inputValue()).toBe('an@gmail.com');
    await c.tap('form-next');
    await c.screen('papers');
    await c.tap('scan-ban-chinh');
    await page.getByTestId('page-ban-chinh-0').waitFor({ timeout: 30_000 });
    await c.tap('scan-ban-chinh');
    await page.getByTestId('page-ban-chinh-1').waitFor({ timeout: 30_000 });
    await c.tap('trainer-sample-blank'); // a blank back goes under the lid by mistake
    await c.tap('scan-ban-chinh');
    await page.getByTestId('page-ban-chinh-2').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('page-ban-chinh-2').innerText()).toContain('blank');
    await c.screen('papers');
    await c.tap('remove-ban-chinh-2');
    await page.getByTestId('page-ban-chinh-2').waitFor({ state: 'detached' });
    await c.tap('papers-next');
    await c.screen('review');
    // 2 pages × 2,000 VND × 2 copies (Circular 226/2016).
    expect(await page.getByTestId('fee-line').getAttribute('data-amount')).toBe('8000');
    expect(await page.getByTestId('review-fee').innerText()).toContain('2 scanned pages × 2 copies');
    await c.tap('review-confirm');
    await c.screen('fee');
    await c.tap('pay-vietqr');
    await page.getByTestId('vietqr-image').waitFor();
    await c.screen('vietqr');
    expect(await page.getByTestId('vietqr-amount').getAttribute('data-amount')).toBe('8000');
    expect(await page.getByTestId('vietqr-account').innerText()).toMatch(/TRUNG TAM PHUC VU HANH CHINH CONG/);
    const reference = (await page.getByTestId('vietqr-reference').innerText()).trim();
    // The citizen's bank app pays; the bank's notification reaches the kiosk through the city.
    const paid = await api.demo.payVietQr.mutate({ reference, amount: 8000 });
    expect(paid.ok).toBe(true);
    await c.screen('receipt', { check: false });
    const code = await printedCode(page);
    await c.screen('receipt');
    await c.tap('receipt-next');
    await c.screen('rating');
    await c.tap('rate-5');
    await c.tap('reason-fast');
    await c.tap('rating-send');
    await c.screen('thanks');
    expect(await page.locator('h1').innerText()).toBe('Thank you!');
    await c.tap('journey-finish');
    await page.getByTestId('attract-screen').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('standard');
    const seconds = Math.round((Date.now() - started) / 1000);

    expect((await receiptsOf(api)).at(-1)!.qrPayloads).toEqual([code]);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(host, (x) => ({ a: x.attachments(dossierId), p: x.payments(dossierId), d: x.dossier(dossierId) }), (v) => v.a === 2 && v.p.length > 0);
    expect(got.a).toBe(2); // the blank page was not sent
    expect(got.p).toHaveLength(1);
    expect(got.p[0]!.status).toBe('approved');
    expect(JSON.parse(got.p[0]!.body_json)).toMatchObject({ amount: 8000, method: 'vietqr' });
    expect(JSON.parse(got.d!.body_json)).toMatchObject({ fee: { amount: 8000 }, form: { copies: '2', documentName: 'Birth certificate' } });
    report.push(line('2.000815 chứng thực bản sao — 8.000 đ per page by VietQR (English, MRZ)', c, seconds));
    await close();
  }, 240_000);
});

function line(name: string, c: Counter, seconds: number): string {
  return `  ${name}: ${c.taps} taps (${c.keys} of them keyboard keys, ${c.taps - c.keys} other), ${c.screens.length} screens shown (${new Set(c.screens).size} distinct), ${seconds} s at test speed`;
}

const SIGNATURE = { code: '2.000884', search: 'chung thuc chu ky', paper: 'giay-can-ky', answers: { documentName: 'Hop dong', phone: '0912000111' } };

describe('when something goes wrong', () => {
  let host: RunningKioskHost;
  let api: Api;
  beforeAll(async () => {
    host = await startKioskHost({ session: { idleTimeoutSeconds: 600, warningSeconds: 30 }, devices: DEVICES, city: CITY });
    api = apiOf(host);
  });
  afterAll(async () => {
    await closeBrowsers();
    await host?.stop();
  });

  it('declining consent reads nothing and ends politely, with the counter and the online portal', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    await openProcedure(page, '1.001193', 'khai sinh');
    await page.getByTestId('start-journey').tap();
    await page.getByTestId('consent-decline').tap();
    await page.locator('main[data-step="declined"]').waitFor();
    await checkBoth(page, PORTRAIT, 'journey-fail-declined');
    expect(await page.getByTestId('alt-counter').innerText()).toContain('quầy');
    expect(await page.getByTestId('alt-portal').innerText()).toContain('dichvucong.gov.vn');
    // Nothing of the citizen reached the core: the session has no consent.
    const r = await api.journey.readMrz.mutate({ sessionId: seen.sessions.at(-1)! });
    expect(r).toMatchObject({ ok: false, error: { code: 'no-consent' } });
    await page.getByTestId('declined-home').tap();
    await page.getByTestId('home-screen').waitFor();
    await close();
  });

  it('an unreadable card (garbage from the reader) is said at once; typing the ID instead works', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await openProcedure(page, '1.001193', 'khai sinh');
    await page.getByTestId('start-journey').tap();
    await page.getByTestId('consent-agree').tap();
    await page.getByTestId('identify-card').tap();
    await page.locator('main[data-step="card-wait"]').waitFor();
    await api.demo.presentCard.mutate({ what: 'garbage' });
    // Said at once: well inside the reader's 60 s wait, and as a bad code, not a time-out.
    await page.getByTestId('journey-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('journey-error').getAttribute('data-code')).toBe('unreadable-code');
    expect(await page.locator('main').getAttribute('data-step')).toBe('identify');
    await checkBoth(page, PORTRAIT, 'journey-fail-card-unreadable');
    await page.getByTestId('identify-typed').tap();
    await page.locator('main[data-step="typing"]').waitFor();
    await close();
  });

  it('scanner jammed, then without paper: each says what to do; once cleared the page scans', async () => {
    const { page, close } = await openKioskScreen(host, LANDSCAPE);
    await quickIdentify(page, SIGNATURE.code, SIGNATURE.search);
    await quickForm(page, SIGNATURE.answers);
    // The top bar's back is a step back inside the journey; the language screen is a detour:
    // neither loses what was typed.
    await page.getByTestId('back').tap();
    await page.locator('main[data-step="form"]').waitFor();
    expect(await page.getByTestId('field-documentName').inputValue()).toBe(SIGNATURE.answers.documentName);
    await page.getByTestId('language').tap();
    await page.getByTestId('lang-en').tap();
    await page.locator('main[data-step="form"]').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Fill in the form');
    expect(await page.getByTestId('field-phone').inputValue()).toBe(SIGNATURE.answers.phone);
    await page.getByTestId('language').tap();
    await page.getByTestId('lang-vi').tap();
    await page.getByTestId('form-next').tap();
    await page.locator('main[data-step="papers"]').waitFor();
    await api.demo.setScanner.mutate({ fault: 'jam' });
    await page.getByTestId(`scan-${SIGNATURE.paper}`).tap();
    const error = page.getByTestId(`scan-error-${SIGNATURE.paper}`);
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-code')).toBe('jammed');
    expect(await error.innerText()).toContain('kẹt giấy');
    await checkBoth(page, LANDSCAPE, 'journey-fail-scanner-jam');
    await api.demo.setScanner.mutate({ fault: 'no-paper' });
    await page.getByTestId(`scan-${SIGNATURE.paper}`).tap();
    await expect.poll(() => error.getAttribute('data-code'), { timeout: 20_000 }).toBe('no-paper');
    await api.demo.setScanner.mutate({ fault: null });
    await quickScan(page, SIGNATURE.paper);
    expect(await error.count()).toBe(0);
    // A blurred copy is flagged by the quality check and can be rescanned.
    await page.getByTestId('trainer-sample-blurred').tap();
    await page.getByTestId(`scan-${SIGNATURE.paper}`).tap();
    await page.getByTestId(`rescan-${SIGNATURE.paper}-1`).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId(`page-${SIGNATURE.paper}-1`).innerText()).toContain('mờ');
    await checkBoth(page, LANDSCAPE, 'journey-fail-page-unreadable');
    await page.getByTestId('trainer-sample-text').tap();
    await page.getByTestId(`rescan-${SIGNATURE.paper}-1`).tap();
    // The flagged page is replaced by a good one: two pages, none flagged.
    await expect.poll(() => page.locator(`[data-testid="page-${SIGNATURE.paper}-1"]:not(.unreadable)`).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId(`paper-${SIGNATURE.paper}`).getAttribute('data-pages')).toBe('2');
    expect(await page.getByTestId(`rescan-${SIGNATURE.paper}-1`).count()).toBe(0);
    await close();
  });

  it('the receipt printer out of paper: the A4 printer, or the receipt QR on screen to photograph', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const printedBefore = (await receiptsOf(api)).length;
    await quickIdentify(page, '1.003677', 'tam vang');
    await quickForm(page, { destination: 'Da Nang', fromDate: '01/01/2026', toDate: '01/06/2027', phone: '0912000222' });
    await page.getByTestId('papers-next').tap();
    await api.demo.setPrinter.mutate({ condition: 'paper-out' });
    await page.getByTestId('review-confirm').tap();
    const error = page.getByTestId('print-error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-code')).toBe('paper-out');
    expect(await error.innerText()).toContain('hết giấy');
    expect(await page.locator('h1').innerText()).toBe('Đã nộp hồ sơ'); // the dossier is in, whatever the printer
    await checkBoth(page, PORTRAIT, 'journey-fail-printer-paper-out');
    await page.getByTestId('receipt-show-qr').tap();
    await page.getByTestId('receipt-qr').waitFor();
    const code = (await page.getByTestId('receipt-code').innerText()).trim();
    expect(await page.getByTestId('receipt-qr').getAttribute('alt')).toContain(code);
    await checkBoth(page, PORTRAIT, 'journey-fail-receipt-on-screen');
    await page.getByTestId('receipt-print-a4').tap();
    await page.getByTestId('a4-printed').waitFor({ timeout: 30_000 });
    expect((await receiptsOf(api)).length).toBe(printedBefore); // nothing came out of the empty printer
    await api.demo.setPrinter.mutate({ condition: 'ready' });
    await close();
  });

  it('card timed out, then the terminal never answers: nothing charged twice, the dossier goes in for staff to check', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    const before = await api.demo.terminalJournal.query();
    if (!before.ok) throw new Error('no terminal simulator');
    await quickIdentify(page, SIGNATURE.code, SIGNATURE.search);
    await quickForm(page, SIGNATURE.answers);
    await quickScan(page, SIGNATURE.paper);
    await page.getByTestId('papers-next').tap();
    await page.getByTestId('review-confirm').tap();
    await api.demo.setTerminal.mutate({ outcome: 'not-completed' });
    await page.getByTestId('pay-card').tap();
    await page.locator('main[data-step="card-failed"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('payment-error').getAttribute('data-code')).toBe('timeout');
    await checkBoth(page, PORTRAIT, 'journey-fail-card-timeout');
    await api.demo.setTerminal.mutate({ outcome: 'no-reply' });
    await page.getByTestId('card-retry').tap();
    await page.locator('main[data-step="card-pay"]').waitFor();
    await checkBoth(page, PORTRAIT, 'journey-fail-card-waiting');
    await page.locator('main[data-step="staff"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('payment-error').getAttribute('data-code')).toBe('unknown-outcome');
    expect(await page.getByTestId('card-retry').count()).toBe(0);
    expect(await page.getByTestId('pay-vietqr').count()).toBe(0);
    expect(await page.getByTestId('back').isDisabled()).toBe(true); // leaving now would lose a payment that may have gone through
    await checkBoth(page, PORTRAIT, 'journey-fail-card-no-reply');
    await page.getByTestId('submit-to-check').tap();
    await page.getByTestId('payment-to-check').waitFor({ timeout: 20_000 });
    const after = await api.demo.terminalJournal.query();
    if (!after.ok) throw new Error('no terminal simulator');
    expect(after.value.approvedSales).toBe(before.value.approvedSales);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(host, (x) => ({ d: x.dossier(dossierId), p: x.payments(dossierId) }), (v) => v.d !== undefined);
    expect(got.d).toBeDefined();
    expect(JSON.parse(got.d!.body_json)).toMatchObject({ form: { paymentToCheck: true } });
    expect(got.p.filter((p) => p.status === 'approved')).toEqual([]);
    await api.demo.setTerminal.mutate({ outcome: 'approve' });
    await close();
  });

  it('offline: the dossier is accepted, the citizen is told plainly, and it is sent when the connection returns', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    await quickIdentify(page, '1.003677', 'tam vang');
    await quickForm(page, { destination: 'Hue', fromDate: '01/02/2026', toDate: '01/03/2027', phone: '0912000333' });
    await page.getByTestId('papers-next').tap();
    await api.demo.setCityReachable.mutate({ reachable: false });
    try {
      await page.getByTestId('review-confirm').tap();
      await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('submitted-status').innerText(), { timeout: 20_000 }).toContain('mất kết nối mạng');
      expect(await page.getByTestId('submitted-status').innerText()).toContain('tự động gửi đi khi có mạng');
      const code = (await page.getByTestId('receipt-code').innerText()).trim();
      expect(code).toMatch(/^K-/); // the kiosk's own reference until the city answers
      expect((await receiptsOf(api)).at(-1)!.qrPayloads).toEqual([code]);
      await checkBoth(page, PORTRAIT, 'journey-fail-offline');
      expect(city(host, (x) => x.dossier(seen.ids.at(-1)!))).toBeUndefined();
    } finally {
      await api.demo.setCityReachable.mutate({ reachable: true });
    }
    const sent = await inCity(host, (x) => x.dossier(seen.ids.at(-1)!), (d) => d !== undefined, 90_000);
    expect(sent).toBeDefined();
    await close();
  }, 150_000);
});

describe('idle in the middle of a journey', () => {
  let host: RunningKioskHost;
  let api: Api;
  beforeAll(async () => {
    host = await startKioskHost({ session: { idleTimeoutSeconds: 12, warningSeconds: 6 }, devices: DEVICES, city: CITY });
    api = apiOf(host);
  });
  afterAll(async () => {
    await closeBrowsers();
    await host?.stop();
  });

  it('warns, then wipes the half-done dossier on the screen and in the core', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    const seen = captureSubmits(page);
    await quickIdentify(page, SIGNATURE.code, SIGNATURE.search);
    await page.getByTestId('field-documentName').fill('Hop dong mua ban');
    await page.getByTestId('field-phone').fill('0912000444');
    await page.getByTestId('form-next').tap();
    await page.locator('main[data-step="papers"]').waitFor();
    await quickScan(page, SIGNATURE.paper);
    // Nobody touches the screen.
    await page.getByTestId('idle-warning').waitFor({ timeout: 15_000 });
    await screenshot(page, 'journey-idle-warning');
    await page.getByTestId('attract-screen').waitFor({ timeout: 15_000 });
    // The core forgot the session: its scans and identity are gone.
    const sessionId = seen.sessions.at(-1)!;
    await expect.poll(async () => (await api.journey.removePage.mutate({ sessionId, paperId: SIGNATURE.paper, index: 0 })) as unknown).toMatchObject({ ok: false, error: { code: 'no-session' } });
    // The next citizen starts from nothing.
    await openProcedure(page, SIGNATURE.code, SIGNATURE.search);
    await page.getByTestId('start-journey').tap();
    await page.getByTestId('consent-agree').tap();
    await page.getByTestId('identify-typed').tap();
    expect(await page.getByTestId('field-fullName').inputValue()).toBe('');
    expect(await page.getByTestId('field-idNumber').inputValue()).toBe('');
    await close();
  });

  it('a citizen paying in their bank app is not idle: the VietQR wait outlasts the idle timeout', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await quickIdentify(page, '2.000815', 'chung thuc ban sao');
    await quickForm(page, { documentName: 'So ho khau', copies: '1', phone: '0912000555' });
    await quickScan(page, 'ban-chinh');
    await page.getByTestId('papers-next').tap();
    await page.getByTestId('review-confirm').tap();
    await page.getByTestId('pay-vietqr').tap();
    await page.getByTestId('vietqr-image').waitFor();
    await page.waitForTimeout(14_000); // longer than the 12 s idle timeout
    expect(await page.getByTestId('idle-warning').count()).toBe(0);
    const reference = (await page.getByTestId('vietqr-reference').innerText()).trim();
    const amount = Number(await page.getByTestId('vietqr-amount').getAttribute('data-amount'));
    expect(amount).toBe(2000);
    await api.demo.payVietQr.mutate({ reference, amount });
    await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
    await close();
  });
});
