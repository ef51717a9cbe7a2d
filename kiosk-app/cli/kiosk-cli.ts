import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runningClockFrom, systemClock } from '../../common/clock';
import { err, ok } from '../../common/result';
import { registerCitySandboxCommand } from '../../offline-sync/cli/city-sandbox-command';
import { registerOutboxCommands } from '../../offline-sync/cli/outbox-commands';
import { registerAskCommand } from '../core/assistant/ask-command';
import { loadConfig } from '../core/config/config-loader';
import { bootKiosk, readKioskConfig } from '../core/boot/kiosk-boot';
import { deferred } from '../../common/deferred';
import { DEFAULT_WINDOW_WAIT_SECONDS, parseWindowWait, servicesMayStart, windowFirst } from '../core/boot/window-first';
import { storeKeySource } from '../core/config/store-key-source';
import { isLoopbackHost } from '../core/system/private-data-dir';
import { startupLine } from '../core/system/startup-lines';
import type { KioskCore } from '../core/kiosk-core';
import type { RunningKiosk } from '../core/start-kiosk';
import type { RunningHost } from '../host/host-server';
import { newHostToken, writeHostToken } from '../host/host-token';
import { registerDeviceCommands } from './device-commands';
import { registerHashPinCommand } from './hash-pin-command';
import { registerLogsCommand } from './logs-command';
import { registerSessionCommand } from './session-command';
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
  .option('--demo', 'the demo and training mode: simulated devices, the embedded city sandbox, the demo PIN')
  .option('--headless', 'serve without opening a window (prints the URL)')
  .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
  .addOption(new Option('--port <n>', 'port to listen on (0 = any free port)').default(8080).argParser((v) => Number.parseInt(v, 10)))
  .option('--data-dir <dir>', 'where the outbox and scans are kept')
  .option('--config <file>', 'JSON configuration (required unless --demo)')
  .addOption(
    new Option('--demo-time <iso>', 'with --demo: the kiosk and its embedded city run from this instant (training an evening shift in the morning)').argParser((v) => {
      const at = Date.parse(v);
      if (Number.isNaN(at) || !/[zZ]|[+-]\d{2}:\d{2}$/.test(v)) throw new InvalidArgumentError('an ISO date and time with its offset, e.g. 2026-12-07T18:00:00+07:00');
      return new Date(at);
    }),
  )
  .addOption(
    new Option('--window-wait <seconds>', 'the services start when the window shows its attract screen, or after this long without one (0: at once)')
      .default(DEFAULT_WINDOW_WAIT_SECONDS * 1000, String(DEFAULT_WINDOW_WAIT_SECONDS))
      .argParser((v) => {
        const ms = parseWindowWait(v);
        if (ms === null) throw new InvalidArgumentError('a number of seconds from 0 to 60');
        return ms;
      }),
  )
  .action(async (opts: { demo?: boolean; headless?: boolean; host: string; port: number; dataDir?: string; config?: string; windowWait: number; demoTime?: Date }) => {
    if (!isLoopbackHost(opts.host)) {
      line('✖', 'host', `--host ${opts.host}: the kiosk serves only its own window; use a loopback address (127.0.0.1)`);
      process.exitCode = 2;
      return;
    }
    const demo = opts.demo === true;
    if (opts.demoTime && !demo) {
      line('✖', 'config', '--demo-time runs only with --demo: a real kiosk keeps the real time');
      process.exitCode = 2;
      return;
    }
    const clock = opts.demoTime ? runningClockFrom(opts.demoTime) : systemClock;
    const bootOptions = { configPath: opts.config, dataDir: opts.dataDir, demo, say: line };
    const config = readKioskConfig(bootOptions);
    if (!config.ok) {
      process.exitCode = config.error.exitCode;
      return;
    }
    const shell = opts.headless ? ({ kind: 'headless', reason: '--headless' } as const) : chooseShell();
    if (shell.kind === 'electron') {
      // Electron's main process owns the services in production: hand over to it whole,
      // so devices and the outbox are opened by exactly one process.
      const args = [ELECTRON_MAIN, `--data-dir=${config.value.storage.dataDir}`, `--window-wait=${opts.windowWait / 1000}`, ...(opts.config ? [`--config=${opts.config}`] : []), ...(demo ? ['--demo'] : [])];
      const child = spawn(shell.binary, args, { stdio: 'inherit' });
      child.on('exit', (code) => process.exit(code ?? 1));
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
      return;
    }
    const booted = await bootKiosk(bootOptions, config.value);
    if (!booted.ok) {
      process.exitCode = booted.error.exitCode;
      return;
    }
    const { log } = booted.value;
    const logger = log.logger;
    process.on('exit', log.flush);
    logger.info('starting', { demo, shell: shell.kind });
    // The host listens first and the window opens on it at once: the attract screen needs only
    // the configuration, and a call that needs the core waits for its start (api/trpc.ts).
    // The core and host (and the sandbox, devices and api they pull in) load only here, so
    // --help, diag, outbox and logs do not pay for them.
    const core = deferred<KioskCore>();
    const gate = windowFirst(opts.windowWait);
    const token = newHostToken();
    let host: RunningHost;
    try {
      writeHostToken(config.value.storage.dataDir, token);
      const { startHost } = await import('../host/host-server');
      host = await startHost({ config: config.value, core: core.promise, logger, rendererDir: RENDERER_DIR, host: opts.host, port: opts.port, token, onWindowShown: gate.shown });
    } catch (e) {
      line('✖', 'host', `cannot listen on ${opts.host}:${opts.port}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      await log.close();
      process.exitCode = 1;
      return;
    }
    // The full URL (with the token) is for the kiosk's window, tests and a technician at the machine.
    line('✔', 'host', host.windowUrl);
    let child: ReturnType<typeof spawn> | undefined;
    if (shell.kind === 'chromium') {
      child = launchChromiumKiosk(shell.binary, host.windowUrl);
      line('✔', 'window', `Chromium kiosk (${shell.binary})`);
    } else {
      line('•', 'window', `none (${shell.reason}); open ${host.windowUrl}`);
    }

    // A stop asked for while the core is starting waits for the start, then closes what it opened.
    let starting: Promise<RunningKiosk | null> = Promise.resolve(null);
    let stopping = false;
    const stop = async (exitCode: number) => {
      if (stopping) return;
      stopping = true;
      child?.kill('SIGTERM');
      await host.close();
      await (await starting)?.close();
      logger.info('stopped');
      await log.close();
      process.exit(exitCode);
    };
    process.on('SIGINT', () => void stop(0));
    process.on('SIGTERM', () => void stop(0));
    child?.on('exit', () => void stop(0));

    await servicesMayStart(gate, logger, line);
    if (stopping) return;
    const { startKiosk } = await import('../core/start-kiosk');
    const start = startKiosk({
      config: config.value,
      clock,
      logger,
      onStarted: (c) => line(c.ok ? '✔' : '✖', c.name, c.detail),
    });
    starting = start.then((r) => (r.ok ? r.value : null));
    const kiosk = await start;
    if (!kiosk.ok) {
      line('✖', kiosk.error.component, kiosk.error.message);
      logger.error('start-failed', { component: kiosk.error.component, message: kiosk.error.message });
      core.reject(new Error('the kiosk did not start'));
      await stop(1);
      return;
    }
    if (stopping) return;
    const running = kiosk.value;
    core.resolve(running.core);
    running.core.status.set('host', 'ok', host.url);
    process.stdout.write(`ready ${host.windowUrl}\n`);
  });

registerDeviceCommands(program);
registerOutboxCommands(program, {
  locate: (configFile, dataDir) => {
    const config = loadConfig(configFile, dataDir ? { dataDir } : {});
    return config.ok ? ok({ dataDir: config.value.storage.dataDir, key: storeKeySource(config.value) }) : err(config.error.message);
  },
});
registerCitySandboxCommand(program);
registerAskCommand(program);
registerHashPinCommand(program);
registerLogsCommand(program, {
  locate: (configFile) => {
    const config = loadConfig(configFile, {});
    return config.ok ? ok(config.value.storage.dataDir) : err(config.error.message);
  },
});

registerSessionCommand(program);

await program.parseAsync(process.argv);
