import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';

interface SyncView {
  online: boolean | null;
  link: 'unknown' | 'online' | 'degraded' | 'offline';
  failedPercent: number;
  slow: boolean;
  pending: number;
  parked: number;
  alert: boolean;
}

/**
 * Whether this kiosk can reach the city right now, how well, and how many dossiers wait on
 * this machine to be sent. Said plainly, because "submitted" must stay true while offline, and
 * a city that answers badly is not the same as no city at all.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const [sync, setSync] = useState<SyncView | null>(null);
  useEffect(() => {
    const sub = api.system.onSync.subscribe(undefined, { onData: (s) => setSync(s), onError: () => setSync(null) });
    return () => sub.unsubscribe();
  }, []);
  if (!sync) return null;
  const state = sync.alert ? 'alert' : sync.link === 'offline' ? 'offline' : sync.link === 'degraded' ? 'degraded' : sync.online ? 'online' : 'connecting';
  // Degraded by errors says their share; degraded by slowness alone says it is slow.
  const words = state === 'degraded' && sync.slow && sync.failedPercent < 10 ? t('sync.slow') : t(`sync.${state}`, { percent: sync.failedPercent });
  return (
    <div className={`sync-indicator sync-${state}`} role="status" data-testid="sync-indicator" data-state={state} data-pending={sync.pending}>
      <span className="sync-dot" aria-hidden="true" />
      <span>
        {words}
        {sync.pending > 0 ? ` · ${t('sync.waiting', { count: sync.pending })}` : ''}
      </span>
    </div>
  );
}
