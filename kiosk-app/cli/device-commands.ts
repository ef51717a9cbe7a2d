// `kiosk diag <device> <status|test>` and `kiosk parse <kind> TEXT`: the technician's view of
// the devices. Each diag runs the real driver against the configured device, or one named on
// the command line, and prints what to do in plain words; `--json` is for machines.
import { Argument, Option, type Command } from 'commander';
import { systemClock } from '../../common/clock';
import { createLogger } from '../../common/logger';
import type { AnyDeviceModule, DiagFlags, DiagReport } from '../../device-drivers/device-module';
import { DEVICE_MODULES, DEVICE_NAMES, type DeviceName, type DeviceSection } from '../../device-drivers/device-registry';
import { loadConfig } from '../core/config/config-loader';

interface DiagOptions extends DiagFlags {
  config?: string;
  json?: boolean;
}

function print(write: (s: string) => void, report: DiagReport, json: boolean | undefined) {
  if (json) write(JSON.stringify(report) + '\n');
  else write(`${report.ok ? '✔' : '✖'} ${report.device}: ${report.status}\n${report.lines.map((l) => `  ${l}\n`).join('')}`);
  if (!report.ok) process.exitCode = 1;
}

async function runDiag(name: DeviceName, action: 'status' | 'test', o: DiagOptions): Promise<DiagReport> {
  // Without --config, a device is checked with its flags over the demo's defaults.
  const config = loadConfig(o.config, { demo: !o.config });
  if (!config.ok) return { device: name, ok: false, status: 'bad-config', lines: [config.error.message] };
  const module: AnyDeviceModule = DEVICE_MODULES.find((m) => m.name === name)!;
  const section = config.value.devices[module.section as DeviceSection];
  // The section was checked when the config loaded; `none` leaves only the flags to go by.
  const parsed = section.kind === 'none' ? null : module.parseConfig(section);
  const { port, tcp, usbLp, queue, device, baud, listen } = o;
  const flags: DiagFlags = { ...(port ? { port } : {}), ...(tcp ? { tcp } : {}), ...(usbLp ? { usbLp } : {}), ...(queue ? { queue } : {}), ...(device ? { device } : {}), ...(baud ? { baud } : {}), ...(listen !== undefined ? { listen } : {}) };
  // Each driver (and its native or heavy packages) loads only inside its module's diag, so
  // `kiosk --help` and the other commands do not pay for them.
  return module.diag(action, parsed?.ok ? parsed.value : null, flags, { logger: createLogger('kiosk-diag'), clock: systemClock });
}

export function registerDeviceCommands(program: Command, io: { write?: (s: string) => void } = {}): Command {
  const write = io.write ?? ((s: string) => void process.stdout.write(s));
  program
    .command('diag')
    .description('check a device: status (no paper moves, no money moves) or test (a test print, scan, read or handshake)')
    .addArgument(new Argument('<device>', 'which device').choices([...DEVICE_NAMES]))
    .addArgument(new Argument('<action>', 'what to do').choices(['status', 'test']))
    .option('--config <file>', 'kiosk configuration (default: the demo, on the simulators)')
    .option('--port <path>', 'serial port of a receipt printer, ID reader or terminal, e.g. /dev/ttyUSB0')
    .option('--tcp <host:port>', 'network receipt printer, e.g. 192.168.1.50:9100')
    .option('--usb-lp <path>', 'USB printer-class device, e.g. /dev/usb/lp0')
    .option('--queue <name>', 'CUPS queue of the A4 printer')
    .option('--device <name>', 'SANE device of the scanner, e.g. test or epjitsu:libusb:001:004')
    .addOption(new Option('--baud <n>', 'serial speed').argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option('--listen <seconds>', 'idreader test: wait this long for a card to be scanned').argParser(Number))
    .option('--json', 'one JSON report')
    .action(async (device: DeviceName, action: 'status' | 'test', o: DiagOptions) => {
      print(write, await runDiag(device, action, o), o.json);
    });

  program
    .command('parse')
    .description('parse what a device read: a CCCD QR, an MRZ (3 lines, separated by | or newlines) or a VietQR payload')
    .addArgument(new Argument('<kind>', 'what the text is').choices(['cccd-qr', 'mrz', 'vietqr']))
    .argument('<text>', 'the text, quoted')
    .option('--json', 'JSON output')
    .action(async (kind: 'cccd-qr' | 'mrz' | 'vietqr', text: string, o: { json?: boolean }) => {
      if (kind === 'vietqr') {
        const { parseVietQrForCli } = await import('../../device-drivers/payment');
        const r = parseVietQrForCli(text);
        write(o.json ? JSON.stringify(r.json) + '\n' : r.lines.join('\n') + '\n');
        if (!r.ok) process.exitCode = 1;
        return;
      }
      const { parseForCli } = await import('../../device-drivers/id-reader');
      const r = parseForCli(kind, text);
      if (o.json) write(JSON.stringify(r) + '\n');
      else if (r.ok) write(`✔ ${kind}\n${Object.entries(r.identity).map(([k, v]) => `  ${k.padEnd(14)} ${v ?? '—'}\n`).join('')}`);
      else write(`✖ ${kind}: ${r.error.message} (${r.error.code})\n`);
      if (!r.ok) process.exitCode = 1;
    });
  return program;
}
