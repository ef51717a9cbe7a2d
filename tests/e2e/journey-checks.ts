import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { apiClient, closeBrowsers, LANDSCAPE, PORTRAIT, screenshot, seriousAxeViolations, smallTouchTargets, startKioskHost, type RunningKioskHost, type Viewport } from './kiosk-fixture';

// What the journey's end-to-end files check with: the city sandbox's own database, the
// receipt printer's decoded bytes, each screen in both orientations, the taps a citizen made.

export const SAMPLE_NAME = 'Nguyễn Văn A'; // the sample CCCD the simulated reader presents

/** A terminal that answers in a third of a second and gives up waiting after 4 s. */
export const DEVICES = { paymentTerminal: { kind: 'simulator', processingMs: 300, timeouts: { replyMs: 4000 } } };
export const CITY = { kind: 'embedded-sandbox', processingAfterSeconds: 3600, completedAfterSeconds: 7200 };

export type Api = ReturnType<typeof apiOf>;
export function apiOf(host: RunningKioskHost) {
  return apiClient(host);
}

/**
 * A kiosk on the simulators and the embedded city for one describe block: started before its
 * tests, stopped (with the browsers) after them. Its host and api are there once it started.
 */
export function journeyKioskPerBlock(session: { idleTimeoutSeconds: number; warningSeconds: number }): { readonly host: RunningKioskHost; readonly api: Api } {
  const kiosk = {} as { host: RunningKioskHost; api: Api };
  beforeAll(async () => {
    kiosk.host = await startKioskHost({ session, devices: DEVICES, city: CITY });
    kiosk.api = apiOf(kiosk.host);
  });
  afterAll(async () => {
    await closeBrowsers();
    await kiosk.host?.stop();
  });
  return kiosk;
}

/** Reads the city sandbox's own database: what the city actually received. */
export function city<T>(host: RunningKioskHost, read: (q: CityQueries) => T): T {
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
export interface CityDossier {
  id: string;
  receipt_code: string;
  body_json: string;
}
export interface CityPayment {
  status: string;
  body_json: string;
  puts: number;
}
export interface CityQueries {
  dossier(id: string): CityDossier | undefined;
  attachments(id: string): number;
  payments(id: string): CityPayment[];
  telemetry(): string[];
}

/** Waits until the city has what the kiosk sent (the sync worker pushes in the background). */
export async function inCity<T>(host: RunningKioskHost, read: (q: CityQueries) => T, until: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = city(host, read);
    if (until(v) || Date.now() - started > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Counts what a citizen does: every tap, every screen they are shown. */
export class Counter {
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
export async function checkBoth(page: Page, viewport: Viewport, name: string) {
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
export function cutOff(page: Page): Promise<string[]> {
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
export async function printedCode(page: Page): Promise<string> {
  await page.getByTestId('receipt-printed').waitFor({ timeout: 20_000 });
  return (await page.getByTestId('receipt-code').innerText()).trim();
}

/** The dossier id of the journey on screen, from the submit call the page made. */
export function captureSubmits(page: Page): { ids: string[]; sessions: string[] } {
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

export async function receiptsOf(api: Api) {
  const r = await api.demo.receipts.query();
  if (!r.ok) throw new Error('no printer simulator');
  return r.value;
}
