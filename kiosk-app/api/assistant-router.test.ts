import { describe, expect, it } from 'vitest';
import { createAssistant } from '../core/assistant/assistant';
import { realData } from '../core/assistant/test-fixtures';
import type { KioskCore } from '../core/kiosk-core';
import { assistantRouter } from './assistant-router';
import { createCallerFactory, inProcessContext } from './trpc';

const assistant = createAssistant(realData());
const caller = createCallerFactory(assistantRouter)(inProcessContext({ assistant } as unknown as KioskCore));

describe('assistant api', () => {
  it('answers in the screen language with the catalogue procedure', async () => {
    const r = await caller.ask({ question: '  How do I register a birth?  ', lang: 'en' });
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    expect(r.answers[0]!.procedureCode).toBe('1.001193');
    expect(r.question).toBe('How do I register a birth?');
  });

  it('uses the conversation for a follow-up', async () => {
    const first = await caller.ask({ question: 'đăng ký khai sinh', lang: 'vi' });
    expect(first.kind).toBe('answer');
    const r = await caller.ask({
      question: 'lệ phí bao nhiêu?',
      lang: 'vi',
      conversation: [
        { role: 'user', text: 'đăng ký khai sinh' },
        { role: 'assistant', text: 'Đăng ký khai sinh', procedureCodes: ['1.001193'] },
      ],
    });
    expect(r.kind === 'answer' && r.answers[0]!.procedureCode).toBe('1.001193');
  });

  it('refuses an empty question, an overlong one, an unknown language and a long history', async () => {
    await expect(caller.ask({ question: '   ', lang: 'vi' })).rejects.toThrow();
    await expect(caller.ask({ question: 'a'.repeat(501), lang: 'vi' })).rejects.toThrow();
    await expect(caller.ask({ question: 'hello', lang: 'de' as 'vi' })).rejects.toThrow();
    const turns = Array.from({ length: 11 }, () => ({ role: 'user' as const, text: 'x' }));
    await expect(caller.ask({ question: 'hello', lang: 'en', conversation: turns })).rejects.toThrow();
  });
});
