import { useTranslation } from 'react-i18next';
import type { QueryState } from '../api-client/use-query';

/** Loading and failure, said plainly; never a raw error text. */
export function QueryStatus({ state }: { state: QueryState<unknown> }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <p className="muted" role="status">{t('common.loading')}</p>;
  if (state.status === 'error') return <p className="error-box" role="alert">{t('errors.network')}</p>;
  return null;
}
