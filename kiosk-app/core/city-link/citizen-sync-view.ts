import type { LinkLevel, Outbox, SyncState } from '../../../offline-sync';

/** The outbox as the citizen's top bar shows it: online?, how well, waiting, oldest, an alert. No tokens, no ids. */
export interface CitizenSyncView {
  readonly online: boolean | null;
  /** online, degraded (the city answers slowly or with errors), offline (no answer), unknown. */
  readonly link: LinkLevel;
  /** Share of recent requests that failed, 0–100. */
  readonly failedPercent: number;
  readonly slow: boolean;
  /** Dossiers (and their extra papers) waiting to be sent; not queue tickets or telemetry. */
  readonly pending: number;
  readonly parked: number;
  readonly oldestPendingAt: string | null;
  readonly alert: boolean;
  readonly lastSuccessAt: string | null;
}

export function citizenSyncView(s: SyncState, outbox: Outbox): CitizenSyncView {
  const k = outbox.stats().byKind;
  return { online: s.online, link: s.link.level, failedPercent: s.link.failedPercent, slow: s.link.slow, pending: k.dossier.pending + k.supplement.pending, parked: s.parked, oldestPendingAt: s.oldestPendingAt, alert: s.alert !== null, lastSuccessAt: s.lastSuccessAt };
}
