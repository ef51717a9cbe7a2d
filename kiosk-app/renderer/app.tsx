import { useMachine } from '@xstate/react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api-client/api-client';
import { ChatScreen } from './assistant/chat-screen';
import { useQuery } from './api-client/use-query';
import { ErrorBoundary } from './components/error-boundary';
import { IdleWarning } from './components/idle-warning';
import { ConversationProvider } from './assistant/conversation-store';
import { JourneyKeeper } from './journey/journey-keeper';
import { JourneyScreen } from './journey/journey-screen';
import { QueryStatus } from './components/query-status';
import { MaintenanceScreen } from './maintenance/maintenance-screen';
import { TopBar } from './components/top-bar';
import { AttractScreen } from './screens/attract-screen';
import { FieldScreen, FieldsScreen } from './screens/fields-screen';
import { HomeScreen } from './screens/home-screen';
import { LanguageScreen } from './screens/language-screen';
import { LookupScreen } from './lookup/lookup-screen';
import { QueueScreen } from './queue/queue-screen';
import { ProcedureScreen } from './screens/procedure-screen';
import { SearchScreen } from './screens/search-screen';
import { PreferencesProvider } from './session/preferences';
import { SessionContext, type SessionControls } from './session/session-context';
import { sessionMachineWith, type Screen } from './session/session-machine';

type SystemInfo = Awaited<ReturnType<typeof api.system.info.query>>;

function ScreenView({ screen, onLanguageChosen }: { screen: Screen; onLanguageChosen(): void }) {
  switch (screen.name) {
    case 'language':
      return <LanguageScreen onChosen={onLanguageChosen} />;
    case 'home':
      return <HomeScreen />;
    case 'search':
      return <SearchScreen />;
    case 'fields':
      return <FieldsScreen />;
    case 'field':
      return <FieldScreen field={screen.field} />;
    case 'procedure':
      return <ProcedureScreen code={screen.code} />;
    case 'journey':
      return <JourneyScreen code={screen.code} />;
    case 'queue':
      return <QueueScreen />;
    case 'lookup':
      return <LookupScreen />;
    case 'assistant':
      return <ChatScreen />;
    case 'maintenance':
      return <MaintenanceScreen />;
  }
}

function Kiosk({ info }: { info: SystemInfo }) {
  const { i18n } = useTranslation();
  const machine = useMemo(
    () => sessionMachineWith({ idleTimeoutMs: info.idleTimeoutSeconds * 1000, warningMs: info.warningSeconds * 1000 }),
    [info.idleTimeoutSeconds, info.warningSeconds],
  );
  const [state, send] = useMachine(machine);
  const inSession = !state.matches('attract');

  // Any touch or key press counts as activity while a session runs.
  useEffect(() => {
    if (!inSession) return;
    const onActivity = () => send({ type: 'ACTIVITY' });
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => document.addEventListener(e, onActivity, { capture: true, passive: true }));
    return () => events.forEach((e) => document.removeEventListener(e, onActivity, { capture: true }));
  }, [inSession, send]);

  // A new session starts clean: default language, server-side session data dropped.
  useEffect(() => {
    if (inSession) return;
    void i18n.changeLanguage(info.defaultLanguage);
    window.scrollTo(0, 0);
  }, [inSession, i18n, info.defaultLanguage]);

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
  const screen = stack[stack.length - 1] ?? { name: 'home' };
  const controls: SessionControls = {
    navigate: (s) => send({ type: 'NAVIGATE', screen: s }),
    back: () => send({ type: 'BACK' }),
    home: () => send({ type: 'HOME' }),
    finish: () => send({ type: 'FINISH' }),
    keepAlive: () => send({ type: 'ACTIVITY' }),
    canGoBack: stack.length > 1,
  };
  return (
    <SessionContext.Provider value={controls}>
      <PreferencesProvider key={state.context.sessionNumber}>
        <div className="session" data-session={state.context.sessionNumber} key={state.context.sessionNumber}>
          <ErrorBoundary onRecover={controls.finish}>
            <JourneyKeeper stack={stack}>
              <ConversationProvider>
                <TopBar />
                <ScreenView
                  key={stack.length}
                  screen={screen}
                  onLanguageChosen={() => (stack.length > 1 ? controls.back() : controls.home())}
                />
              </ConversationProvider>
            </JourneyKeeper>
          </ErrorBoundary>
          {state.matches('warning') && (
            <IdleWarning seconds={info.warningSeconds} onContinue={() => send({ type: 'CONTINUE' })} onEnd={controls.finish} />
          )}
        </div>
      </PreferencesProvider>
    </SessionContext.Provider>
  );
}

export function App() {
  const info = useQuery('system-info', () => api.system.info.query());
  // Outside a session (the attract screen itself) a render error remounts the whole kiosk.
  const [generation, setGeneration] = useState(0);
  if (info.status !== 'ready') return <main className="screen"><QueryStatus state={info} /></main>;
  return (
    <ErrorBoundary key={generation} onRecover={() => setGeneration((g) => g + 1)}>
      <Kiosk info={info.data} />
    </ErrorBoundary>
  );
}
