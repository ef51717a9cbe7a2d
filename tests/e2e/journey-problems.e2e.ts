import { describe, expect, it } from 'vitest';
import { LANDSCAPE, openKioskScreen, PORTRAIT, screenshot } from './kiosk-fixture';
import { openProcedure, quickForm, quickIdentify, quickScan, toCertifiedCopyFee } from './journey-steps';
import { city, inCity, checkBoth, captureSubmits, journeyKioskPerBlock, receiptsOf } from './journey-checks';

// Issue 5: what goes wrong on the citizen's journey — a declined consent, an unreadable card,
// a jammed scanner, a printer out of paper, a terminal that never answers, the network gone,
// a citizen gone idle — each said plainly, nothing lost and nothing charged twice.

const SIGNATURE = { code: '2.000884', search: 'chung thuc chu ky', paper: 'giay-can-ky', answers: { documentName: 'Hop dong', phone: '0912000111' } };

describe('when something goes wrong', () => {
  const kiosk = journeyKioskPerBlock({ idleTimeoutSeconds: 600, warningSeconds: 30 });

  it('declining consent reads nothing and ends politely, with the counter and the online portal', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    const seen = captureSubmits(page);
    await openProcedure(page, '1.001193', 'khai sinh');
    await page.getByTestId('start-journey').tap();
    await page.getByTestId('consent-decline').tap();
    await page.locator('main[data-step="declined"]').waitFor();
    await checkBoth(page, PORTRAIT, 'journey-fail-declined');
    expect(await page.getByTestId('alt-counter').innerText()).toContain('quầy');
    expect(await page.getByTestId('alt-portal').innerText()).toContain('dichvucong.gov.vn');
    // Nothing of the citizen reached the core: the session has no consent.
    const r = await kiosk.api.journey.readMrz.mutate({ sessionId: seen.sessions.at(-1)! });
    expect(r).toMatchObject({ ok: false, error: { code: 'no-consent' } });
    await page.getByTestId('declined-home').tap();
    await page.getByTestId('home-screen').waitFor();
    await close();
  });

  it('an unreadable card (garbage from the reader) is said at once; typing the ID instead works', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    await openProcedure(page, '1.001193', 'khai sinh');
    await page.getByTestId('start-journey').tap();
    await page.getByTestId('consent-agree').tap();
    await page.getByTestId('identify-card').tap();
    await page.locator('main[data-step="card-wait"]').waitFor();
    await kiosk.api.demo.presentCard.mutate({ what: 'garbage' });
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
    const { page, close } = await openKioskScreen(kiosk.host, LANDSCAPE);
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
    await kiosk.api.demo.setScanner.mutate({ fault: 'jam' });
    await page.getByTestId(`scan-${SIGNATURE.paper}`).tap();
    const error = page.getByTestId(`scan-error-${SIGNATURE.paper}`);
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-code')).toBe('jammed');
    expect(await error.innerText()).toContain('kẹt giấy');
    await checkBoth(page, LANDSCAPE, 'journey-fail-scanner-jam');
    await kiosk.api.demo.setScanner.mutate({ fault: 'no-paper' });
    await page.getByTestId(`scan-${SIGNATURE.paper}`).tap();
    await expect.poll(() => error.getAttribute('data-code'), { timeout: 20_000 }).toBe('no-paper');
    await kiosk.api.demo.setScanner.mutate({ fault: null });
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
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    const printedBefore = (await receiptsOf(kiosk.api)).length;
    await quickIdentify(page, '1.003677', 'tam vang');
    await quickForm(page, { destination: 'Da Nang', fromDate: '01/01/2026', toDate: '01/06/2027', phone: '0912000222' });
    await page.getByTestId('papers-next').tap();
    await kiosk.api.demo.setPrinter.mutate({ condition: 'paper-out' });
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
    expect((await receiptsOf(kiosk.api)).length).toBe(printedBefore); // nothing came out of the empty printer
    await kiosk.api.demo.setPrinter.mutate({ condition: 'ready' });
    await close();
  });

  it('card timed out, then the terminal never answers: nothing charged twice, the dossier goes in for staff to check', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    const seen = captureSubmits(page);
    const before = await kiosk.api.demo.terminalJournal.query();
    if (!before.ok) throw new Error('no terminal simulator');
    await quickIdentify(page, SIGNATURE.code, SIGNATURE.search);
    await quickForm(page, SIGNATURE.answers);
    await quickScan(page, SIGNATURE.paper);
    await page.getByTestId('papers-next').tap();
    await page.getByTestId('review-confirm').tap();
    await kiosk.api.demo.setTerminal.mutate({ outcome: 'not-completed' });
    await page.getByTestId('pay-card').tap();
    await page.locator('main[data-step="card-failed"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('payment-error').getAttribute('data-code')).toBe('timeout');
    await checkBoth(page, PORTRAIT, 'journey-fail-card-timeout');
    await kiosk.api.demo.setTerminal.mutate({ outcome: 'no-reply' });
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
    const after = await kiosk.api.demo.terminalJournal.query();
    if (!after.ok) throw new Error('no terminal simulator');
    expect(after.value.approvedSales).toBe(before.value.approvedSales);
    const dossierId = seen.ids.at(-1)!;
    const got = await inCity(kiosk.host, (x) => ({ d: x.dossier(dossierId), p: x.payments(dossierId) }), (v) => v.d !== undefined);
    expect(got.d).toBeDefined();
    expect(JSON.parse(got.d!.body_json)).toMatchObject({ form: { paymentToCheck: true } });
    expect(got.p.filter((p) => p.status === 'approved')).toEqual([]);
    await kiosk.api.demo.setTerminal.mutate({ outcome: 'approve' });
    await close();
  });

  it('offline: the dossier is accepted, the citizen is told plainly, and it is sent when the connection returns', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    const seen = captureSubmits(page);
    await quickIdentify(page, '1.003677', 'tam vang');
    await quickForm(page, { destination: 'Hue', fromDate: '01/02/2026', toDate: '01/03/2027', phone: '0912000333' });
    await page.getByTestId('papers-next').tap();
    await kiosk.api.demo.setCityReachable.mutate({ reachable: false });
    try {
      await page.getByTestId('review-confirm').tap();
      await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.getByTestId('submitted-status').innerText(), { timeout: 20_000 }).toContain('mất kết nối mạng');
      expect(await page.getByTestId('submitted-status').innerText()).toContain('tự động gửi đi khi có mạng');
      const code = (await page.getByTestId('receipt-code').innerText()).trim();
      expect(code).toMatch(/^K-/); // the kiosk's own reference until the city answers
      expect((await receiptsOf(kiosk.api)).at(-1)!.qrPayloads).toEqual([code]);
      await checkBoth(page, PORTRAIT, 'journey-fail-offline');
      expect(city(kiosk.host, (x) => x.dossier(seen.ids.at(-1)!))).toBeUndefined();
    } finally {
      await kiosk.api.demo.setCityReachable.mutate({ reachable: true });
    }
    const sent = await inCity(kiosk.host, (x) => x.dossier(seen.ids.at(-1)!), (d) => d !== undefined, 90_000);
    expect(sent).toBeDefined();
    await close();
  }, 150_000);
});

describe('idle in the middle of a journey', () => {
  const kiosk = journeyKioskPerBlock({ idleTimeoutSeconds: 12, warningSeconds: 6 });

  it('warns, then wipes the half-done dossier on the screen and in the core', async () => {
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
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
    await expect.poll(async () => (await kiosk.api.journey.removePage.mutate({ sessionId, paperId: SIGNATURE.paper, index: 0 })) as unknown).toMatchObject({ ok: false, error: { code: 'no-session' } });
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
    const { page, close } = await openKioskScreen(kiosk.host, PORTRAIT);
    await toCertifiedCopyFee(page);
    await page.getByTestId('pay-vietqr').tap();
    await page.getByTestId('vietqr-image').waitFor();
    await page.waitForTimeout(14_000); // longer than the 12 s idle timeout
    expect(await page.getByTestId('idle-warning').count()).toBe(0);
    const reference = (await page.getByTestId('vietqr-reference').innerText()).trim();
    const amount = Number(await page.getByTestId('vietqr-amount').getAttribute('data-amount'));
    expect(amount).toBe(2000);
    await kiosk.api.demo.payVietQr.mutate({ reference, amount });
    await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
    await close();
  });
});
