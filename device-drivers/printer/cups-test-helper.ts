import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCupsPdfQueue, runCommand, schedulerRunning } from '../transports/cups';

/**
 * Test helper (not product code): a real CUPS scheduler with throwaway queues. We are root on
 * the test machines; there is no systemd, so cupsd is started in the foreground as our child.
 */
export interface CupsLab {
  startedByUs: boolean;
  addPdfQueue(name: string, outDir: string): Promise<void>;
  /** A socket:// queue pointed at a port where nothing listens: its jobs never finish. */
  addDeadQueue(name: string): Promise<void>;
  /** Waits for cups-pdf's file for job "QUEUE-12" (named …job_12.pdf with Label 2). */
  waitForPdf(outDir: string, jobId: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function must(cmd: string, args: string[]): Promise<void> {
  const r = await runCommand(cmd, args);
  if (!r.ok) throw new Error(r.error.detail);
  if (r.value.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.value.stderr.trim()}`);
}

async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const a = srv.address();
  const port = typeof a === 'object' && a ? a.port : 9;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function openCupsLab(): Promise<CupsLab> {
  let child: ChildProcess | null = null;
  const running = await schedulerRunning();
  if (!running.ok) throw new Error(running.error.detail);
  if (!running.value) {
    child = spawn('/usr/sbin/cupsd', ['-f'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await schedulerRunning();
      if (r.ok && r.value) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('cupsd did not start');
      await sleep(50);
    }
  }
  const queues: string[] = [];
  return {
    startedByUs: child !== null,
    async addPdfQueue(name, outDir) {
      const r = await ensureCupsPdfQueue(name, outDir);
      if (!r.ok) throw new Error(r.error.detail);
      queues.push(name);
    },
    async addDeadQueue(name) {
      await must('lpadmin', ['-p', name, '-E', '-v', `socket://127.0.0.1:${await deadPort()}`]);
      queues.push(name);
    },
    async waitForPdf(outDir, jobId, timeoutMs = 15_000) {
      const n = jobId.slice(jobId.lastIndexOf('-') + 1);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = existsSync(outDir) ? readdirSync(outDir).find((x) => x.endsWith(`job_${n}.pdf`)) : undefined;
        if (f) return join(outDir, f);
        if (Date.now() > deadline) throw new Error(`no cups-pdf output for ${jobId} in ${outDir}`);
        await sleep(50);
      }
    },
    async close() {
      for (const q of queues) {
        await runCommand('cancel', ['-a', q]);
        await runCommand('lpadmin', ['-x', q]);
        rmSync(`/etc/cups/cups-pdf-${q}.conf`, { force: true });
      }
      if (child && child.exitCode === null) {
        const exited = new Promise<void>((r) => child?.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(3000)]);
      }
    },
  };
}
