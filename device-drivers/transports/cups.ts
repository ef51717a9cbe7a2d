import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { err, ok, type Result } from '../../common/result';

/**
 * CUPS through its command-line clients (lp, lpstat, cancel, lpadmin), always with execFile
 * and an argument array: queue names and titles never pass through a shell.
 */
export interface CupsError {
  code: 'no-scheduler' | 'unknown-queue' | 'command-failed' | 'not-installed';
  detail: string;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCommand(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<Result<CommandResult, CupsError>> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { timeout: timeoutMs, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (e, stdout, stderr) => {
      const ex = e as (NodeJS.ErrnoException & { code?: string | number }) | null;
      if (ex && ex.code === 'ENOENT') return resolve(err({ code: 'not-installed', detail: `${cmd} is not installed (apt-get install cups-client)` }));
      const code = ex ? (typeof ex.code === 'number' ? ex.code : 1) : 0;
      resolve(ok({ code, stdout: String(stdout), stderr: String(stderr) }));
    });
  });
}

/** Queue names CUPS accepts: printable, no spaces, slash, hash or quote. */
export function isValidQueueName(q: string): boolean {
  return /^[A-Za-z0-9_.-]{1,127}$/.test(q);
}

export async function schedulerRunning(): Promise<Result<boolean, CupsError>> {
  const r = await runCommand('lpstat', ['-r']);
  if (!r.ok) return r;
  return ok(/scheduler is running/.test(r.value.stdout));
}

export type QueueState =
  | { state: 'idle' }
  | { state: 'printing'; job: string | null }
  | { state: 'disabled'; reason: string };

export async function queueState(queue: string): Promise<Result<QueueState, CupsError>> {
  if (!isValidQueueName(queue)) return err({ code: 'unknown-queue', detail: `not a queue name: ${JSON.stringify(queue)}` });
  const r = await runCommand('lpstat', ['-p', queue]);
  if (!r.ok) return r;
  const out = r.value.stdout + r.value.stderr;
  if (/scheduler is not running|Unable to connect|Bad file descriptor/i.test(out)) return err({ code: 'no-scheduler', detail: 'the CUPS scheduler is not running' });
  if (r.value.code !== 0 || /Invalid destination|Unknown destination/i.test(out)) return err({ code: 'unknown-queue', detail: `no CUPS queue named ${queue}` });
  if (/ disabled /.test(out)) return ok({ state: 'disabled', reason: out.split('\n').slice(1).join(' ').trim() || 'disabled' });
  const printing = /now printing (\S+?)\.?\s/.exec(out);
  if (printing) return ok({ state: 'printing', job: printing[1] ?? null });
  return ok({ state: 'idle' });
}

/** Job ids ("QUEUE-12") listed by lpstat for a queue, completed or not. */
export async function listJobs(queue: string, which: 'completed' | 'not-completed'): Promise<Result<string[], CupsError>> {
  const r = await runCommand('lpstat', ['-W', which, '-o', queue]);
  if (!r.ok) return r;
  if (/scheduler is not running/i.test(r.value.stderr)) return err({ code: 'no-scheduler', detail: 'the CUPS scheduler is not running' });
  return ok(
    r.value.stdout
      .split('\n')
      .map((l) => l.split(/\s+/)[0] ?? '')
      .filter((id) => id.startsWith(`${queue}-`)),
  );
}

/** Submits a file; returns the job id ("QUEUE-12"). */
export async function submitFile(queue: string, file: string, title: string, options: readonly string[] = []): Promise<Result<string, CupsError>> {
  if (!isValidQueueName(queue)) return err({ code: 'unknown-queue', detail: `not a queue name: ${JSON.stringify(queue)}` });
  const args = ['-d', queue, '-t', title.replace(/[\r\n]/g, ' ').slice(0, 200)];
  for (const o of options) args.push('-o', o);
  args.push('--', file);
  const r = await runCommand('lp', args);
  if (!r.ok) return r;
  const m = /request id is (\S+)/.exec(r.value.stdout);
  if (r.value.code !== 0 || !m?.[1]) {
    const text = (r.value.stderr || r.value.stdout).trim();
    if (/scheduler is not running|Unable to connect/i.test(text)) return err({ code: 'no-scheduler', detail: text });
    if (/does not exist|Unknown destination|not exist/i.test(text)) return err({ code: 'unknown-queue', detail: text });
    return err({ code: 'command-failed', detail: text || `lp exited with ${r.value.code}` });
  }
  return ok(m[1]);
}

export async function cancelJob(jobId: string): Promise<Result<void, CupsError>> {
  if (!/^[A-Za-z0-9_.-]+-\d+$/.test(jobId)) return err({ code: 'command-failed', detail: `not a job id: ${jobId}` });
  const r = await runCommand('cancel', [jobId]);
  if (!r.ok) return r;
  if (r.value.code !== 0) return err({ code: 'command-failed', detail: r.value.stderr.trim() });
  return ok(undefined);
}

/**
 * Creates (or updates) a cups-pdf queue writing into `outDir`, for the demo mode and tests:
 * cups-pdf reads /etc/cups/cups-pdf-<QUEUE>.conf for a queue whose URI is cups-pdf:/<QUEUE>.
 * Needs root (lpadmin and /etc/cups).
 */
export async function ensureCupsPdfQueue(queue: string, outDir: string): Promise<Result<void, CupsError>> {
  if (!isValidQueueName(queue)) return err({ code: 'unknown-queue', detail: `not a queue name: ${JSON.stringify(queue)}` });
  mkdirSync(outDir, { recursive: true });
  // Label 2 puts the job id in the file name (…job_<n>.pdf), so a job's output can be found.
  writeFileSync(`/etc/cups/cups-pdf-${queue}.conf`, `Out ${outDir}\nLabel 2\nUserUMask 0022\n`);
  const r = await runCommand('lpadmin', ['-p', queue, '-E', '-v', `cups-pdf:/${queue}`, '-m', 'lsb/usr/cups-pdf/CUPS-PDF_noopt.ppd']);
  if (!r.ok) return r;
  if (r.value.code !== 0) return err({ code: 'command-failed', detail: r.value.stderr.trim() });
  return ok(undefined);
}

/** The final state CUPS recorded for a finished job (from `lpstat -W completed -l`). */
export async function completedJobOutcome(queue: string, jobId: string): Promise<Result<'completed' | 'canceled' | 'aborted' | 'unknown', CupsError>> {
  const r = await runCommand('lpstat', ['-W', 'completed', '-l', '-o', queue]);
  if (!r.ok) return r;
  const blocks = r.value.stdout.split(/\n(?=\S)/);
  const block = blocks.find((b) => b.startsWith(`${jobId} `));
  if (!block) return ok('unknown');
  if (/job-canceled/.test(block)) return ok('canceled');
  if (/job-aborted|aborted/.test(block)) return ok('aborted');
  return ok('completed');
}
