import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import {
  checkScreen as checkFixtureScreen,
  closeBrowsers,
  LANDSCAPE,
  openKioskScreen,
  PORTRAIT,
  startKioskHost,
  type RunningKioskHost,
  type Viewport,
} from './kiosk-fixture';

// Issue 6: the virtual assistant's chat screen. Offline answers in six languages, a
// clarifying question, actions, read aloud, an honest refusal, and the wipe on idle.

let host: RunningKioskHost;
const a4Dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-a4-'));
beforeAll(async () => {
  // Default timings, so a slow accessibility scan never runs into the idle warning.
  // A folder A4 printer, so the printed guidance sheet can be read back whatever CUPS does here.
  host = await startKioskHost({ devices: { a4Printer: { kind: 'file', outDir: a4Dir } } });
});
afterAll(async () => {
  await closeBrowsers();
  await host?.stop();
});

async function checkScreen(page: Page, name: string) {
  await checkFixtureScreen(page, name);
  // Nothing runs off the side of the screen (long words, URLs, CJK lines).
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), `overflow on ${name}`).toBeLessThanOrEqual(0);
}

/** From the attract screen straight into the chat, as a passer-by would. */
async function openChat(viewport: Viewport = PORTRAIT) {
  const screen = await openKioskScreen(host, viewport);
  await screen.page.getByTestId('attract-ask').tap();
  await screen.page.getByTestId('assistant-screen').waitFor();
  return screen;
}

/** Types a question, sends it, and returns the reply it got (the newest one). */
async function ask(page: Page, question: string): Promise<Locator> {
  const before = await page.getByTestId('chat-entry').count();
  await page.getByTestId('chat-input').fill(question);
  await page.getByTestId('chat-send').tap();
  await expect.poll(() => page.getByTestId('chat-entry').count()).toBe(before + 1);
  const reply = page.getByTestId('chat-entry').last().getByTestId('reply');
  await reply.waitFor();
  return reply;
}

describe.each([
  ['portrait', PORTRAIT],
  ['landscape', LANDSCAPE],
] as const)('into the chat from the attract screen (%s)', (orientation, viewport: Viewport) => {
  it('opens in Vietnamese with suggestions; the on-screen keyboard asks; the answer carries the catalogue facts', async () => {
    const { page, close } = await openKioskScreen(host, viewport);
    await page.getByTestId('attract-screen').waitFor();
    expect(await page.getByTestId('attract-ask').innerText()).toContain('Hỏi trợ lý ảo');
    await checkScreen(page, '19-attract-ask');
    await page.getByTestId('attract-ask').tap();
    await page.getByTestId('assistant-screen').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('vi');
    expect(await page.locator('h1').innerText()).toBe('Hỏi trợ lý ảo');
    await expect.poll(() => page.getByTestId('suggestion').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('suggestion').count()).toBeLessThanOrEqual(4);
    await checkScreen(page, '20-assistant-welcome');

    // The grandmother's question, typed on the touch keyboard without tone marks.
    const kb = page.getByTestId('keyboard-text');
    for (const k of 'con toi moi sinh can lam giay to gi') await kb.locator(`[data-skbtn="${k === ' ' ? '{space}' : k}"]`).tap();
    expect(await page.getByTestId('chat-input').inputValue()).toBe('con toi moi sinh can lam giay to gi');
    await kb.locator('[data-skbtn="{done}"]').tap();
    const reply = page.getByTestId('chat-entry').last().getByTestId('reply');
    await reply.waitFor();
    expect(await reply.getAttribute('data-kind')).toBe('answer');
    expect(await reply.getByTestId('answer-title').innerText()).toBe('Đăng ký khai sinh');
    expect(await reply.getByTestId('section-papers').innerText()).toContain('Giấy chứng sinh');
    expect(await reply.getByTestId('section-fee').innerText()).toContain('Miễn phí');
    expect(await reply.getByTestId('section-where').innerText()).toContain('Ủy ban nhân dân xã, phường');
    expect(await reply.getByTestId('section-channel').innerText()).toContain('kiosk');
    const source = await reply.getByTestId('answer-source').innerText();
    expect(source).toContain('dichvucong.gov.vn');
    expect(source).toMatch(/kiểm tra ngày \d{2}\/\d{2}\/\d{4}/);
    // The box is emptied for the next question; the question shows in the conversation.
    expect(await page.getByTestId('chat-input').inputValue()).toBe('');
    expect(await page.getByTestId('chat-question').last().innerText()).toContain('con toi moi sinh');
    await checkScreen(page, '21-assistant-answer');
    await close();
  });
});

