// How the kiosk learns that a VietQR transfer arrived. Implementations: the city's
// notifications (city-vietqr-notifications.ts, polled through the sync worker: a real gateway
// relays the bank's or aggregator's webhook, the sandbox simulates it), and staff confirming by
// hand after checking the account statement.

export interface PaymentNotification {
  /** The reference put in the QR (tag 62-01 and the transfer message). */
  readonly reference: string;
  /** Whole VND actually transferred. */
  readonly amount: number;
  readonly bankRef?: string;
  readonly paidAt: Date;
  readonly source: 'bank' | 'staff';
}

export interface PaymentNotificationSource {
  /** Calls handler for each notification about this reference until unsubscribed. */
  subscribe(reference: string, handler: (n: PaymentNotification) => void): () => void;
}

/**
 * In-process source: the staff confirmation path (maintenance screen) and tests push
 * notifications with notify(). A notification nobody listens to yet is kept and delivered
 * on subscribe, so a transfer confirmed before the kiosk asked is not lost.
 */
export class ManualNotificationSource implements PaymentNotificationSource {
  readonly #handlers = new Map<string, Set<(n: PaymentNotification) => void>>();
  readonly #unclaimed = new Map<string, PaymentNotification[]>();

  subscribe(reference: string, handler: (n: PaymentNotification) => void): () => void {
    const set = this.#handlers.get(reference) ?? new Set();
    set.add(handler);
    this.#handlers.set(reference, set);
    const waiting = this.#unclaimed.get(reference);
    if (waiting) {
      this.#unclaimed.delete(reference);
      queueMicrotask(() => waiting.forEach(handler));
    }
    return () => {
      set.delete(handler);
      if (set.size === 0) this.#handlers.delete(reference);
    };
  }

  notify(n: PaymentNotification): void {
    const set = this.#handlers.get(n.reference);
    if (!set || set.size === 0) {
      this.#unclaimed.set(n.reference, [...(this.#unclaimed.get(n.reference) ?? []), n]);
      return;
    }
    for (const h of [...set]) h(n);
  }
}
