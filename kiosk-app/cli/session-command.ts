// `kiosk session`: the citizen's screen on an installed kiosk (the hanoi-kiosk-session unit
// runs it). The core runs as its own unit and writes a new host token each boot; this waits
// until the host answers with this boot's token, then runs Chromium as the one app under
// the Wayland kiosk compositor cage. The token reaches the window through a 0600 launch page
// in the session's runtime dir, not the command line, which every local user can read in
// /proc. When the core restarts (a new token) the window is stale: the session ends and its
// unit starts it again.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import { err, ok, type Result } from '../../common/result';
import { HOST_TOKEN_FRAGMENT } from '../api/host-auth-protocol';
import { isLoopbackHost } from '../core/system/private-data-dir';
import { chromiumBinary, chromiumKioskArgs } from './shell-launcher';

export function hostTokenFile(dataDir: string): string {
  return join(dataDir, 'run', 'host-token');
}

function readToken(file: string): string | null {
  try {
    const t = readFileSync(file, 'utf8').trim();
    return t.length > 0 ? t : null;
  } catch {
    return null;
  }
}

/** fetch wraps the socket's error (sometimes in an AggregateError, one per address tried). */
function networkErrorCode(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (e as Error).message;
}

export interface WaitForHostOptions {
  readonly baseUrl: string;
  readonly tokenFile: string;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly now?: () => number;
}

/**
 * Waits until the host at baseUrl answers /healthz with the token now in tokenFile: a token
 * left by the last boot, or a host still starting, is waited out, not shown to the citizen.
 */
export async function waitForHost(o: WaitForHostOptions): Promise<Result<string, string>> {
  const now = o.now ?? Date.now;
  const deadline = now() + o.timeoutMs;
  let last: string;
  for (;;) {
    const token = readToken(o.tokenFile);
    if (token) {
      try {
        const r = await fetch(new URL('/healthz', o.baseUrl), { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2000) });
        await r.body?.cancel();
        if (r.ok) return ok(token);
        last = `the host answered ${r.status}`;
      } catch (e) {
        last = `the host does not answer (${networkErrorCode(e)})`;
      }
    } else {
      last = `no host token in ${o.tokenFile}`;
    }
    if (now() >= deadline) return err(last);
    await delay(o.pollMs ?? 500);
  }
}

/** A page that replaces itself with the kiosk's window URL; the token never leaves this file. */
export function launchPage(windowUrl: string): string {
  const u = JSON.stringify(windowUrl).replace(/</g, '\\u003c');
  return `<!doctype html><meta charset="utf-8"><title>Kiosk</title><body style="background:#fff"><script>location.replace(${u});</script></body>\n`;
}

interface SessionFlags {
  dataDir?: string;
  host: string;
  port: number;
  wait: number;
  compositor: boolean;
}

export function registerSessionCommand(program: Command, write: (s: string) => void = (s) => process.stdout.write(s)): Command {
  return program
    .command('session')
    .description("open the citizen's screen on an installed kiosk: Chromium under the cage compositor, once the core's host answers")
    .option('--data-dir <dir>', "the core's data dir (where it writes run/host-token)", process.env['KIOSK_DATA_DIR'])
    .option('--host <address>', "the core's loopback address", '127.0.0.1')
    .addOption(new Option('--port <n>', "the core's port").default(Number.parseInt(process.env['KIOSK_PORT'] ?? '8080', 10)).argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option('--wait <seconds>', 'how long to wait for the core').default(120).argParser((v) => Number.parseInt(v, 10)))
    .option('--no-compositor', 'run Chromium on the display already there instead of under cage')
    .action(async (o: SessionFlags) => {
      const fail = (message: string, code = 2) => {
        write(`✖ session  ${message}\n`);
        process.exitCode = code;
      };
      if (!o.dataDir) return fail('no data dir: pass --data-dir DIR (the core\'s, e.g. /var/lib/hanoi-kiosk) or set KIOSK_DATA_DIR');
      if (!isLoopbackHost(o.host)) return fail(`--host ${o.host}: the kiosk's host is on loopback only`);
      if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) return fail('--port must be a port number (1–65535)');
      if (!Number.isInteger(o.wait) || o.wait < 0) return fail('--wait must be a whole number of seconds');
      const runtimeDir = process.env['XDG_RUNTIME_DIR'];
      if (!runtimeDir) return fail('XDG_RUNTIME_DIR is not set (under its unit, pam_systemd sets it)');
      const chromium = chromiumBinary();
      if (!chromium) return fail('Chromium is not installed (apt-get install chromium)');

      const baseUrl = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}/`;
      const tokenFile = hostTokenFile(o.dataDir);
      const host = await waitForHost({ baseUrl, tokenFile, timeoutMs: o.wait * 1000 });
      if (!host.ok) return fail(`the core did not answer at ${baseUrl} within ${o.wait} s: ${host.error}`, 1);
      write(`✔ host     ${baseUrl} answers\n`);

      const page = join(runtimeDir, 'kiosk-window.html');
      writeFileSync(page, launchPage(`${baseUrl}#${HOST_TOKEN_FRAGMENT}=${host.value}`), { mode: 0o600 });
      // A fresh profile each session: nothing one citizen's session left survives into the next.
      const profile = join(runtimeDir, 'chromium-profile');
      rmSync(profile, { recursive: true, force: true });
      mkdirSync(profile, { mode: 0o700 });
      const args = chromiumKioskArgs(pathToFileURL(page).href, profile, { wayland: o.compositor });
      const extra = (process.env['KIOSK_CHROMIUM_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
      // The kiosk user has no home (/nonexistent): Chromium's crash handler and caches get
      // one in the runtime dir.
      const home = join(runtimeDir, 'home');
      mkdirSync(home, { recursive: true, mode: 0o700 });
      const env = { ...process.env, HOME: home };
      const child = o.compositor
        ? spawn('cage', ['-s', '--', chromium, ...args, ...extra], { stdio: 'inherit', env })
        : spawn(chromium, [...args, ...extra], { stdio: 'inherit', env });
      write(`✔ window   ${o.compositor ? 'cage + ' : ''}Chromium (${chromium})\n`);

      let ending = false;
      const end = (why: string) => {
        if (ending) return;
        ending = true;
        write(`• session  ending: ${why}\n`);
        child.kill('SIGTERM');
      };
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => end(sig));
      // A restarted core has a new token: this window can no longer call it.
      const watch = setInterval(() => {
        if (readToken(tokenFile) !== host.value) end('the core restarted (new host token)');
      }, 2000);
      const code = await new Promise<number>((resolve) => {
        child.on('error', (e) => {
          write(`✖ window   cannot start ${o.compositor ? 'cage' : chromium}: ${e.message}\n`);
          resolve(1);
        });
        child.on('exit', (c, signal) => resolve(c ?? (signal ? 0 : 1)));
      });
      clearInterval(watch);
      rmSync(page, { force: true });
      process.exitCode = ending ? 0 : code;
    });
}
