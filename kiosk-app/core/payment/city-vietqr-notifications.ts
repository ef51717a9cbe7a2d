// The VietQR notification port (payment-notifications.ts) over the city gateway: the one
// adapter, next to its one interface. It asks the sync worker (GET /v1/vietqr-notifications, a
// sandbox extension of the contract) only while someone waits for a reference.
import type { SyncWorker, Timers } from '../../../offline-sync';
import type { PaymentNotification, PaymentNotificationSource } from './payment-notifications';

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class CityVietQrNotificationSource implements PaymentNotificationSource {
  constructor(
    private readonly worker: Pick<SyncWorker, 'pollVietQr'>,
    private readonly opts: { intervalMs?: number; timers?: Timers } = {},
  ) {}

  /** Polls for this reference until unsubscribed; each bank transfer is delivered once. */
  subscribe(reference: string, handler: (n: PaymentNotification) => void): () => void {
    const timers = this.opts.timers ?? realTimers;
    const interval = this.opts.intervalMs ?? 3000;
    const delivered = new Set<string>();
    let stopped = false;
    let timer: unknown = null;
    const poll = async () => {
      timer = null;
      const r = await this.worker.pollVietQr(reference);
      if (stopped) return;
      if ('paid' in r && r.paid && r.amount !== undefined && r.paidAt) {
        const key = r.bankRef ?? `${r.amount}@${r.paidAt}`;
        if (!delivered.has(key)) {
          delivered.add(key);
          handler({ reference, amount: r.amount, paidAt: new Date(r.paidAt), source: 'bank', ...(r.bankRef ? { bankRef: r.bankRef } : {}) });
        }
      }
      // Errors (offline, 5xx) just mean "ask again later"; the worker logs them.
      if (!stopped) timer = timers.setTimeout(() => void poll(), interval);
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
    };
  }
}
