import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, LANDSCAPE, openKioskScreen, PORTRAIT } from './kiosk-fixture';
import { openProcedure, SAMPLE_ID } from './journey-steps';
import { SAMPLE_NAME, city, inCity, Counter, printedCode, captureSubmits, journeyKioskPerBlock, receiptsOf } from './journey-checks';

// Issue 5: the citizen's dossier journey on the simulators and the embedded city sandbox,
// as a citizen does it — by touch, on the on-screen keyboard — checked where it lands: the
// sandbox's database, the bytes the receipt printer decoded, the terminal's journal. What goes
// wrong on the way is in journey-problems.e2e.ts.

const report: string[] = [];

describe('the dossier journey for three procedures', () => {
  const kiosk = journeyKioskPerBlock({ idleTimeoutSeconds: 600, warningSeconds: 30 });
  afterAll(() => {
    console.log(`\nTaps and screens per journey (from "${'Nộp hồ sơ tại kiosk'}" to the end):\n${report.join('\n')}\n`);
    // Kept for `npm run bench`, which reports the figures of the last run.
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'journey-taps.txt'), `${new Date().toISOString()}\n${report.join('\n')}\n`);
  });

  it('free (1.001193 birth registration): card, prefilled form with a Telex-typed and a tone-key-typed name, scan, receipt and Mẫu 01, rating', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
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
    if (kiosk.host.output().includes('A4 prints go to')) expect(readdirSync(join(kiosk.host.dataDir, 'a4-prints')).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
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
    const receipts = await receiptsOf(kiosk.api);
    expect(receipts.at(-1)!.qrPayloads).toEqual([code]);
    // The city has the dossier, its one scanned page, the consent, and no payment.
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(kiosk.host, (x) => ({ d: x.dossier(dossierId), a: x.attachments(dossierId) }), (v) => v.d !== undefined && v.a === 1);
    expect(got.d).toBeDefined();
    expect(got.a).toBe(1);
    const body = JSON.parse(got.d!.body_json) as { procedureCode: string; applicant: { fullName: string }; form: Record<string, unknown> };
    expect(body.procedureCode).toBe('1.001193');
    expect(body.applicant.fullName).toBe(SAMPLE_NAME);
    expect(body.form['childName']).toBe('Nguyễn Văn An');
    expect(body.form['motherName']).toBe('Trần Thị Hoa');
    expect(body.form['consent']).toMatchObject({ noticeVersion: expect.stringMatching(/\S/), at: expect.stringMatching(/^\d{4}-/) });
    expect(city(kiosk.host, (x) => x.payments(dossierId))).toEqual([]);
    // The rating reached the city as telemetry, with nothing of the citizen in it.
    const telemetry = await inCity(kiosk.host, (x) => x.telemetry(), (t) => t.some((b) => b.includes('"score":5')));
    const rating = telemetry.find((b) => b.includes('"score":5'))!;
    expect(rating).not.toContain(SAMPLE_ID);
    expect(rating).not.toContain('Nguy');
    expect(rating).not.toContain(dossierId);
    report.push(line('1.001193 khai sinh — free, CCCD QR', c, seconds));
    await close();
  }, 240_000);

  it('fixed fee by card (2.000884 signature certification): typed ID, card declined then paid, charged once', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, LANDSCAPE);
    const seen = captureSubmits(page);
    await openProcedure(page, '2.000884', 'chung thuc chu ky');
    const c = new Counter(page, 'card', LANDSCAPE);
    const started = Date.now();
    const before = await kiosk.api.demo.terminalJournal.query();
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
    await kiosk.api.demo.setTerminal.mutate({ outcome: 'decline' });
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

    const after = await kiosk.api.demo.terminalJournal.query();
    if (!after.ok) throw new Error('no terminal simulator');
    expect(after.value.approvedSales - before.value.approvedSales).toBe(1);
    expect(after.value.requests - before.value.requests).toBe(2);
    expect((await receiptsOf(kiosk.api)).at(-1)!.qrPayloads).toEqual([code]);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(kiosk.host, (x) => ({ a: x.attachments(dossierId), p: x.payments(dossierId) }), (v) => v.a === 1 && v.p.some((p) => p.status === 'approved'));
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
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
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
    const paid = await kiosk.api.demo.payVietQr.mutate({ reference, amount: 8000 });
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

    expect((await receiptsOf(kiosk.api)).at(-1)!.qrPayloads).toEqual([code]);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(kiosk.host, (x) => ({ a: x.attachments(dossierId), p: x.payments(dossierId), d: x.dossier(dossierId) }), (v) => v.a === 2 && v.p.length > 0);
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
