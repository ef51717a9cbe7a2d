import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { projectRules } from './no-ignored-result.mjs';

// The rule on a fixture whose lines say what it must report ("// FLAG <messageId>").

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/ignored-result.ts', import.meta.url));

describe('no-ignored-result', () => {
  it('reports a dropped Result and a dropped Promise of one, and nothing used or voided', async () => {
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
          plugins: { project: projectRules },
          rules: { 'project/no-ignored-result': 'error' },
        },
      ],
    });
    const [result] = await eslint.lintFiles([FIXTURE]);
    const expected = readFileSync(FIXTURE, 'utf8')
      .split('\n')
      .flatMap((line, i) => {
        const m = /\/\/ FLAG (\w+)/.exec(line);
        return m ? [{ line: i + 1, messageId: m[1] }] : [];
      });
    expect(expected).toHaveLength(4);
    expect(result!.messages.map((m) => ({ line: m.line, messageId: m.messageId }))).toEqual(expected);
  }, 60_000);
});
