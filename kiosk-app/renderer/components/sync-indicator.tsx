import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api-client/api-client';

interface SyncView {
  online: boolean | null;
  pending: number;
  parked: number;
  alert: boolean;
}

/**
 * Whether this kiosk can reach the city right now, and how many dossiers wait on this
 * machine to be sent. Said plainly, because "submitted" must stay true while offline.
 */
export function SyncIndicator() {
  const { t } = useTranslation();
  const [sync, setSync] = useState<SyncView | null>(null);
  useEffect(() => {
    const sub = api.system.onSync.subscribe(undefined, { onData: (s) => setSync(s), onError: () => setSync(null) });
    return () => sub.unsubscribe();
  }, []);
  if (!sync) return null;
  const state = sync.alert ? 'alert' : sync.online === false ? 'offline' : sync.online ? 'online' : 'connecting';
  return (
    <div className={`sync-indicator sync-${state}`} role="status" data-testid="sync-indicator" data-state={state} data-pending={sync.pending}>
      <span className="sync-dot" aria-hidden="true" />
      <span>
        {t(`sync.${state}`)}
        {sync.pending > 0 ? ` · ${t('sync.waiting', { count: sync.pending })}` : ''}
      </span>
    </div>
  );
}
