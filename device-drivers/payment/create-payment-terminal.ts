import type { Clock } from '../../common/clock';
import type { Logger } from '../../common/logger';
import { openPtyPair } from '../transports/pty-pair';
import { ConcertTerminalSimulator } from '../simulators/concert-terminal-simulator';
import { ConcertSerialTerminal } from './concert-serial-terminal';
import { NoPaymentTerminal } from './fake-payment-terminal';
import { paymentTerminalConfigSchema, type PaymentTerminalConfig } from './payment-terminal-config';
import type { PaymentTerminal } from './payment-terminal-types';

export interface PaymentTerminalDeps {
  readonly logger?: Logger;
  readonly clock?: Clock;
}

/** A terminal plus, in simulator mode, the simulator's controls (demo and training screens). */
export interface CreatedPaymentTerminal {
  readonly terminal: PaymentTerminal;
  readonly simulator?: ConcertTerminalSimulator;
}

/**
 * Builds the configured terminal. 'simulator' runs the real Concert driver against the
 * simulator over a socat PTY pair, so demo mode exercises exactly the production bytes.
 * Input is validated here (config files are outside input).
 */
export async function createPaymentTerminal(
  config: unknown,
  deps: PaymentTerminalDeps = {},
): Promise<CreatedPaymentTerminal> {
  const cfg: PaymentTerminalConfig = paymentTerminalConfigSchema.parse(config);
  const d = { ...(deps.logger ? { logger: deps.logger } : {}), ...(deps.clock ? { clock: deps.clock } : {}) };
  switch (cfg.kind) {
    case 'none':
      return { terminal: new NoPaymentTerminal() };
    case 'concert-serial':
      return {
        terminal: new ConcertSerialTerminal(
          { path: cfg.path, baud: cfg.baud, posNumber: cfg.posNumber, timeouts: cfg.timeouts },
          d,
        ),
      };
    case 'simulator': {
      const pair = await openPtyPair();
      const simulator = await ConcertTerminalSimulator.start({
        path: pair.devicePath,
        baud: cfg.baud,
        processingMs: cfg.processingMs,
        ackTimeoutMs: cfg.timeouts.ackMs,
      });
      const inner = new ConcertSerialTerminal(
        { path: pair.driverPath, baud: cfg.baud, posNumber: cfg.posNumber, timeouts: cfg.timeouts, kind: 'simulator' },
        d,
      );
      const close = inner.close.bind(inner);
      const terminal: PaymentTerminal = Object.assign(inner, {
        close: async () => {
          await close();
          await simulator.close();
          await pair.close();
        },
      });
      return { terminal, simulator };
    }
  }
}
