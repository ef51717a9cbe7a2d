import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api-client/api-client';
import { createKioskQueryClient } from './api-client/query-client';
import { TRPCProvider } from './api-client/trpc-react';
import { App } from './app';
import './i18n/i18n';
import './styles/kiosk.css';

// One QueryClient for the window's life; each citizen session's reads are dropped from it
// when the session ends (app.tsx).
const queryClient = createKioskQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={api} queryClient={queryClient}>
        <App />
      </TRPCProvider>
    </QueryClientProvider>
  </StrictMode>,
);
