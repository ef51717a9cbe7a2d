import { skipToken, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTRPC } from '../api-client/trpc-react';
import { ProcedureList } from '../components/procedure-list';
import { OnScreenKeyboard } from '../keyboard/on-screen-keyboard';

export function SearchScreen() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  // Results follow the typing, a beat behind so each key press does not query.
  useEffect(() => {
    const id = setTimeout(() => setQuery(text.trim()), 120);
    return () => clearTimeout(id);
  }, [text]);
  const trpc = useTRPC();
  // Nothing typed: nothing asked (the count says "type to search").
  const results = useQuery(trpc.catalog.search.queryOptions(query ? { query, limit: 10 } : skipToken));
  return (
    <main className="screen" data-testid="search-screen">
      <h1>{t('search.title')}</h1>
      <label className="field-label" htmlFor="search-input">
        {t('search.label')}
      </label>
      <input
        id="search-input"
        className="text-input"
        data-testid="search-input"
        type="search"
        autoComplete="off"
        autoCorrect="off"
        spellCheck={false}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <OnScreenKeyboard value={text} onChange={setText} />
      <div aria-live="polite" className="result-count" data-testid="search-count">
        {query === ''
          ? t('search.typeToSearch')
          : results.status === 'success'
            ? results.data.length === 0
              ? t('search.none')
              : t('search.results', { count: results.data.length })
            : ''}
      </div>
      {(query === '' || results.status === 'success') && <ProcedureList procedures={results.data ?? []} />}
    </main>
  );
}
