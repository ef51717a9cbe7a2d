import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMachine } from '@xstate/react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api-client/api-client';
import type { ApiOutputs } from './api-client/api-types';
import { bootInfoOfPage } from './api-client/boot-info';
import { forgetSession } from './api-client/query-client';
import { useTRPC } from './api-client/trpc-react';
import { ErrorBoundary } from './components/error-boundary';
import { loadFeatureTranslations } from './i18n/i18n';
import { QueryStatus } from './components/query-status';
import { AttractScreen } from './screens/attract-screen';
import type { SessionControls } from './session/session-context';
import { sessionMachineWith } from './session/session-machine';

type SystemInfo = ApiOutputs['system']['info'];

// system.info's answer, as the host wrote it into the page (api-client/boot-info.ts).
const BOOT_INFO = bootInfoOfPage();

// The attract screen is all a cold start must show; the session's screens come as one chunk,
// with the features' strings, fetched once the attract screen is up (so the first touch does
// not wait for them).
const loadSessionView = () => Promise.all([import('./session/session-view'), loadFeatureTranslations()]).then(([view]) => view);
const SessionView = lazy(loadSessionView);

// A community point or a bus (kiosk.mode not 'kiosk') shows the staff desk instead, in a chunk
// of its own with the features' strings: the self-service kiosk never loads it.
const StaffDesk = lazy(() =>
  Promise.all([import('./staff-desk/staff-desk'), loadFeatureTranslations()]).then(([desk]) => ({ default: desk.StaffDesk })),
);

/**
 * Once the first screen is painted (the frame after this render), the kiosk's services start
 * (core/boot/window-first.ts): they do not take the CPU from the window's own cold start.
 */
function useWindowShown() {
  useEffect(() => {
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => void api.system.windowShown.mutate().catch(() => undefined), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, []);
}

function Desk({ info }: { info: SystemInfo }) {
  const { t } = useTranslation();
  useWindowShown();
  return (
    <Suspense fallback={<main className="screen"><p className="muted" role="status">{t('common.loading')}</p></main>}>
      <StaffDesk info={info} />
    </Suspense>
  );
}

function Kiosk({ info }: { info: SystemInfo }) {
  const { i18n, t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const machine = useMemo(
    () => sessionMachineWith({ idleTimeoutMs: info.idleTimeoutSeconds * 1000, warningMs: info.warningSeconds * 1000 }),
    [info.idleTimeoutSeconds, info.warningSeconds],
  );
  const [state, send] = useMachine(machine);
  const inSession = !state.matches('attract');

  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
    idle(() => void loadSessionView());
  }, []);

  useWindowShown();

  // Any touch or key press counts as activity while a session runs.
  useEffect(() => {
    if (!inSession) return;
    const onActivity = () => send({ type: 'ACTIVITY' });
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => document.addEventListener(e, onActivity, { capture: true, passive: true }));
    return () => events.forEach((e) => document.removeEventListener(e, onActivity, { capture: true }));
  }, [inSession, send]);

  // A new session starts clean: default language, nothing the last citizen's screens read
  // (only the kiosk's own settings, which the attract screen shows, stay).
  useEffect(() => {
    if (inSession) return;
    forgetSession(queryClient, [trpc.system.info.queryFilter()]);
    void i18n.changeLanguage(info.defaultLanguage);
    window.scrollTo(0, 0);
  }, [inSession, i18n, info.defaultLanguage, queryClient, trpc]);

  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);

  if (!inSession)
    return (
      <AttractScreen
        onStart={() => send({ type: 'START' })}
        onAsk={() => send({ type: 'START', screen: { name: 'assistant' } })}
        onTechnician={() => send({ type: 'START', screen: { name: 'maintenance' } })}
        kioskName={info.kioskName}
      />
    );

  const stack = state.context.stack;
  const controls: SessionControls = {
    navigate: (s) => send({ type: 'NAVIGATE', screen: s }),
    back: () => send({ type: 'BACK' }),
    home: () => send({ type: 'HOME' }),
    finish: () => send({ type: 'FINISH' }),
    keepAlive: () => send({ type: 'ACTIVITY' }),
    canGoBack: stack.length > 1,
  };
  return (
    <Suspense fallback={<main className="screen"><p className="muted" role="status">{t('common.loading')}</p></main>}>
      <SessionView
        stack={stack}
        sessionNumber={state.context.sessionNumber}
        controls={controls}
        warning={state.matches('warning') ? { seconds: info.warningSeconds, onContinue: () => send({ type: 'CONTINUE' }) } : null}
      />
    </Suspense>
  );
}

export function App() {
  const trpc = useTRPC();
  // The page the host served carries the answer (api-client/boot-info.ts): no call before the
  // attract screen. The configuration does not change while the window lives.
  const info = useQuery({ ...trpc.system.info.queryOptions(), initialData: BOOT_INFO, staleTime: Infinity });
  // Outside a session (the attract screen itself) a render error remounts the whole kiosk.
  const [generation, setGeneration] = useState(0);
  if (info.status !== 'success') return <main className="screen"><QueryStatus state={info} /></main>;
  return (
    <ErrorBoundary key={generation} onRecover={() => setGeneration((g) => g + 1)}>
      {info.data.mode === 'kiosk' ? <Kiosk info={info.data} /> : <Desk info={info.data} />}
    </ErrorBoundary>
  );
}