describe('six languages', () => {
  it('a birth-registration question in each language gets that procedure, named in that language', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const cases = [
      ['vi', 'con toi moi sinh can lam giay to gi', 'Đăng ký khai sinh'],
      ['en', 'How do I register a birth?', 'Birth registration'],
      ['ko', '아기 출생신고는 어떻게 하나요?', '출생 등록(출생신고)'],
      ['zh', '我的孩子刚出生，怎么办理出生登记？', '出生登记'],
      ['ja', '赤ちゃんが生まれました。出生届はどうすればいいですか？', '出生登録（出生届）'],
      ['fr', 'Comment déclarer la naissance de mon enfant ?', 'Déclaration de naissance'],
    ] as const;
    for (const [lang, question, title] of cases) {
      const reply = await ask(page, question);
      expect(await reply.getAttribute('lang'), question).toBe(lang);
      expect(await reply.getByTestId('answer-title').innerText(), question).toBe(title);
      expect(await reply.getByTestId('section-papers').locator('li').count(), question).toBeGreaterThan(0);
      expect(await reply.getByTestId('answer-source').innerText(), question).toContain('dichvucong.gov.vn');
    }
    await checkScreen(page, '22-assistant-six-languages');
    await close();
  });

  it('the screen switches language: its own strings and suggestions follow, and a suggestion answers in it', async () => {
    const { page, close } = await openChat(PORTRAIT);
    await page.getByTestId('chat-lang-ja').tap();
    await expect.poll(() => page.locator('h1').innerText()).toBe('バーチャルアシスタントに質問する');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.getByTestId('chat-lang-ja').getAttribute('aria-pressed')).toBe('true');
    await checkScreen(page, '23-assistant-welcome-ja');
    await page.getByTestId('suggestion').first().tap();
    const reply = page.getByTestId('reply').last();
    await reply.waitFor();
    expect(await reply.getAttribute('lang')).toBe('ja');
    expect(await reply.getByTestId('answer-title').innerText()).toBe('出生登録（出生届）');
    await checkScreen(page, '24-assistant-answer-ja');

    await page.getByTestId('chat-lang-fr').tap();
    await expect.poll(() => page.getByTestId('suggestion').count()).toBe(0); // the conversation stays
    expect(await page.locator('h1').innerText()).toBe("Poser une question à l'assistant virtuel");
    expect(await page.getByTestId('chat-entry').count()).toBe(1);
    await close();
  });

  it('a question written in another language offers the screen in that language', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const reply = await ask(page, '아기 출생신고는 어떻게 하나요?');
    expect(await reply.getAttribute('lang')).toBe('ko');
    await reply.getByTestId('switch-language').tap();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko');
    expect(await page.locator('h1').innerText()).toBe('가상 도우미에게 묻기');
    await checkScreen(page, '25-assistant-ko');
    await close();
  });
});

describe('clarifying question', () => {
  it('a vague question gets 2–4 big choices; tapping one answers it', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const reply = await ask(page, 'thẻ');
    expect(await reply.getAttribute('data-kind')).toBe('clarification');
    const choices = reply.getByTestId('clarify-choice');
    const n = await choices.count();
    expect(n).toBeGreaterThanOrEqual(2);
    expect(n).toBeLessThanOrEqual(4);
    await checkScreen(page, '26-assistant-clarify');
    await choices.filter({ hasText: 'Cấp đổi thẻ căn cước' }).tap();
    const answer = page.getByTestId('reply').last();
    await expect.poll(() => page.getByTestId('chat-entry').count()).toBe(2);
    await answer.getByTestId('answer-title').waitFor();
    // The citizen sees what they chose, not a code.
    expect(await page.getByTestId('chat-question').last().innerText()).toContain('Cấp đổi thẻ căn cước');
    expect(await answer.getByTestId('answer-title').innerText()).toBe('Cấp đổi thẻ căn cước');
    await close();
  });
});

describe('actions', () => {
  it('print guide puts the sheet on the A4 printer; start the dossier opens the procedure', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const reply = await ask(page, 'How do I register a birth?');
    await reply.getByTestId('action-print-guidance').tap();
    const status = reply.getByTestId('print-guidance-status');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 20_000 }).toBe('printed');
    expect(await status.innerText()).toContain('A4 printer');
    const dir = a4Dir;
    const pdf = readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f)).pop()!;
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Birth registration');
    expect(text).toContain('1.001193');
    await reply.getByTestId('action-start-dossier').tap();
    await page.getByTestId('procedure-screen').waitFor();
    await expect.poll(() => page.getByTestId('procedure-title').innerText()).toBe('Đăng ký khai sinh');
    // Back to the chat: the conversation is still there, and it goes on from it.
    await page.getByTestId('back').tap();
    await page.getByTestId('assistant-screen').waitFor();
    expect(await page.getByTestId('chat-entry').count()).toBe(1);
    expect(await page.getByTestId('answer-title').first().innerText()).toBe('Birth registration');
    await close();
  });

  it('read aloud speaks the reply in its own language and plays the audio', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const reply = await ask(page, '아기 출생신고는 어떻게 하나요?');
    const button = reply.getByTestId('reply-read-aloud');
    const response = page.waitForResponse((r) => r.url().includes('speech.say'));
    await button.tap();
    const r = await response;
    expect(r.status()).toBe(200);
    const sent = r.request().postData() ?? '';
    expect(sent).toContain('"lang":"ko"');
    expect(sent).toContain('출생 등록');
    expect(await r.text()).toContain('data:audio/wav;base64,');
    await expect.poll(() => button.getAttribute('data-state')).toBe('playing');
    await close();
  });

  it('the home screen has a way in too', async () => {
    const { page, close } = await openKioskScreen(host, PORTRAIT);
    await page.getByTestId('touch-to-start').tap();
    await page.getByTestId('lang-en').tap();
    await page.getByTestId('home-screen').waitFor();
    await checkScreen(page, '28-home-with-assistant');
    await page.getByTestId('go-assistant').tap();
    await page.getByTestId('assistant-screen').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Ask the virtual assistant');
    await close();
  });
});

