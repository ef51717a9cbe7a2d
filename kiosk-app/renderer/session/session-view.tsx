import { ChatScreen } from '../assistant/chat-screen';
import { ConversationProvider } from '../assistant/conversation-store';
import { BookingKeeper } from '../booking/booking-keeper';
import { BookingScreen } from '../booking/booking-screen';
import { ErrorBoundary } from '../components/error-boundary';
import { IdleWarning } from '../components/idle-warning';
import { TopBar } from '../components/top-bar';
import { JourneyKeeper } from '../journey/journey-keeper';
import { JourneyScreen } from '../journey/journey-screen';
import { LookupScreen } from '../lookup/lookup-screen';
import { MaintenanceScreen } from '../maintenance/maintenance-screen';
import { QueueScreen } from '../queue/queue-screen';
import { FieldScreen, FieldsScreen } from '../screens/fields-screen';
import { HomeScreen } from '../screens/home-screen';
import { LanguageScreen } from '../screens/language-screen';
import { ProcedureScreen } from '../screens/procedure-screen';
import { SearchScreen } from '../screens/search-screen';
import { PreferencesProvider } from './preferences';
import { SessionContext, type SessionControls } from './session-context';
import type { Screen } from './session-machine';

// Everything a citizen meets after the attract screen. It is its own chunk (app.tsx loads it
// lazily, and fetches it as soon as the attract screen is up), so a cold start shows the
// attract screen without parsing every screen first.

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
    case 'booking':
      return <BookingScreen />;
    case 'assistant':
      return <ChatScreen />;
    case 'maintenance':
      return <MaintenanceScreen />;
  }
}

export interface SessionViewProps {
  readonly stack: readonly Screen[];
  readonly sessionNumber: number;
  readonly controls: SessionControls;
  /** The idle warning is up: "Bạn còn đó không?" with its countdown. */
  readonly warning: { readonly seconds: number; onContinue(): void } | null;
}

export default function SessionView({ stack, sessionNumber, controls, warning }: SessionViewProps) {
  const screen = stack[stack.length - 1] ?? { name: 'home' };
  return (
    <SessionContext.Provider value={controls}>
      <PreferencesProvider key={sessionNumber}>
        <div className="session" data-session={sessionNumber} key={sessionNumber}>
          <ErrorBoundary onRecover={controls.finish}>
            <JourneyKeeper stack={stack}>
              <BookingKeeper stack={stack}>
                <ConversationProvider>
                  <TopBar />
                  <ScreenView
                    key={stack.length}
                    screen={screen}
                    onLanguageChosen={() => (stack.length > 1 ? controls.back() : controls.home())}
                  />
                </ConversationProvider>
              </BookingKeeper>
            </JourneyKeeper>
          </ErrorBoundary>
          {warning && <IdleWarning seconds={warning.seconds} onContinue={warning.onContinue} onEnd={controls.finish} />}
        </div>
      </PreferencesProvider>
    </SessionContext.Provider>
  );
}
