import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAskCommand } from './ask-command';
import { assistantReplySchema } from './reply-schema';

async function run(...args: string[]): Promise<string> {
  let out = '';
  const program = new Command('kiosk').exitOverride();
  registerAskCommand(program, { write: (s) => (out += s) });
  await program.parseAsync(['node', 'kiosk', 'ask', ...args]);
  return out;
}

describe('kiosk ask', () => {
  it('prints candidates with confidence, the intent and the composed answer', async () => {
    const out = await run('아기 출생신고는 어떻게 하나요?');
    expect(out).toContain('Language: ko');
    expect(out).toContain('intent: procedure');
    expect(out).toMatch(/1\. 1\.001193 .* 0\.\d\d/);
    expect(out).toContain('필요 서류');
    expect(out).toContain('[신청 시작]');
  });

  it('prints the whole reply as JSON with --json, in the --lang when the question does not tell', async () => {
    const reply = assistantReplySchema.parse(JSON.parse(await run('1.004222', '--lang', 'fr', '--json')));
    expect(reply.lang).toBe('fr');
    expect(reply.kind === 'answer' && reply.answers[0]!.sections.find((s) => s.kind === 'fee')!.items[0]).toContain('20\u202f000 VND');
  });

  it('prints a refusal with where to go instead', async () => {
    const out = await run("what's the weather tomorrow");
    expect(out).toContain('intent: out-of-scope');
    expect(out).toContain('dichvucong.gov.vn');
  });

  it('refuses an unknown language', async () => {
    await expect(run('hello', '--lang', 'de')).rejects.toThrow();
  });
});