describe('for older eyes', () => {
  it('high contrast and the largest text keep the answer readable and every target large', async () => {
    const { page, close } = await openChat(PORTRAIT);
    await page.getByTestId('text-size').tap();
    await page.getByTestId('text-size').tap();
    await page.getByTestId('contrast').tap();
    const reply = await ask(page, 'làm căn cước cần giấy tờ gì');
    expect(await reply.getByTestId('answer-title').innerText()).toBe('Cấp thẻ căn cước (người từ đủ 14 tuổi)');
    const px = await reply.locator('li').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(px).toBeGreaterThanOrEqual(36);
    await checkScreen(page, '29-assistant-contrast-large');
    await close();
  });
});

describe('non-procedure intents', () => {
  it('"take a queue number" and "look up my dossier" lead to those screens', async () => {
    const { page, close } = await openChat(PORTRAIT);
    await (await ask(page, 'tôi muốn lấy số thứ tự')).getByTestId('action-take-queue-number').tap();
    await page.getByTestId('queue-screen').waitFor();
    await page.getByTestId('back').tap();
    await page.getByTestId('assistant-screen').waitFor();
    await (await ask(page, 'tra cứu hồ sơ của tôi')).getByTestId('action-lookup-dossier').tap();
    await page.getByTestId('lookup-screen').waitFor();
    await close();
  });
});

describe('out of scope', () => {
  it('the weather is declined, with where to go instead and a person to ask', async () => {
    const { page, close } = await openChat(PORTRAIT);
    const reply = await ask(page, 'thời tiết hôm nay thế nào');
    expect(await reply.getAttribute('data-kind')).toBe('refusal');
    expect(await reply.getByTestId('answer-title').count()).toBe(0);
    expect(await reply.getByTestId('refusal-text').innerText()).toContain('thủ tục hành chính');
    const where = await reply.getByTestId('go-instead').innerText();
    expect(where).toContain('quầy hướng dẫn');
    expect(where).toContain('dichvucong.gov.vn');
    await checkScreen(page, '27-assistant-refusal');
    await reply.getByTestId('action-talk-to-staff').tap();
    // The second entry's own reply: `reply.last()` would resolve to the first reply while
    // the second is still being answered.
    await expect.poll(() => page.getByTestId('chat-entry').count()).toBe(2);
    const help = page.getByTestId('chat-entry').nth(1).getByTestId('reply');
    await help.waitFor();
    expect(await help.getAttribute('data-intent')).toBe('human-help');
    await close();
  });
});

describe('wiped with the session', () => {
  let idleHost: RunningKioskHost;
  beforeAll(async () => {
    idleHost = await startKioskHost({ session: { idleTimeoutSeconds: 12, warningSeconds: 6 } });
  });
  afterAll(async () => {
    await idleHost?.stop();
  });

  it('after the idle timeout the next citizen finds no conversation and no typed text', async () => {
    const { page, close } = await openKioskScreen(idleHost, PORTRAIT);
    await page.getByTestId('attract-ask').tap();
    const reply = await ask(page, 'giấy độc thân');
    expect(await reply.getByTestId('answer-title').innerText()).toBe('Cấp Giấy xác nhận tình trạng hôn nhân');
    await page.getByTestId('chat-input').fill('số căn cước của tôi');
    await page.getByTestId('idle-warning').waitFor({ timeout: 10_000 });
    await page.getByTestId('attract-screen').waitFor({ timeout: 10_000 });
    await page.getByTestId('attract-ask').tap();
    await page.getByTestId('assistant-screen').waitFor();
    expect(await page.getByTestId('chat-entry').count()).toBe(0);
    expect(await page.getByTestId('chat-welcome').isVisible()).toBe(true);
    expect(await page.getByTestId('chat-input').inputValue()).toBe('');
    expect(await page.locator('main').innerText()).not.toContain('tình trạng hôn nhân');
    await close();
  });
});
