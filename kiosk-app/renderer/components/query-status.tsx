import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';

/** Where a read stands (a TanStack Query result, or the first of several not yet there). */
export interface ReadState {
  readonly status: 'pending' | 'error' | 'success';
}

/** Loading and failure, said plainly; never a raw error text. */
export function QueryStatus({ state }: { state: ReadState }) {
  const { t } = useTranslation();
  const errorText = useErrorText('shell');
  if (state.status === 'pending') return <p className="muted" role="status">{t('common.loading')}</p>;
  // Whatever the read's error, the citizen reads that the kiosk did not answer.
  if (state.status === 'error') return <p className="error-box" role="alert">{errorText({ code: 'network' }).what}</p>;
  return null;
}
