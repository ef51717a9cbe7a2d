// `kiosk city-sandbox`: the reference city gateway on loopback, for demos and manual tests.
import fs from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { createLogger } from '../../common/logger';
import type { CitySandbox, SandboxDevice, SandboxPoint, SandboxStaff } from '../city-sandbox/server';
import { STAFF_ROLES, type StaffRole } from '../city-sandbox/codes';
import { checkRoute, type RouteJson } from '../city-sandbox/route-schema';

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

/** `--staff STAFF_ID=PIN:ROLE[,ROLE]`: PIN of 4–12 digits, roles from the contract's list. */
export function parseStaff(v: string, prev: SandboxStaff[] = []): SandboxStaff[] {
  const m = /^([A-Za-z0-9._-]{1,64})=(\d{4,12}):([a-z,]+)$/.exec(v);
  // The PIN is never echoed back, even in an error.
  if (!m) throw new InvalidArgumentError(`--staff expects STAFF_ID=PIN:ROLE[,ROLE] (PIN of 4–12 digits), got "${v.split('=')[0]}=…"`);
  const roles = m[3]!.split(',');
  const bad = roles.find((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (bad !== undefined || roles.length === 0) throw new InvalidArgumentError(`--staff ${m[1]}: unknown role "${bad ?? ''}" (roles: ${STAFF_ROLES.join(', ')})`);
  if (prev.some((s) => s.staffId === m[1])) throw new InvalidArgumentError(`--staff ${m[1]} is given twice`);
  return [...prev, { staffId: m[1]!, pin: m[2]!, roles: [...new Set(roles)] as StaffRole[] }];
}

/** `--point POINT_CODE`: letters, digits, '-' and '_' (it starts every slot id). */
export function parsePoint(v: string, prev: SandboxPoint[] = []): SandboxPoint[] {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(v)) throw new InvalidArgumentError(`--point expects a code of letters, digits, '-' or '_' (1–32), got "${v}"`);
  return prev.some((p) => p.code === v) ? prev : [...prev, { code: v }];
}

/** `--route FILE`: the JSON of a GET /v1/routes/{busId} answer, checked here so a bad file names its field. */
export function parseRouteFile(file: string, prev: RouteJson[] = []): RouteJson[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InvalidArgumentError(`--route ${file}: ${(e as NodeJS.ErrnoException).code ?? 'not JSON'}`);
  }
  let route: RouteJson;
  try {
    route = checkRoute(json, `--route ${file}`);
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
  if (prev.some((r) => r.busId === route.busId)) throw new InvalidArgumentError(`--route ${file}: bus ${route.busId} is given twice`);
  return [...prev, route];
}

function parseCapacity(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError(`--slot-capacity expects a whole number from 1 to 1000, got "${v}"`);
  return n;
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
    .option('--staff <ID=PIN:ROLES>', `enrol staff who may sign in (repeatable); roles: ${STAFF_ROLES.join(', ')}`, parseStaff)
    .option('--point <code>', 'enrol a community point with the default hours (repeatable)', parsePoint)
    .option('--route <file>', 'load a bus route, the JSON of a GET /v1/routes/{busId} answer (repeatable)', parseRouteFile)
    .addOption(new Option('--slot-capacity <n>', 'places in every appointment slot').default(3).argParser(parseCapacity))
    .option('--catalog-key <file>', 'Ed25519 private key (PEM) signing GET /v1/catalog; without it a key is made at start (its public key is printed)')
    .option('--faults <spec>', 'fault injection, e.g. "error=0.1,burst429=0.05:3:2,latency=20-80,drop=0.05,stall=0.02,malformed=0.05"')
    .addOption(new Option('--processing-after <s>', 'seconds from received to processing').default(30).argParser(Number))
    .addOption(new Option('--completed-after <s>', 'seconds from received to completed').default(120).argParser(Number))
    .addOption(new Option('--supplement-fraction <f>', 'fraction of dossiers asked for a supplement').default(0.1).argParser(Number))
    .action(async (o: {
      port: number; dataDir: string; host: string; deviceToken?: SandboxDevice[]; staff?: SandboxStaff[]; point?: SandboxPoint[]; route?: RouteJson[];
      slotCapacity: number; catalogKey?: string; faults?: string; processingAfter: number; completedAfter: number; supplementFraction: number;
    }) => {
      let sb: CitySandbox;
      try {
        // The key file is read here; a file that is missing or not an Ed25519 key stops the start.
        const catalogKeyPem = o.catalogKey === undefined ? undefined : fs.readFileSync(o.catalogKey, 'utf8');
        // fastify and tus load only when the sandbox is started.
        const { startCitySandbox } = await import('../city-sandbox/server');
        sb = await startCitySandbox({
          dataDir: o.dataDir, port: o.port, host: o.host, devices: o.deviceToken ?? [], faults: o.faults,
          staff: o.staff ?? [], points: o.point ?? [], routes: o.route ?? [], slotCapacity: o.slotCapacity,
          processingAfterMs: o.processingAfter * 1000, completedAfterMs: o.completedAfter * 1000, supplementFraction: o.supplementFraction,
          catalogKeyPem, logger: createLogger('city-sandbox'),
          onDemoDevice: (d) => write(`Demo device enrolled: ${d.id}\n  token: ${d.token}\n`),
        });
      } catch (e) {
        write(`Cannot start the city sandbox: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      write(`City sandbox listening on ${sb.url}\n  database: ${sb.dbPath}\n  uploads:  ${sb.uploadsDir}\n${o.faults ? `  faults:   ${o.faults}\n` : ''}`);
      // Ids and roles only: a PIN is never printed.
      for (const s of o.staff ?? []) write(`  staff:    ${s.staffId} (${s.roles.join(', ')})\n`);
      if (o.point?.length) write(`  points:   ${o.point.map((p) => p.code).join(', ')} (${o.slotCapacity} places a slot)\n`);
      for (const r of o.route ?? []) write(`  route:    ${r.busId} (${r.stops.length} stops, version ${r.version})\n`);
      // The public half only: what a device's configuration holds to verify the catalogue.
      write(`  catalogue key (${o.catalogKey === undefined ? 'made at start' : o.catalogKey}), public:\n${sb.catalogPublicKeyPem.trimEnd()}\n`);
      options.onStarted?.(sb);
      if (options.handleSignals !== false) {
        const stop = () => void sb.close().then(() => process.exit(0));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }
    });
}
