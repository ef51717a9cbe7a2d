import { useTranslation } from 'react-i18next';
import type { QueryState } from '../api-client/use-query';
import { useErrorText } from '../i18n/error-text';

/** Loading and failure, said plainly; never a raw error text. */
export function QueryStatus({ state }: { state: QueryState<unknown> }) {
  const { t } = useTranslation();
  const errorText = useErrorText('shell');
  if (state.status === 'loading') return <p className="muted" role="status">{t('common.loading')}</p>;
  // Whatever the read's error, the citizen reads that the kiosk did not answer.
  if (state.status === 'error') return <p className="error-box" role="alert">{errorText({ code: 'network' }).what}</p>;
  return null;
}
