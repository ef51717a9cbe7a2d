import { systemClock, type Clock } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import { parseHostPort } from '../transports/raw-tcp';
import { a4TestPagePdf } from './a4-documents';
import { createA4Printer } from './a4-printer';
import { canPrint, type A4PrinterStatus, type PrinterStatus } from './printer-types';
import { createReceiptPrinter } from './receipt-printer-config';
import type { DiagReport } from '../device-module';

export type DiagTarget = { config: unknown } | { port?: string; tcp?: string; usbLp?: string; queue?: string; baudRate?: number; paperWidth?: 58 | 80 };

export interface DiagDeps {
  logger?: Logger;
  clock?: Clock;
}

const ADVICE: Record<PrinterStatus['state'], string> = {
  ready: 'Printer is ready.',
  'paper-near-end': 'Paper is running low: load a new roll soon.',
  'paper-out': 'Out of paper: load a new roll and close the cover.',
  'cover-open': 'Cover is open: close it firmly.',
  offline: 'Printer is offline: check the cover, paper and the power switch, then press FEED.',
  disconnected: 'No answer: check the cable/network, the port in the config and that the printer is on.',
  error: 'Printer reports an error: switch it off and on; if it stays, call service.',
};

const A4_ADVICE: Record<A4PrinterStatus['state'], string> = {
  ready: 'Queue is ready.',
  busy: 'Queue is printing; wait for it or cancel old jobs (cancel -a QUEUE).',
  disabled: 'Queue is disabled: cupsenable QUEUE after fixing the printer.',
  'unknown-queue': 'No such CUPS queue: check the queue name (lpstat -p).',
  'no-scheduler': 'CUPS is not running: start the cups service.',
  error: 'CUPS could not be asked: see the detail line.',
};

function receiptConfigFrom(target: DiagTarget): unknown {
  if ('config' in target) return target.config;
  const paper = target.paperWidth ? { paperWidth: target.paperWidth, model: `Generic ESC/POS ${target.paperWidth} mm` } : {};
  if (target.port) return { ...paper, transport: { kind: 'serial', path: target.port, baudRate: target.baudRate ?? 115200 } };
  if (target.usbLp) return { ...paper, transport: { kind: 'usb-lp', path: target.usbLp } };
  if (target.tcp) {
    const hp = parseHostPort(target.tcp);
    return hp.ok ? { ...paper, transport: { kind: 'tcp', host: hp.value.host, port: hp.value.port } } : { transport: { kind: 'tcp', host: '' } };
  }
  return null;
}

export async function runPrinterDiag(action: 'status' | 'test', target: DiagTarget, kind: 'printer' | 'a4', deps: DiagDeps = {}): Promise<DiagReport> {
  try {
    return kind === 'printer' ? await receiptDiag(action, target, deps) : await a4Diag(action, target, deps);
  } catch (e) {
    // A bug must still give the technician a report rather than a stack trace.
    return { device: kind, ok: false, status: 'error', lines: [`Unexpected failure: ${(e as Error).message}`] };
  }
}

async function receiptDiag(action: 'status' | 'test', target: DiagTarget, deps: DiagDeps): Promise<DiagReport> {
  const config = receiptConfigFrom(target);
  if (config === null) return { device: 'receipt printer', ok: false, status: 'not-configured', lines: ['No receipt printer given: use --port, --tcp host:9100 or the kiosk config.'] };
  const created = createReceiptPrinter(config, { logger: deps.logger ?? silentLogger, clock: deps.clock ?? systemClock });
  if (!created.ok) return { device: 'receipt printer', ok: false, status: 'bad-config', lines: [`Config is not valid: ${created.error.detail}`] };
  const printer = created.value;
  try {
    const status = await printer.status();
    const lines = [`Status: ${status.state}${'detail' in status ? ` (${status.detail})` : ''}`, ADVICE[status.state]];
    if (status.state === 'ready' && !status.confirmed) lines.push('This transport cannot read status back: the printer was reachable, nothing more is known.');
    if (action === 'status') return { device: printer.description, ok: canPrint(status), status: status.state, lines };
    if (!canPrint(status)) return { device: printer.description, ok: false, status: status.state, lines: [...lines, 'Test page not printed.'] };
    const r = await printer.test();
    if (r.ok) return { device: printer.description, ok: true, status: r.value.statusAfter.state, lines: [...lines, `Test page printed: ${r.value.bytes} bytes in ${r.value.durationMs} ms.`, 'Check: every Vietnamese letter on the page is whole and the QR scans.'] };
    return { device: printer.description, ok: false, status: r.error.status?.state ?? r.error.code, lines: [...lines, `Test page failed (${r.error.code}): ${r.error.detail}`] };
  } finally {
    await printer.close();
  }
}

async function a4Diag(action: 'status' | 'test', target: DiagTarget, deps: DiagDeps): Promise<DiagReport> {
  const config = 'config' in target ? target.config : target.queue ? { queue: target.queue } : null;
  if (config === null) return { device: 'A4 printer', ok: false, status: 'not-configured', lines: ['No A4 queue given: use --queue NAME or the kiosk config.'] };
  const created = createA4Printer(config, { logger: deps.logger ?? silentLogger });
  if (!created.ok) return { device: 'A4 printer', ok: false, status: 'bad-config', lines: [`Config is not valid: ${created.error.detail}`] };
  const printer = created.value;
  const status = await printer.status();
  const lines = [`Status: ${status.state}${'detail' in status ? ` (${status.detail})` : ''}`, A4_ADVICE[status.state]];
  const okState = status.state === 'ready' || status.state === 'busy';
  if (action === 'status' || !okState) return { device: printer.description, ok: status.state === 'ready', status: status.state, lines: action === 'test' ? [...lines, 'Test page not printed.'] : lines };
  const pdf = await a4TestPagePdf(printer.description, (deps.clock ?? systemClock).now());
  const r = await printer.printPdf(pdf, 'Kiosk A4 test page');
  if (r.ok) return { device: printer.description, ok: true, status: 'ready', lines: [...lines, `Test page ${r.value.jobId} completed in ${r.value.durationMs} ms.`] };
  return { device: printer.description, ok: false, status: r.error.code, lines: [...lines, `Test page failed (${r.error.code}): ${r.error.detail}`] };
}
