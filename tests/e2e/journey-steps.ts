import type { Page } from 'playwright-core';
import { searchFromAttract } from './kiosk-fixture';

// The quick way to a step of the citizen's journey, for tests about what happens there
// (answers typed in, not tapped key by key; the full touch journey is journey.e2e.ts's).

export const SAMPLE_ID = '001090123456';

export async function openProcedure(page: Page, code: string, search: string, lang: 'vi' | 'en' = 'vi') {
  await searchFromAttract(page, search, lang);
  await page.getByTestId(`procedure-${code}`).tap();
  await page.getByTestId('start-journey').waitFor();
}

/** The typed-identity step filled in (SAMPLE_ID, Phạm Thị Mai, 02/09/1950, female), not yet saved. */
export async function typeIdentity(page: Page, code: string, search: string) {
  await openProcedure(page, code, search);
  await page.getByTestId('start-journey').tap();
  await page.getByTestId('consent-agree').tap();
  await page.getByTestId('identify-typed').tap();
  await page.getByTestId('field-idNumber').fill(SAMPLE_ID);
  await page.getByTestId('field-fullName').fill('Phạm Thị Mai');
  await page.getByTestId('field-dateOfBirth').fill('02/09/1950');
  await page.getByTestId('typed-sex-female').tap();
}

export async function quickIdentify(page: Page, code: string, search: string) {
  await typeIdentity(page, code, search);
  await page.getByTestId('typed-save').tap();
  await page.getByTestId('identity-confirm').tap();
  await page.locator('main[data-step="form"]').waitFor();
}

export async function quickForm(page: Page, answers: Record<string, string>) {
  for (const [field, value] of Object.entries(answers)) {
    if (value.startsWith('option:')) await page.getByTestId(`option-${field}-${value.slice(7)}`).tap();
    else await page.getByTestId(`field-${field}`).fill(value);
  }
  await page.getByTestId('form-next').tap();
  await page.locator('main[data-step="papers"]').waitFor();
}

export async function quickScan(page: Page, paperId: string) {
  await page.getByTestId(`scan-${paperId}`).tap();
  await page.getByTestId(`page-${paperId}-0`).waitFor({ timeout: 30_000 });
}

/** A certified copy (2.000815), one page: 2.000 đ, to the fee step. */
export async function toCertifiedCopyFee(page: Page) {
  await quickIdentify(page, '2.000815', 'chung thuc ban sao');
  await quickForm(page, { documentName: 'So ho khau', copies: '1', phone: '0912000555' });
  await quickScan(page, 'ban-chinh');
  await page.getByTestId('papers-next').tap();
  await page.getByTestId('review-confirm').tap();
  await page.locator('main[data-step="fee"]').waitFor();
}
