import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { AssistantIcon } from '../assistant/assistant-icon';
import { BookingIcon } from '../booking/booking-icon';
import { Icon } from '../components/icons';
import { LookupIcon } from '../lookup/lookup-icon';
import { QueueIcon } from '../queue/queue-icon';
import { useSession } from '../session/session-context';

export function HomeScreen() {
  const { t } = useTranslation();
  const { navigate } = useSession();
  const trpc = useTRPC();
  // The kiosk's own settings (app.tsx has them from the page): whether citizens here may book.
  const info = useQuery({ ...trpc.system.info.queryOptions(), staleTime: Infinity });
  return (
    <main className="screen" data-testid="home-screen">
      <h1>{t('home.title')}</h1>
      <div className="tile-grid">
        <button type="button" className="tile primary" data-testid="go-search" onClick={() => navigate({ name: 'search' })}>
          <span className="tile-icon"><Icon name="search" /></span>
          <span className="tile-title">{t('home.search')}</span>
          <span className="tile-hint">{t('home.searchHint')}</span>
        </button>
        <button type="button" className="tile" data-testid="go-fields" onClick={() => navigate({ name: 'fields' })}>
          <span className="tile-icon"><Icon name="grid" /></span>
          <span className="tile-title">{t('home.browse')}</span>
        </button>
        <button type="button" className="tile" data-testid="go-assistant" onClick={() => navigate({ name: 'assistant' })}>
          <span className="tile-icon"><AssistantIcon /></span>
          <span className="tile-title">{t('home.assistant')}</span>
        </button>
        <button type="button" className="tile" data-testid="go-queue" onClick={() => navigate({ name: 'queue' })}>
          <span className="tile-icon"><QueueIcon /></span>
          <span className="tile-title">{t('home.queue')}</span>
        </button>
        <button type="button" className="tile" data-testid="go-lookup" onClick={() => navigate({ name: 'lookup' })}>
          <span className="tile-icon"><LookupIcon /></span>
          <span className="tile-title">{t('home.lookup')}</span>
        </button>
        {info.data?.booking === true && (
          <button type="button" className="tile" data-testid="home-booking" onClick={() => navigate({ name: 'booking' })}>
            <span className="tile-icon"><BookingIcon /></span>
            <span className="tile-title">{t('booking.home.title')}</span>
            <span className="tile-hint">{t('booking.home.hint')}</span>
          </button>
        )}
      </div>
    </main>
  );
}
