import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { systemClock } from '../../common/clock';
import { createLogger } from '../../common/logger';
import { registerCitySandboxCommand, registerOutboxCommands } from '../../offline-sync';
import { registerAskCommand } from '../core/assistant/ask-command';
import { loadConfig } from '../core/config/config-loader';
import { startKiosk } from '../core/start-kiosk';
import { startupLine } from '../core/system/startup-lines';
import { startHost } from '../host/host-server';
import { registerDeviceCommands } from './device-commands';
import { registerHashPinCommand } from './hash-pin-command';
import { chooseShell, launchChromiumKiosk } from './shell-launcher';

const RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const ELECTRON_MAIN = fileURLToPath(new URL('../../dist/main/main.js', import.meta.url));

function line(mark: '✔' | '✖' | '•', name: string, detail: string) {
  process.stdout.write(startupLine(mark, name, detail));
}

const program = new Command('kiosk')
  .description('Hanoi public-service kiosk: start it, diagnose its devices, inspect its outbox')
  .showHelpAfterError();

program
  .command('start')
  .description('start the kiosk: services, the loopback host, and a window if one can be opened')
  .option('--headless', 'serve without opening a window (prints the URL)')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .addOption(new Option('--port <n>', 'port to listen on (0 = any free port)').default(8080).argParser((v) => Number.parseInt(v, 10)))
  .option('--data-dir <dir>', 'where the outbox and scans are kept')
  .option('--config <file>', 'JSON configuration (default: the demo)')
  .action(async (opts: { headless?: boolean; host: string; port: number; dataDir?: string; config?: string }) => {
    const logger = createLogger('kiosk');
    const config = loadConfig(opts.config, opts.dataDir ? { dataDir: opts.dataDir } : {});
    if (!config.ok) {
      line('✖', 'config', config.error.message);
      process.exitCode = 2;
      return;
    }
    const shell = opts.headless ? ({ kind: 'headless', reason: '--headless' } as const) : chooseShell();
    if (shell.kind === 'electron') {
      // Electron's main process owns the services in production: hand over to it whole,
      // so devices and the outbox are opened by exactly one process.
      const args = [ELECTRON_MAIN, `--data-dir=${config.value.storage.dataDir}`, ...(opts.config ? [`--config=${opts.config}`] : [])];
      const child = spawn(shell.binary, args, { stdio: 'inherit' });
      child.on('exit', (code) => process.exit(code ?? 1));
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
      return;
    }
    line('✔', 'config', opts.config ? `${opts.config} (kiosk ${config.value.kiosk.id})` : `demo (kiosk ${config.value.kiosk.id})`);
    const kiosk = await startKiosk({
      config: config.value,
      clock: systemClock,
      logger,
      onStarted: (c) => line(c.ok ? '✔' : '✖', c.name, c.detail),
    });
    if (!kiosk.ok) {
      line('✖', kiosk.error.component, kiosk.error.message);
      process.exitCode = 1;
      return;
    }
    let host;
    try {
      host = await startHost({ core: kiosk.value.core, logger, rendererDir: RENDERER_DIR, host: opts.host, port: opts.port });
    } catch (e) {
      line('✖', 'host', `cannot listen on ${opts.host}:${opts.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      await kiosk.value.close();
      process.exitCode = 1;
      return;
    }
    line('✔', 'host', host.url);
    kiosk.value.core.status.set('host', 'ok', host.url);

    let child: ReturnType<typeof spawn> | undefined;
    if (shell.kind === 'chromium') {
      child = launchChromiumKiosk(shell.binary, host.url);
      line('✔', 'window', `Chromium kiosk (${shell.binary})`);
    } else {
      line('•', 'window', `none (${shell.reason}); open ${host.url}`);
    }
    process.stdout.write(`ready ${host.url}\n`);

    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      child?.kill('SIGTERM');
      await host.close();
      await kiosk.value.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
    child?.on('exit', () => void stop());
  });

registerDeviceCommands(program);
registerOutboxCommands(program);
registerCitySandboxCommand(program);
registerAskCommand(program);
registerHashPinCommand(program);

await program.parseAsync(process.argv);
