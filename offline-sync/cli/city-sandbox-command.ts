// `kiosk city-sandbox`: the reference city gateway on loopback, for demos and manual tests.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createLogger } from '../../common/logger';
import type { CitySandbox, SandboxDevice } from '../city-sandbox/server';

export interface CitySandboxCommandOptions {
  write?: (s: string) => void;
  /** Called once listening (tests close it; the CLI waits for a signal). */
  onStarted?: (sandbox: CitySandbox) => void;
  /** Install SIGINT/SIGTERM handlers that close the sandbox (default true). */
  handleSignals?: boolean;
}

function parseDevice(v: string, prev: SandboxDevice[] = []): SandboxDevice[] {
  const m = /^([A-Za-z0-9._-]{1,64})=(\S{8,256})$/.exec(v);
  if (!m) throw new InvalidArgumentError(`--device-token expects DEVICE_ID=TOKEN (token of 8+ characters), got "${v.split('=')[0]}=…"`);
  return [...prev, { id: m[1]!, token: m[2]! }];
}

export function registerCitySandboxCommand(program: Command, options: CitySandboxCommandOptions = {}): Command {
  const write = options.write ?? ((s: string) => process.stdout.write(s));
  return program
    .command('city-sandbox')
    .description('run the reference city gateway (HTTP + tus + SQLite) on loopback')
    .addOption(new Option('--port <n>', 'port (0 = any free port)').default(8790).argParser((v) => Number.parseInt(v, 10)))
    .requiredOption('--data-dir <dir>', 'where the sandbox keeps its database and uploads')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--device-token <ID=TOKEN>', 'enrol a device (repeatable); without any, a demo device is enrolled and its token printed', parseDevice)
    .option('--faults <spec>', 'fault injection, e.g. "error=0.1,burst429=0.05:3:2,latency=20-80,drop=0.05,stall=0.02,malformed=0.05"')
    .addOption(new Option('--processing-after <s>', 'seconds from received to processing').default(30).argParser(Number))
    .addOption(new Option('--completed-after <s>', 'seconds from received to completed').default(120).argParser(Number))
    .addOption(new Option('--supplement-fraction <f>', 'fraction of dossiers asked for a supplement').default(0.1).argParser(Number))
    .action(async (o: { port: number; dataDir: string; host: string; deviceToken?: SandboxDevice[]; faults?: string; processingAfter: number; completedAfter: number; supplementFraction: number }) => {
      let sb: CitySandbox;
      try {
        // fastify and tus load only when the sandbox is started.
        const { startCitySandbox } = await import('../city-sandbox/server');
        sb = await startCitySandbox({
          dataDir: o.dataDir, port: o.port, host: o.host, devices: o.deviceToken ?? [], faults: o.faults,
          processingAfterMs: o.processingAfter * 1000, completedAfterMs: o.completedAfter * 1000, supplementFraction: o.supplementFraction,
          logger: createLogger('city-sandbox'),
          onDemoDevice: (d) => write(`Demo device enrolled: ${d.id}\n  token: ${d.token}\n`),
        });
      } catch (e) {
        write(`Cannot start the city sandbox: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      write(`City sandbox listening on ${sb.url}\n  database: ${sb.dbPath}\n  uploads:  ${sb.uploadsDir}\n${o.faults ? `  faults:   ${o.faults}\n` : ''}`);
      options.onStarted?.(sb);
      if (options.handleSignals !== false) {
        const stop = () => void sb.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }
    });
}
