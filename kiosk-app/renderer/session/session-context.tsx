import { createContext, useContext } from 'react';
import type { Screen } from './session-machine';

export interface SessionControls {
  navigate(screen: Screen): void;
  back(): void;
  home(): void;
  finish(): void;
  /** Counts as a touch: a citizen waiting on a device (card terminal, bank app) is not idle. */
  keepAlive?(): void;
  readonly canGoBack: boolean;
}

export const SessionContext = createContext<SessionControls | null>(null);

export function useSession(): SessionControls {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}
