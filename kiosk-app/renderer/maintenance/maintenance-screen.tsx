import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api-client/api-client';
import { useSession } from '../session/session-context';
import { MaintenancePanel } from './maintenance-panel';
import { PinPad } from './pin-pad';
import './maintenance.css';

/**
 * Technician mode: the PIN pad, then the panel. The token lives only in this component;
 * leaving the screen (Lock, Home, the idle timeout ending the session) locks it on the core.
 */
export function MaintenanceScreen() {
  const { finish } = useSession();
  const [token, setToken] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  const held = useRef<string | null>(null);

  useEffect(
    () => () => {
      const t = held.current;
      held.current = null;
      if (t) void api.maintenance.lock.mutate({ token: t }).catch(() => undefined);
    },
    [],
  );

  const unlocked = useCallback((t: string) => {
    held.current = t;
    setExpired(false);
    setToken(t);
  }, []);
  const onExpired = useCallback(() => {
    held.current = null;
    setExpired(true);
    setToken(null);
  }, []);
  const lock = useCallback(async () => {
    const t = held.current;
    held.current = null;
    if (t) await api.maintenance.lock.mutate({ token: t }).catch(() => undefined);
    finish();
  }, [finish]);

  if (!token) return <PinPad key={expired ? 'expired' : 'fresh'} onUnlocked={unlocked} onCancel={finish} expired={expired} />;
  return <MaintenancePanel token={token} onExpired={onExpired} onLock={() => void lock()} />;
}
