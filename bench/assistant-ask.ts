// Until `kiosk ask` is wired into the kiosk command: npx tsx bench/assistant-ask.ts ask "QUESTION" [--lang xx] [--json]
import { Command } from 'commander';
import { registerAskCommand } from '../kiosk-app/core/assistant/ask-command';

const program = new Command('kiosk');
registerAskCommand(program);
program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
