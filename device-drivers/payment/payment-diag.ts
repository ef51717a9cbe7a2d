import { ByteLink } from './byte-link';
import { createPaymentTerminal } from './create-payment-terminal';
import type { ConcertTimeouts } from './payment-terminal-config';
import type { DiagReport } from '../device-module';

/** Either the configured device section, or a port given on the command line (`--port`). */
export type TerminalDiagTarget =
  | { readonly config: unknown }
  | { readonly path: string; readonly baud?: number; readonly posNumber?: number; readonly timeouts?: Partial<ConcertTimeouts> };

/**
 * status: can the port be opened (no bytes sent). test: ENQ → ACK → EOT, which proves the
 * terminal is listening and moves no money. Never throws: a bad config is a failed report.
 */
export async function runTerminalDiag(action: 'status' | 'test', target: TerminalDiagTarget): Promise<DiagReport> {
  const config =
    'config' in target
      ? target.config
      : {
          kind: 'concert-serial',
          path: target.path,
          ...(target.baud ? { baud: target.baud } : {}),
          ...(target.posNumber !== undefined ? { posNumber: target.posNumber } : {}),
          ...(target.timeouts ? { timeouts: target.timeouts } : {}),
        };
  let created;
  try {
    created = await createPaymentTerminal(config);
  } catch (e) {
    return { device: 'terminal', ok: false, status: 'error', lines: [`bad terminal config: ${(e as Error).message}`] };
  }
  const { terminal } = created;
  const path = (config as { path?: string }).path;
  const device = `terminal (${terminal.kind}${path ? ` ${path}` : ''})`;
  try {
    if (terminal.kind === 'none') {
      return { device, ok: true, status: 'disabled', lines: ['no card terminal configured; card payment is off, VietQR only'] };
    }
    if (action === 'status' && path) {
      const link = await ByteLink.open(path, 9600);
      if (link instanceof Error) return { device, ok: false, status: 'disconnected', lines: [`cannot open ${path}: ${link.message}`] };
      await link.close();
      return { device, ok: true, status: 'ready', lines: [`port ${path} opens; run "test" to check the terminal answers`] };
    }
    const r = await terminal.test();
    if (r.ok) return { device, ok: true, status: terminal.status(), lines: [r.value.detail] };
    const status = r.error.code === 'disconnected' ? 'disconnected' : terminal.status();
    return { device, ok: false, status, lines: [`${r.error.code}: ${r.error.detail}`, hint(r.error.code)] };
  } finally {
    await terminal.close();
  }
}

function hint(code: string): string {
  switch (code) {
    case 'no-answer':
      return 'check the terminal is on, in cash-register (caisse) mode, and the cable/port is right';
    case 'disconnected':
      return 'check the serial/USB cable and the configured port path';
    case 'protocol':
      return 'check the baud rate and that the terminal speaks Concert protocol E';
    default:
      return '';
  }
}
