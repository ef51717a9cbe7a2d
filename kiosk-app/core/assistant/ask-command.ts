import { Option, type Command } from 'commander';
import { createLogger } from '../../../common/logger';
import { loadConfig } from '../config/config-loader';
import { LANGS, type Lang } from './knowledge-schema';
import type { OnlineModelConfig } from './online-model';
import type { AssistantReply } from './reply-schema';

// `kiosk ask "QUESTION"`: the same assistant as the chat screen, for technicians, hotline
// staff and evaluation. Offline unless a config (or --model-url) names an online model.

export function formatReply(reply: AssistantReply): string {
  const out: string[] = [];
  out.push(`Question: ${reply.question}`);
  out.push(`Language: ${reply.lang} (detected ${reply.detectedLang}) · intent: ${reply.intent} · reply: ${reply.kind} · source: ${reply.source} · ${reply.elapsedMs} ms`);
  if (reply.candidates.length > 0) {
    out.push('Candidates:');
    reply.candidates.slice(0, 5).forEach((c, i) => out.push(`  ${i + 1}. ${c.kind === 'procedure' ? c.id : `#${c.id}`}  ${c.label}  ${c.confidence.toFixed(2)}`));
  }
  out.push('');
  switch (reply.kind) {
    case 'answer':
      if (reply.intro) out.push(reply.intro);
      if (reply.modelText) out.push(reply.modelText, `(${reply.modelNotice})`, '');
      for (const a of reply.answers) {
        out.push(a.text);
        out.push(`Actions: ${a.actions.map((x) => `[${x.label}]`).join(' ')}`, '');
      }
      break;
    case 'info':
      out.push(reply.text, `Actions: ${reply.actions.map((x) => `[${x.label}]`).join(' ')}`);
      break;
    case 'clarification':
      out.push(reply.text);
      reply.choices.forEach((c, i) => out.push(`  (${i + 1}) ${c.label}  → kiosk ask "${c.ask}"`));
      break;
    case 'refusal':
      out.push(reply.text, reply.goInstead, `Actions: ${reply.actions.map((x) => `[${x.label}]`).join(' ')}`);
      break;
  }
  return out.join('\n').trimEnd() + '\n';
}

export function registerAskCommand(program: Command, io: { write?: (s: string) => void } = {}): Command {
  const write = io.write ?? ((s: string) => void process.stdout.write(s));
  return program
    .command('ask')
    .description('ask the virtual assistant a question (offline unless an online model is configured)')
    .argument('<question>', 'the question, in vi, en, zh, ko, ja or fr')
    .addOption(new Option('--lang <lang>', 'screen language, used when the question does not tell').choices([...LANGS]))
    .option('--json', 'print the whole reply as JSON')
    .option('--config <file>', 'kiosk configuration (its assistant.onlineModel is used)')
    .option('--model-url <url>', 'OpenAI-compatible endpoint to try first (overrides the config)')
    .option('--model <name>', 'model name for --model-url', 'default')
    .action(async (question: string, opts: { lang?: Lang; json?: boolean; config?: string; modelUrl?: string; model: string }) => {
      let onlineModel: OnlineModelConfig | undefined;
      if (opts.config) {
        const config = loadConfig(opts.config, { demo: !opts.config });
        if (!config.ok) {
          write(`✖ config: ${config.error.message}\n`);
          process.exitCode = 2;
          return;
        }
        onlineModel = config.value.assistant.onlineModel;
      }
      if (opts.modelUrl) onlineModel = { baseUrl: opts.modelUrl, model: opts.model };
      const { loadAssistant } = await import('./index');
      const assistant = loadAssistant({ ...(onlineModel ? { onlineModel } : {}), logger: createLogger('kiosk-ask') });
      if (!assistant.ok) {
        write(`✖ assistant: ${assistant.error.message}\n`);
        process.exitCode = 2;
        return;
      }
      const reply = await assistant.value.ask(question, opts.lang ? { lang: opts.lang } : {});
      write(opts.json ? JSON.stringify(reply, null, 2) + '\n' : formatReply(reply));
    });
}
