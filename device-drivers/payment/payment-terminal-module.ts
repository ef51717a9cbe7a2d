import { err, ok } from '../../common/result';
import { healthOf, parseSection, testReport, type DeviceModule, type RunningDevice } from '../device-module';
import type { ConcertTerminalSimulator } from '../simulators/concert-terminal-simulator';
import { paymentTerminalConfigSchema, type PaymentTerminalConfig } from './payment-terminal-config';
import type { PaymentTerminal } from './payment-terminal-types';

type TerminalConfig = Exclude<PaymentTerminalConfig, { kind: 'none' }>;

/** A card terminal (or a fake, in tests) as the registry runs it; `firstProblem` is what the start-up handshake said. */
export function runningTerminal(terminal: PaymentTerminal, simulator: ConcertTerminalSimulator | null, firstProblem: string | null = null): RunningDevice<PaymentTerminal, ConcertTerminalSimulator> {
  return {
    driver: terminal,
    simulator,
    description: terminal.kind,
    async health() {
      const s = terminal.status();
      const usable = s === 'ready' || s === 'busy';
      return healthOf(usable, usable ? s : (firstProblem ?? s));
    },
    async test() {
      const r = await terminal.test();
      return testReport(terminal.kind, r.ok ? ok([`Answered in ${r.value.latencyMs} ms.`, r.value.detail].filter(Boolean)) : r);
    },
    close: () => terminal.close(),
  };
}

/** The card-payment terminal (Concert protocol over serial; the demo runs the real driver against its simulator over a PTY pair). */
export const paymentTerminalModule: DeviceModule<'terminal', 'paymentTerminal', TerminalConfig, PaymentTerminal, ConcertTerminalSimulator> = {
  name: 'terminal',
  section: 'paymentTerminal',
  withoutIt: 'no card terminal: fees are paid by VietQR or at the counter',

  parseConfig(section) {
    const r = parseSection(paymentTerminalConfigSchema, section);
    if (!r.ok) return r;
    // `none` is the registry's to say; it never reaches a module.
    if (r.value.kind === 'none') return err([{ path: 'kind', message: 'none is handled before the module' }]);
    return ok(r.value);
  },
  isSimulator: (c) => c.kind === 'simulator',

  async start(config, ctx) {
    const { createPaymentTerminal } = await import('./create-payment-terminal');
    let made;
    try {
      made = await createPaymentTerminal(config, { logger: ctx.logger, clock: ctx.clock });
    } catch (e) {
      return err({ detail: `payment terminal: ${(e as Error).message.split('\n')[0]}` });
    }
    // The handshake (ENQ → ACK → EOT) moves no money and tells whether the terminal listens.
    const first = await made.terminal.test();
    return ok(runningTerminal(made.terminal, made.simulator ?? null, first.ok ? null : first.error.code));
  },

  async diag(action, config, flags) {
    const { runTerminalDiag } = await import('./payment-diag');
    return runTerminalDiag(action, flags.port ? { path: flags.port, ...(flags.baud ? { baud: flags.baud } : {}) } : { config: config ?? { kind: 'none' } });
  },
};
